import { Query } from '@nestjs/cqrs';
import type { OktaPolicyRule, Versioned } from '../shared/okta-resources';

/** A policy's rules in evaluation order (Okta's `GET .../policies/{policyId}/rules`). */
export class ListPolicyRulesQuery extends Query<Versioned<OktaPolicyRule[]>> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
  ) {
    super();
  }
}
