import { Query } from '@nestjs/cqrs';
import type { ClientView } from '../../configuration/configuration.registry';

/** RFC 7662 §2.2 response; inactive tokens answer `{ active: false }` and nothing else. */
export interface IntrospectionResponse {
  readonly active: boolean;
  readonly scope?: string;
  readonly client_id?: string;
  readonly username?: string;
  readonly token_type?: string;
  readonly exp?: number;
  readonly iat?: number;
  readonly sub?: string;
  readonly aud?: string | string[];
  readonly iss?: string;
  readonly jti?: string;
  /** Okta's `uid`: the person's user id, for an access token whose issuance named one. */
  readonly uid?: string;
  /** RFC 9449 §6.2: the DPoP key a bound token is bound to. */
  readonly cnf?: { readonly jkt: string };
}

/** Is this token active right now, on this authorization server? */
export class IntrospectTokenQuery extends Query<IntrospectionResponse> {
  constructor(
    readonly authorizationServerId: string,
    /**
     * The authenticated caller: a confidential client (a resource server) may introspect any
     * token of the server, a public client only its own (`introspectionAccess`, RFC 7662 §4).
     */
    readonly caller: ClientView,
    /** The raw token; never logged. */
    readonly token: string,
    /** The request (HTTP) or call (gRPC) id, logged with the reason of an inactive answer. */
    readonly requestId: string,
  ) {
    super();
  }
}
