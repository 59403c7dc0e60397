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

/** Issue, refresh, revoke, introspect: the token-family use cases. */
@Module({
  controllers: [RevokeTokenHttpController, IntrospectTokenHttpController, IssueTokensHttpController],
  providers: [TokenMinter, TokenLocator, RefreshTokenHandler, IssueTokensHandler, RevokeTokenHandler, IntrospectTokenHandler],
  exports: [TokenMinter, TokenLocator],
})
export class TokenFamiliesModule {}
