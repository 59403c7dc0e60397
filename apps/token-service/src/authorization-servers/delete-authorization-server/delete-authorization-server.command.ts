import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/**
 * Delete a server with its policies and rules (Okta's `DELETE /api/v1/authorizationServers/{as}`).
 * Its id is never reused; deleting it again is a no-op.
 */
export class DeleteAuthorizationServerCommand extends Command<void> {
  constructor(
    readonly authorizationServerId: string,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
