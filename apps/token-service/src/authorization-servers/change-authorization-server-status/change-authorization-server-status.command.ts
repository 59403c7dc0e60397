import { Command } from '@nestjs/cqrs';
import type { ConfigurationStatus } from '@ledger/domain';
import type { RequestContext } from '../../shared/request-context';

/**
 * Activate or deactivate a server (Okta's `POST .../lifecycle/activate|deactivate`). An
 * inactive server issues, refreshes and introspects nothing until activated again.
 * Answers the new revision.
 */
export class ChangeAuthorizationServerStatusCommand extends Command<bigint> {
  constructor(
    readonly authorizationServerId: string,
    readonly status: ConfigurationStatus,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
