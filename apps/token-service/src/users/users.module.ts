import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { GetUserTokenHandler } from './get-user-token/get-user-token.handler';
import { GetUserTokenHttpController } from './get-user-token/get-user-token.http.controller';
import { ListUserClientsHandler } from './list-user-clients/list-user-clients.handler';
import { ListUserClientsHttpController } from './list-user-clients/list-user-clients.http.controller';
import { ListUserTokensHandler } from './list-user-tokens/list-user-tokens.handler';
import { ListUserTokensHttpController } from './list-user-tokens/list-user-tokens.http.controller';
import { RevokeUserTokenHandler } from './revoke-user-token/revoke-user-token.handler';
import { RevokeUserTokenHttpController } from './revoke-user-token/revoke-user-token.http.controller';
import { RevokeUserTokensHttpController } from './revoke-user-tokens/revoke-user-tokens.http.controller';
import { RegistryUserTokenContext } from './shared/user-token-context';

/**
 * Okta's user-token management API (`/api/v1/users/{userId}/clients/...`, admin credential):
 * a user's clients and refresh tokens from the `token_families` read model, where a user is a
 * family's subject and a refresh token is a family; revocations go through the token-family
 * decider (the revoke-all for a client is the ops command's, handled in the ops module).
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [
    ListUserClientsHttpController,
    ListUserTokensHttpController,
    GetUserTokenHttpController,
    RevokeUserTokensHttpController,
    RevokeUserTokenHttpController,
  ],
  providers: [RegistryUserTokenContext, ListUserClientsHandler, ListUserTokensHandler, GetUserTokenHandler, RevokeUserTokenHandler],
})
export class UsersModule {}
