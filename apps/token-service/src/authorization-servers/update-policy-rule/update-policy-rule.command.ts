import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { OktaPolicyRule, Versioned } from '../shared/okta-resources';
import type { UpdatePolicyRuleRequestDto } from './update-policy-rule.request.dto';

/** Replace a policy rule (Okta's `PUT .../policies/{policyId}/rules/{ruleId}`). */
export class UpdatePolicyRuleCommand extends Command<Versioned<OktaPolicyRule>> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly ruleId: string,
    readonly body: UpdatePolicyRuleRequestDto,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
