import { Module } from '@nestjs/common';
import { AuditAuthModule } from '../audit-auth/audit-auth.module';
import { ProjectionsModule } from '../projections/projections.module';
import { TokenFamiliesModule } from '../token-families/token-families.module';
import { FamilyHistoryHandler } from './family-history/family-history.handler';
import { FamilyHistoryHttpController } from './family-history/family-history.http.controller';
import { FamilyStateHandler } from './family-state/family-state.handler';
import { FamilyStateHttpController } from './family-state/family-state.http.controller';
import { SubjectFamiliesHandler } from './subject-families/subject-families.handler';
import { SubjectFamiliesHttpController } from './subject-families/subject-families.http.controller';
import { TokenWhyHandler } from './token-why/token-why.handler';
import { TokenWhyHttpController } from './token-why/token-why.http.controller';
import { VerifyChainHandler } from './verify-chain/verify-chain.handler';
import { VerifyChainHttpController } from './verify-chain/verify-chain.http.controller';
import { GrpcModule } from '../grpc/grpc.module';
import { SealsModule } from './seals/seals.module';
import { FamilyHistoryGrpcController } from './family-history/family-history.grpc.controller';
import { FamilyStateGrpcController } from './family-state/family-state.grpc.controller';
import { TokenWhyGrpcController } from './token-why/token-why.grpc.controller';
import { VerifyChainGrpcController } from './verify-chain/verify-chain.grpc.controller';

/**
 * The audit API (`/api/v1/audit/*`, auditor credential only, Okta-format errors): family
 * history and NDJSON export, state as of an instant, why a token is (not) active, a subject's
 * families, hash-chain and seal verification, seals and their proofs (`seals/`). Every answer is read from the event store and folded
 * with the domain's own functions; nothing here appends an event.
 */
@Module({
  imports: [GrpcModule, AuditAuthModule, TokenFamiliesModule, ProjectionsModule, SealsModule],
  controllers: [
    FamilyHistoryGrpcController,
    FamilyStateGrpcController,
    TokenWhyGrpcController,
    VerifyChainGrpcController,
    FamilyHistoryHttpController,
    FamilyStateHttpController,
    TokenWhyHttpController,
    SubjectFamiliesHttpController,
    VerifyChainHttpController,
  ],
  providers: [FamilyHistoryHandler, FamilyStateHandler, TokenWhyHandler, SubjectFamiliesHandler, VerifyChainHandler],
})
export class AuditModule {}
