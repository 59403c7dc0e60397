import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { FamilyCountsHandler } from './family-counts/family-counts.handler';
import { FamilyCountsHttpController } from './family-counts/family-counts.http.controller';
import { ListFamiliesHandler } from './list-families/list-families.handler';
import { ListFamiliesHttpController } from './list-families/list-families.http.controller';
import { ListProjectionsHandler } from './list-projections/list-projections.handler';
import { ListProjectionsHttpController } from './list-projections/list-projections.http.controller';
import { RebuildProjectionHandler } from './rebuild-projection/rebuild-projection.handler';
import { RebuildProjectionHttpController } from './rebuild-projection/rebuild-projection.http.controller';
import { RevokeSubjectTokensHandler } from './revoke-subject-tokens/revoke-subject-tokens.handler';
import { RevokeSubjectTokensHttpController } from './revoke-subject-tokens/revoke-subject-tokens.http.controller';
import { GrpcModule } from '../grpc/grpc.module';
import { ListFamiliesGrpcController } from './list-families/list-families.grpc.controller';
import { ListProjectionsGrpcController } from './list-projections/list-projections.grpc.controller';

/**
 * Ops API on the read models (admin credential, Okta's management error format): families by
 * subject, client and status with cursor pagination, counts, projection status and rebuild,
 * and revoke-all for a subject.
 */
@Module({
  imports: [GrpcModule, ProjectionsModule],
  controllers: [
    ListFamiliesGrpcController,
    ListProjectionsGrpcController,
    FamilyCountsHttpController,
    ListFamiliesHttpController,
    ListProjectionsHttpController,
    RebuildProjectionHttpController,
    RevokeSubjectTokensHttpController,
  ],
  providers: [ListFamiliesHandler, FamilyCountsHandler, ListProjectionsHandler, RebuildProjectionHandler, RevokeSubjectTokensHandler],
})
export class OpsModule {}
