import type { ClientView } from '../../configuration/configuration.registry';
import { InvalidDpopProofError, InvalidScopeError, UnauthorizedClientError } from '../../oauth-errors/oauth-errors';

/** Scopes that make no sense without a person: `client_credentials` refuses them, as Okta does. */
const PERSON_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email', 'address', 'phone']);

/**
 * The authenticated client must be registered for the grant it uses (RFC 6749 §5.2
 * `unauthorized_client`). Shared by the HTTP token endpoint and the gRPC token service.
 */
export function requireGrantAllowed(client: ClientView, grantType: string): void {
  if (!client.grantTypes.includes(grantType)) {
    throw new UnauthorizedClientError('The client is not authorized to use the provided grant type.', 'grant_type_not_allowed');
  }
}

/**
 * The checks of a `client_credentials` request (RFC 6749 §4.4) beyond the grant being allowed:
 * a confidential client acting for itself, with at least one scope and none that implies a
 * person (no refresh or ID token, RFC 6749 §4.4.3). Returns the scopes to issue.
 */
export function clientCredentialsScopes(client: ClientView, scopes: readonly string[] | undefined): readonly string[] {
  if (client.tokenEndpointAuthMethod === 'none') {
    throw new UnauthorizedClientError('Public clients may not use client_credentials.', 'public_client');
  }
  if (!scopes || scopes.length === 0) {
    throw new InvalidScopeError("The 'scope' parameter is required for client_credentials.", 'missing_scope');
  }
  const forbidden = scopes.filter((s) => PERSON_SCOPES.has(s));
  if (forbidden.length > 0) {
    throw new InvalidScopeError(`The following scopes are not allowed for client_credentials: ${forbidden.join(' ')}.`, 'oidc_scope_for_client_credentials');
  }
  return scopes;
}

/**
 * DPoP (RFC 9449) proves possession per HTTP request (`htm`, `htu`), so it is served on the
 * HTTP token endpoint only: a client registered with `dpop_bound_access_tokens` is refused on
 * gRPC rather than handed Bearer tokens (§5.2). A family bound to a key is refused by the
 * token-family decider the same way, since a gRPC refresh carries no proof.
 */
export function refuseDpopBoundClientOnGrpc(client: ClientView): void {
  if (client.dpopBoundAccessTokens) {
    throw new InvalidDpopProofError('DPoP-bound clients must use the HTTP token endpoint with a DPoP proof.', 'dpop_http_only');
  }
}
