import { Query } from '@nestjs/cqrs';
import type { OktaAuthorizationServer } from '../shared/okta-resources';

/** Every existing authorization server, active or not (Okta's `GET /api/v1/authorizationServers`). */
export class ListAuthorizationServersQuery extends Query<OktaAuthorizationServer[]> {}
