import { Query } from '@nestjs/cqrs';
import type { OktaPolicyRule, Versioned } from '../shared/okta-resources';

/** One policy rule (Okta's `GET .../policies/{policyId}/rules/{ruleId}`). */
export class GetPolicyRuleQuery extends Query<Versioned<OktaPolicyRule>> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly ruleId: string,
  ) {
    super();
  }
}
