import { Command } from '@nestjs/cqrs';
import type { ConfigurationStatus } from '@ledger/domain';
import type { RequestContext } from '../../shared/request-context';

/**
 * Activate or deactivate a rule (Okta's `POST .../rules/{ruleId}/lifecycle/activate|deactivate`).
 * An inactive rule is skipped by new decisions. Answers the new revision.
 */
export class ChangePolicyRuleStatusCommand extends Command<bigint> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly ruleId: string,
    readonly status: ConfigurationStatus,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
