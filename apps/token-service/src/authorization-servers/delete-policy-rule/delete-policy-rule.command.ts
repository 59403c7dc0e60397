import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** Delete a policy rule (Okta's `DELETE .../policies/{policyId}/rules/{ruleId}`). */
export class DeletePolicyRuleCommand extends Command<void> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly ruleId: string,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
