import { jwtVerify } from 'jose';
import { KeySetResolvers, toVerificationFailed } from './jose-support';
import { JwtVerificationFailed } from './errors';
import { SIGNING_ALGS } from './jwt-signer';
import type { PublicJwk } from './jwks';

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

/**
 * Only what this service signs with, so a token can never choose a weaker algorithm; each key
 * carries its own `alg`, so a token can neither use an EC key as RSA nor the reverse.
 */
const ALGORITHMS: string[] = [...SIGNING_ALGS];

// Introspection verifies on every call: keep one resolver per key set.
const resolvers = new KeySetResolvers(64);

/**
 * Verifies a compact JWT signed by one of `keys` (ES256 or RS256, as the key's `alg` says) and checks `iss`, `aud`, `typ`,
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
    const { payload, protectedHeader } = await jwtVerify(token, resolvers.for(options.keys), {
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

/**
 * How a presented string is recognised as one of a server's access tokens (revocation,
 * introspection, and why a token is active): its signature, `iss` and `typ` (RFC 9068), and the
 * claims every access token carries. `ignoreExpiry` accepts an expired one (revoking it is
 * harmless, and "why" says it expired); introspection must not.
 */
export function accessTokenLookupOptions(issuer: string, now: number, options: { readonly ignoreExpiry?: boolean } = {}): Omit<VerifyJwtOptions, 'keys'> {
  return {
    issuer,
    typ: 'at+jwt',
    currentDate: new Date(now),
    clockToleranceSeconds: options.ignoreExpiry ? 10 * 365 * 24 * 3600 : 0,
    requiredClaims: ['jti', 'sub', 'exp', 'iat'],
  };
}
