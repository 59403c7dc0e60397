import { Module } from '@nestjs/common';
import { IntrospectTokenHandler } from './introspect-token/introspect-token.handler';
import { IntrospectTokenHttpController } from './introspect-token/introspect-token.http.controller';
import { IssueTokensHandler } from './issue-tokens/issue-tokens.handler';
import { IssueTokensHttpController } from './issue-tokens/issue-tokens.http.controller';
import { RefreshTokenHandler } from './refresh-token/refresh-token.handler';
import { RevokeTokenHandler } from './revoke-token/revoke-token.handler';
import { RevokeTokenHttpController } from './revoke-token/revoke-token.http.controller';
import { TokenLocator } from './shared/token-locator';
import { TokenMinter } from './shared/token-minter';
import { GrpcModule } from '../grpc/grpc.module';
import { IntrospectTokenGrpcController } from './introspect-token/introspect-token.grpc.controller';
import { ClientCredentialsGrpcController } from './issue-tokens/client-credentials.grpc.controller';
import { IssueTokensGrpcController } from './issue-tokens/issue-tokens.grpc.controller';
import { RefreshTokenGrpcController } from './refresh-token/refresh-token.grpc.controller';
import { RevokeTokenGrpcController } from './revoke-token/revoke-token.grpc.controller';
import { TokenEndpointHttpController } from './token-endpoint/token-endpoint.http.controller';
import { DpopProofChecker } from './dpop/dpop-proof-checker';

/** Issue, refresh, revoke, introspect: the token-family use cases. */
@Module({
  imports: [GrpcModule],
  controllers: [
    TokenEndpointHttpController,
    IssueTokensGrpcController,
    RefreshTokenGrpcController,
    ClientCredentialsGrpcController,
    RevokeTokenGrpcController,
    IntrospectTokenGrpcController,
    RevokeTokenHttpController,
    IntrospectTokenHttpController,
    IssueTokensHttpController,
  ],
  providers: [DpopProofChecker, TokenMinter, TokenLocator, RefreshTokenHandler, IssueTokensHandler, RevokeTokenHandler, IntrospectTokenHandler],
  exports: [TokenMinter, TokenLocator],
})
export class TokenFamiliesModule {}
