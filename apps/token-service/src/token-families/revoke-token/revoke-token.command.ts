import { Command } from '@nestjs/cqrs';
import type { ClientView } from '../../configuration/configuration.registry';
import type { RequestContext } from '../../shared/request-context';

/** Revoke a token and its family on behalf of the client it was issued to (RFC 7009). */
export class RevokeTokenCommand extends Command<void> {
  constructor(
    readonly authorizationServerId: string,
    readonly client: ClientView,
    /** The raw token; never logged or stored. */
    readonly token: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
