import { Query } from '@nestjs/cqrs';
import type { OktaAuthorizationServer, Versioned } from '../shared/okta-resources';

/** One authorization server with its revision (Okta's `GET /api/v1/authorizationServers/{as}`). */
export class GetAuthorizationServerQuery extends Query<Versioned<OktaAuthorizationServer>> {
  constructor(readonly authorizationServerId: string) {
    super();
  }
}
