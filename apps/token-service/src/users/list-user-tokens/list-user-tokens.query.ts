import { Query } from '@nestjs/cqrs';
import type { OktaRefreshToken } from '../shared/user-token-resource';

/** One page of a user's refresh tokens for a client and the cursor of the next (`null` on the last). */
export interface UserTokensPage {
  readonly tokens: readonly OktaRefreshToken[];
  readonly nextAfter: string | null;
}

/** A user's (a subject's) usable refresh tokens for one client, oldest first, one per family. */
export class ListUserTokensQuery extends Query<UserTokensPage> {
  constructor(
    readonly userId: string,
    readonly clientId: string,
    readonly limit: number,
    /** An opaque cursor from a previous page. */
    readonly after: string | undefined,
    readonly expandScope: boolean,
  ) {
    super();
  }
}
