import { createLocalJWKSet, errors } from 'jose';
import { JwtVerificationFailed, type JwtVerificationCode } from './errors';
import { toPublicJwk, type PublicJwk } from './jwks';

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

/**
 * One jose key resolver per key set. Importing a JWK costs far more than verifying with it, and
 * `createLocalJWKSet` caches the imported keys inside the resolver it returns, so resolvers are
 * kept, keyed by the public key content (a key list updated in place, by rotation or a client's
 * new JWKS, never meets a stale resolver), and bounded so replaced sets do not accumulate.
 */
export class KeySetResolvers {
  private readonly resolvers = new Map<string, KeyResolver>();

  constructor(private readonly maxSets: number) {}

  /** The resolver for these keys (only their public members are used). */
  for(keys: readonly (PublicJwk | Readonly<Record<string, unknown>>)[]): KeyResolver {
    const publicKeys = keys.map(toPublicJwk);
    const fingerprint = JSON.stringify(publicKeys);
    let resolver = this.resolvers.get(fingerprint);
    if (!resolver) {
      resolver = createLocalJWKSet({ keys: publicKeys as unknown as Parameters<typeof createLocalJWKSet>[0]['keys'] });
      if (this.resolvers.size >= this.maxSets) {
        const oldest = this.resolvers.keys().next().value;
        if (oldest !== undefined) this.resolvers.delete(oldest);
      }
      this.resolvers.set(fingerprint, resolver);
    }
    return resolver;
  }
}

/** Maps jose's errors onto the project's codes, keeping jose's code and the failing claim only (never the token). */
export function toVerificationFailed(error: unknown): JwtVerificationFailed {
  if (error instanceof JwtVerificationFailed) return error;
  // jose also reports an `iat` too far in the past (maxTokenAge) as JWTExpired.
  if (error instanceof errors.JWTExpired) return new JwtVerificationFailed('jwt_expired', error.code, error.claim);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const code: JwtVerificationCode =
      error.claim === 'nbf' && error.reason === 'check_failed' ? 'jwt_not_yet_valid' : 'jwt_claim_invalid';
    return new JwtVerificationFailed(code, error.code, error.claim);
  }
  if (error instanceof errors.JOSEError) return new JwtVerificationFailed(CODES_BY_JOSE_CODE[error.code] ?? 'jwt_invalid', error.code);
  // Not from jose's checks: e.g. a key that node:crypto cannot import. Still a refusal.
  return new JwtVerificationFailed('jwt_invalid', error instanceof Error ? error.name : 'unknown');
}

const CODES_BY_JOSE_CODE: Readonly<Record<string, JwtVerificationCode>> = {
  ERR_JWS_INVALID: 'jwt_malformed',
  ERR_JWT_INVALID: 'jwt_malformed',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'jwt_signature_invalid',
  ERR_JWKS_NO_MATCHING_KEY: 'jwt_key_unknown',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'jwt_key_unknown',
  ERR_JWKS_INVALID: 'jwt_key_unknown',
  ERR_JOSE_ALG_NOT_ALLOWED: 'jwt_alg_not_allowed',
  ERR_JOSE_NOT_SUPPORTED: 'jwt_alg_not_allowed',
};
