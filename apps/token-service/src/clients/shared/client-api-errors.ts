import { InvalidConfigurationError } from '@ledger/domain';
import { ApiValidationError } from '../../management-errors/management-errors';

/** Domain field names (the decider's) and their names on the wire (RFC 7591 / Okta). */
const WIRE_FIELDS: readonly (readonly [string, string])[] = [
  ['clientId', 'client_id'],
  ['clientName', 'client_name'],
  ['tokenEndpointAuthMethod', 'token_endpoint_auth_method'],
  ['grantTypes', 'grant_types'],
  ['refreshToken.rotationType', 'refresh_token.rotation_type'],
  ['refreshToken.leeway', 'refresh_token.leeway'],
  ['dpopBoundAccessTokens', 'dpop_bound_access_tokens'],
  ['refreshToken', 'refresh_token'],
  // Secrets are generated, so a hash error can only mean the method does not take a secret.
  ['secretHash', 'client_secret'],
];

/** The wire name of a decider field path: `grantTypes[1]` -> `grant_types[1]`; `jwks.*` is unchanged. */
export function wireField(domainField: string): string {
  for (const [domain, wire] of WIRE_FIELDS) {
    if (domainField === domain || domainField.startsWith(`${domain}.`) || domainField.startsWith(`${domain}[`)) {
      return wire + domainField.slice(domain.length);
    }
  }
  return domainField;
}

/**
 * Runs a client-decider call, renaming the field of an `InvalidConfigurationError` to its
 * wire name (`refresh_token.leeway`, not `refreshToken.leeway`) so the 400 names what the
 * caller sent. Other errors (not found, conflict) pass through to the management error filter.
 */
export async function withWireFieldNames<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof InvalidConfigurationError) throw new ApiValidationError(wireField(error.field), error.reason);
    throw error;
  }
}
