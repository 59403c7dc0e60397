import { InvalidConfigurationError } from '../policy/configuration.errors';
import { TRUSTED_ORIGIN_SCOPE_TYPES, type TrustedOriginScopeType } from './trusted-origin.events';

/** The longest origin or name taken (Okta's limit for both). */
export const TRUSTED_ORIGIN_MAX_LENGTH = 255;

/**
 * `scheme://host[:port]` and at most a trailing `/`: no credentials, path, query, fragment or
 * whitespace. The host is checked again by the WHATWG URL parser, which also normalizes it.
 */
const ORIGIN_SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#@\s\\*]+)\/?$/;

/** What {@link normalizeOrigin} says of an origin it refuses (it never repeats the value). */
export const ORIGIN_RULE = 'must be http or https scheme://host[:port], without path, query, fragment, credentials or wildcard';

/**
 * The origin as a browser serializes it in the `Origin` header (RFC 6454 §6.2, the WHATWG URL
 * origin): lowercase scheme and host, IDNs as punycode, the scheme's default port dropped. So
 * `HTTPS://App.Example.com:443/` is stored as `https://app.example.com` and the CORS check is
 * an exact match on the header.
 *
 * @throws {InvalidConfigurationError} naming `origin`.
 */
export function normalizeOrigin(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > TRUSTED_ORIGIN_MAX_LENGTH) {
    throw new InvalidConfigurationError('origin', ORIGIN_RULE);
  }
  const shape = ORIGIN_SHAPE.exec(value);
  const scheme = shape?.[1].toLowerCase();
  if (!shape || (scheme !== 'http' && scheme !== 'https')) throw new InvalidConfigurationError('origin', ORIGIN_RULE);
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    throw new InvalidConfigurationError('origin', ORIGIN_RULE);
  }
  if (origin === 'null') throw new InvalidConfigurationError('origin', ORIGIN_RULE);
  return origin;
}

/** A display name: 1 to 255 characters once trimmed. @throws {InvalidConfigurationError} naming `name`. */
export function requireOriginName(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidConfigurationError('name', 'is required');
  const name = value.trim();
  if (name.length === 0 || name.length > TRUSTED_ORIGIN_MAX_LENGTH) {
    throw new InvalidConfigurationError('name', `must be 1 to ${TRUSTED_ORIGIN_MAX_LENGTH} characters`);
  }
  return name;
}

/**
 * Okta's `scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }]`: at least one, each a known type,
 * no repeats; returned in canonical order so equal sets compare equal. Okta's `IFRAME_EMBED`
 * is refused: this service embeds nothing.
 *
 * @throws {InvalidConfigurationError} naming `scopes` or `scopes[i].type`.
 */
export function requireOriginScopes(value: unknown): TrustedOriginScopeType[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidConfigurationError('scopes', 'must list at least one of CORS, REDIRECT as { "type": ... }');
  }
  const types = new Set<TrustedOriginScopeType>();
  value.forEach((scope: unknown, i) => {
    const type = scope !== null && typeof scope === 'object' ? (scope as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !(TRUSTED_ORIGIN_SCOPE_TYPES as readonly string[]).includes(type)) {
      throw new InvalidConfigurationError(`scopes[${i}].type`, 'must be CORS or REDIRECT');
    }
    if (types.has(type as TrustedOriginScopeType)) throw new InvalidConfigurationError(`scopes[${i}].type`, 'is listed twice');
    types.add(type as TrustedOriginScopeType);
  });
  return TRUSTED_ORIGIN_SCOPE_TYPES.filter((t) => types.has(t));
}
