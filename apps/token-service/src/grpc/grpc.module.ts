import { Module } from '@nestjs/common';
import { AuditAuthModule } from '../audit-auth/audit-auth.module';
import { FamilyHistoryGrpcController } from '../audit/family-history/family-history.grpc.controller';
import { FamilyStateGrpcController } from '../audit/family-state/family-state.grpc.controller';
import { TokenWhyGrpcController } from '../audit/token-why/token-why.grpc.controller';
import { VerifyChainGrpcController } from '../audit/verify-chain/verify-chain.grpc.controller';
import { MetricsModule } from '../metrics/metrics.module';
import { ExplainPolicyGrpcController } from '../authorization-servers/explain-policy/explain-policy.grpc.controller';
import { ListFamiliesGrpcController } from '../ops/list-families/list-families.grpc.controller';
import { ListProjectionsGrpcController } from '../ops/list-projections/list-projections.grpc.controller';
import { RevocationFeedGrpcController } from '../revocation-feed/revocation-feed.grpc.controller';
import { WatchRevocationsHandler } from '../revocation-feed/watch-revocations.handler';
import { IntrospectTokenGrpcController } from '../token-families/introspect-token/introspect-token.grpc.controller';
import { ClientCredentialsGrpcController } from '../token-families/issue-tokens/client-credentials.grpc.controller';
import { IssueTokensGrpcController } from '../token-families/issue-tokens/issue-tokens.grpc.controller';
import { RefreshTokenGrpcController } from '../token-families/refresh-token/refresh-token.grpc.controller';
import { RevokeTokenGrpcController } from '../token-families/revoke-token/revoke-token.grpc.controller';
import { GrpcCredentials } from './grpc-credentials';
import { GrpcServerLifecycle } from './grpc-server-lifecycle';

/**
 * The gRPC side of every use case (`proto/tokenledger/v1`): each controller lives in its use
 * case's folder beside the HTTP one and dispatches the same command or query on the buses;
 * this module only gathers them, with the credential checks, the server's health and shutdown,
 * and the revocation feed. Registered in the application like any module; the transport itself is
 * attached by `connectGrpc` (see `connect-grpc.ts`).
 */
@Module({
  imports: [AuditAuthModule, MetricsModule],
  controllers: [
    IssueTokensGrpcController,
    RefreshTokenGrpcController,
    ClientCredentialsGrpcController,
    RevokeTokenGrpcController,
    IntrospectTokenGrpcController,
    FamilyHistoryGrpcController,
    FamilyStateGrpcController,
    TokenWhyGrpcController,
    VerifyChainGrpcController,
    ListFamiliesGrpcController,
    ListProjectionsGrpcController,
    ExplainPolicyGrpcController,
    RevocationFeedGrpcController,
  ],
  providers: [GrpcCredentials, GrpcServerLifecycle, WatchRevocationsHandler],
  exports: [GrpcServerLifecycle],
})
export class GrpcModule {}
