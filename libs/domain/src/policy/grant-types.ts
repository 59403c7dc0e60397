/**
 * The OAuth grant types the ledger recognises in client settings and rule conditions.
 * Okta's rule vocabulary plus `refresh_token`, so a rule can name refreshes explicitly.
 */
export const KNOWN_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'implicit',
  'password',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:openid:params:grant-type:ciba',
  'interaction_code',
] as const;

/** One of {@link KNOWN_GRANT_TYPES}. */
export type GrantType = (typeof KNOWN_GRANT_TYPES)[number];

/** Whether `value` is a grant type the ledger recognises. */
export function isKnownGrantType(value: unknown): value is GrantType {
  return typeof value === 'string' && (KNOWN_GRANT_TYPES as readonly string[]).includes(value);
}
