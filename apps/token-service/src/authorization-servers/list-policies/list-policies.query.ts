import { Query } from '@nestjs/cqrs';
import type { OktaAccessPolicy, Versioned } from '../shared/okta-resources';

/** A server's access policies in evaluation order (Okta's `GET .../{as}/policies`). */
export class ListPoliciesQuery extends Query<Versioned<OktaAccessPolicy[]>> {
  constructor(readonly authorizationServerId: string) {
    super();
  }
}
