import type { TokenEndpointAuthMethod } from '../client/client.events';

/** The introspecting client, as far as {@link introspectionAccess} needs it. */
export interface IntrospectingClient {
  readonly clientId: string;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
}

/** Whether a client may learn about a token by introspection, and if not, the stable reason why. */
export type IntrospectionAccess = { readonly allowed: true } | { readonly allowed: false; readonly reason: 'not_issued_to_caller' };

/**
 * Who may introspect a token. A confidential client (one that proves who it is: a resource
 * server of the authorization server) may introspect any of the server's tokens, as in Okta. A
 * public client (`none`) learns only about tokens issued to itself: its client id is no secret,
 * so anyone can call as it, and letting it introspect others' tokens would be unauthenticated
 * token scanning. A refused caller must get the very answer an unknown token gets.
 *
 * @param issuedTo the client the token's family was issued to.
 * @see RFC 7662 §2.1, §4
 */
export function introspectionAccess(caller: IntrospectingClient, issuedTo: string): IntrospectionAccess {
  if (caller.tokenEndpointAuthMethod === 'none' && caller.clientId !== issuedTo) return { allowed: false, reason: 'not_issued_to_caller' };
  return { allowed: true };
}
