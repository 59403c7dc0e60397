import { Command } from '@nestjs/cqrs';
import type { ConfigurationStatus } from '@ledger/domain';
import type { RequestContext } from '../../shared/request-context';

/**
 * Activate or deactivate an access policy (Okta's `POST .../policies/{policyId}/lifecycle/...`).
 * An inactive policy is skipped by new decisions. Answers the new revision.
 */
export class ChangePolicyStatusCommand extends Command<bigint> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly status: ConfigurationStatus,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
