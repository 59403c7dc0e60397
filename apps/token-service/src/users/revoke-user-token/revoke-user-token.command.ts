import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** Revoke one refresh token (its whole family) of a user for a client; resolves once appended. */
export class RevokeUserTokenCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly clientId: string,
    /** The family id. */
    readonly tokenId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
