import { Query } from '@nestjs/cqrs';
import type { OktaAccessPolicy, Versioned } from '../shared/okta-resources';

/** One access policy (Okta's `GET .../{as}/policies/{policyId}`). */
export class GetPolicyQuery extends Query<Versioned<OktaAccessPolicy>> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
  ) {
    super();
  }
}
