import { createLocalJWKSet, errors, jwtVerify } from 'jose';
import { JwtVerificationFailed, type JwtVerificationCode } from './errors';
import { SIGNING_ALG } from './jwt-signer';
import { toPublicJwk, type PublicJwk } from './jwks';

/** What {@link verifyJwt} checks besides the signature. */
export interface VerifyJwtOptions {
  /** The authorization server's public keys; a token of another server finds no key here. */
  readonly keys: readonly PublicJwk[];
  /** Expected `iss`, exactly. */
  readonly issuer: string;
  /** Expected `aud` (one of them, when several are given); not checked when omitted. */
  readonly audience?: string | readonly string[];
  /** Expected `typ` header, e.g. `at+jwt` (RFC 9068 §4); not checked when omitted. */
  readonly typ?: string;
  /** The time the token is judged at; the verifier never reads the clock itself. */
  readonly currentDate: Date;
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 0. */
  readonly clockToleranceSeconds?: number;
  /** Claims that must be present, e.g. `['exp', 'iat', 'jti', 'sub']`. */
  readonly requiredClaims?: readonly string[];
}

/** The protected header of a verified JWT. */
export interface JwtProtectedHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly [parameter: string]: unknown;
}

/** The claims of a verified JWT (RFC 7519 §4.1 registered claims plus anything else). */
export interface JwtClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | string[];
  readonly exp?: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly jti?: string;
  readonly [claim: string]: unknown;
}

/** A JWT whose signature and claims passed {@link verifyJwt}. */
export interface VerifiedJwt {
  readonly payload: JwtClaims;
  readonly protectedHeader: JwtProtectedHeader;
}

/** Longer strings are refused before parsing: our tokens are well under 4 KiB. */
const MAX_TOKEN_LENGTH = 16 * 1024;

/** Only what this service signs with, so a token can never choose a weaker algorithm. */
const ALGORITHMS = [SIGNING_ALG];

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

// Introspection verifies on every call, and createLocalJWKSet caches the imported keys inside
// the resolver it returns, so one resolver is kept per key set. The cache is keyed by the public
// key content, not by array identity, so a caller that mutates its key list in place (rotation)
// cannot be served a stale set; it is bounded so rotated-out sets do not accumulate.
const resolvers = new Map<string, KeyResolver>();
const MAX_CACHED_KEY_SETS = 64;

function resolverFor(keys: readonly PublicJwk[]): KeyResolver {
  const publicKeys = keys.map(toPublicJwk);
  const fingerprint = JSON.stringify(publicKeys);
  let resolver = resolvers.get(fingerprint);
  if (!resolver) {
    resolver = createLocalJWKSet({ keys: publicKeys as unknown as Parameters<typeof createLocalJWKSet>[0]['keys'] });
    if (resolvers.size >= MAX_CACHED_KEY_SETS) {
      const oldest = resolvers.keys().next().value;
      if (oldest !== undefined) resolvers.delete(oldest);
    }
    resolvers.set(fingerprint, resolver);
  }
  return resolver;
}

/**
 * Verifies a compact JWT signed by one of `keys` (ES256 only) and checks `iss`, `aud`, `typ`,
 * `exp`, `nbf` and `iat` at `currentDate`.
 *
 * @throws {JwtVerificationFailed} with a stable `code` and jose's code in `detail`; the token
 *   and its claims are never part of the error.
 * @see RFC 7519 §7.2, RFC 9068 §4
 */
export async function verifyJwt(token: string, options: VerifyJwtOptions): Promise<VerifiedJwt> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new JwtVerificationFailed('jwt_malformed', 'token_length');
  }
  try {
    const { payload, protectedHeader } = await jwtVerify(token, resolverFor(options.keys), {
      algorithms: ALGORITHMS,
      issuer: options.issuer,
      audience: options.audience as string | string[] | undefined,
      typ: options.typ,
      currentDate: options.currentDate,
      clockTolerance: options.clockToleranceSeconds ?? 0,
      requiredClaims: options.requiredClaims as string[] | undefined,
    });
    return { payload: payload as JwtClaims, protectedHeader: protectedHeader as JwtProtectedHeader };
  } catch (error: unknown) {
    throw toVerificationFailed(error);
  }
}

/** Maps jose's errors onto the project's codes, keeping jose's code and the failing claim only. */
function toVerificationFailed(error: unknown): JwtVerificationFailed {
  if (error instanceof errors.JWTExpired) {
    // jose also reports an `iat` too far in the past (maxTokenAge) as JWTExpired.
    return new JwtVerificationFailed('jwt_expired', error.code, error.claim);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const code: JwtVerificationCode =
      error.claim === 'nbf' && error.reason === 'check_failed' ? 'jwt_not_yet_valid' : 'jwt_claim_invalid';
    return new JwtVerificationFailed(code, error.code, error.claim);
  }
  if (error instanceof errors.JOSEError) {
    return new JwtVerificationFailed(CODES_BY_JOSE_CODE[error.code] ?? 'jwt_invalid', error.code);
  }
  // Not from jose's checks: e.g. a key that node:crypto cannot import. Still a refusal.
  return new JwtVerificationFailed('jwt_invalid', error instanceof Error ? error.name : 'unknown');
}

const CODES_BY_JOSE_CODE: Readonly<Record<string, JwtVerificationCode>> = {
  ERR_JWS_INVALID: 'jwt_malformed',
  ERR_JWT_INVALID: 'jwt_malformed',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'jwt_signature_invalid',
  ERR_JWKS_NO_MATCHING_KEY: 'jwt_key_unknown',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'jwt_key_unknown',
  ERR_JOSE_ALG_NOT_ALLOWED: 'jwt_alg_not_allowed',
  ERR_JOSE_NOT_SUPPORTED: 'jwt_alg_not_allowed',
};
