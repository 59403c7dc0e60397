import { Query } from '@nestjs/cqrs';
import type { OktaRefreshToken } from '../shared/user-token-resource';

/** One refresh token (a family) of a user for a client, whatever its status. */
export class GetUserTokenQuery extends Query<OktaRefreshToken> {
  constructor(
    readonly userId: string,
    readonly clientId: string,
    /** The family id. */
    readonly tokenId: string,
    readonly expandScope: boolean,
  ) {
    super();
  }
}
