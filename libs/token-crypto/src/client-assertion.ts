import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions, type KeyLike } from 'jose';
import { KeySetResolvers, toVerificationFailed } from './jose-support';
import { JwtVerificationFailed } from './errors';
import type { PublicJwk } from './jwks';

/** `client_assertion_type` of a JWT client assertion (RFC 7523 §2.2). */
export const CLIENT_ASSERTION_TYPE_JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Asymmetric algorithms a client may sign its assertion with. No `none` and no `HS*`: the
 * keys are the client's registered public keys, and an HMAC "keyed" with a public key is the
 * classic algorithm-confusion forgery.
 */
export const CLIENT_ASSERTION_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** What {@link verifyClientAssertion} checks the assertion against. */
export interface VerifyClientAssertionOptions {
  /** The client's registered JWK Set; only public members are used. */
  readonly jwks: { readonly keys: readonly (PublicJwk | Readonly<Record<string, unknown>>)[] };
  /** The client the assertion must be about: `iss` and `sub` must both equal it. */
  readonly clientId: string;
  /** `aud` must contain at least one of these (the token endpoint URL, the issuer...). */
  readonly audiences: readonly string[];
  /** The time the assertion is judged at; the verifier never reads the clock itself. */
  readonly currentDate: Date;
  /**
   * How far in the future `exp` may be, in seconds. Bounds how long a captured assertion
   * stays usable and how long its `jti` must be remembered.
   */
  readonly maxLifetimeSeconds: number;
  /** Leeway for `exp`, `nbf`, `iat` and the lifetime bound, in seconds. Default 0. */
  readonly clockToleranceSeconds?: number;
}

/** An assertion whose signature and claims passed {@link verifyClientAssertion}. */
export interface VerifiedClientAssertion {
  readonly clientId: string;
  /** The assertion's `jti`: record it to refuse a replay. */
  readonly jti: string;
  /** `exp`, epoch seconds: a replay store may forget the `jti` after it. */
  readonly exp: number;
  readonly alg: string;
  readonly kid?: string;
}

/** Longer strings are refused before parsing (the token endpoint caps the field at 8 KiB). */
const MAX_ASSERTION_LENGTH = 16 * 1024;
const MAX_JTI_LENGTH = 512;

const resolvers = new KeySetResolvers(256);

function resolverFor(jwks: VerifyClientAssertionOptions['jwks']) {
  return resolvers.for(Array.isArray(jwks?.keys) ? jwks.keys : []);
}

/**
 * Verifies a `private_key_jwt` client assertion: a JWT signed with one of the client's
 * registered keys, with `iss` = `sub` = the client id, an `aud` naming this server, an `exp`
 * not past and not more than `maxLifetimeSeconds` ahead, and a `jti`. Replay is the caller's
 * job (it must remember the `jti` until `exp`).
 *
 * When several registered keys match the header (no `kid`, a client rotating its keys), each
 * is tried in turn.
 *
 * @throws {JwtVerificationFailed} with a stable `code` (`jwt_signature_invalid`,
 *   `jwt_key_unknown`, `jwt_alg_not_allowed`, `jwt_expired`, `jwt_claim_invalid` with the
 *   failing `claim`...); never the assertion or its claims.
 * @see RFC 7523 §3, RFC 7521 §4.2, OpenID Connect Core 1.0 §9
 */
export async function verifyClientAssertion(
  assertion: string,
  options: VerifyClientAssertionOptions,
): Promise<VerifiedClientAssertion> {
  if (typeof assertion !== 'string' || assertion.length === 0 || assertion.length > MAX_ASSERTION_LENGTH) {
    throw new JwtVerificationFailed('jwt_malformed', 'assertion_length');
  }
  if (options.audiences.length === 0) throw new JwtVerificationFailed('jwt_claim_invalid', 'no_audience_configured', 'aud');
  const tolerance = options.clockToleranceSeconds ?? 0;
  const verifyOptions: JWTVerifyOptions = {
    algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
    issuer: options.clientId,
    subject: options.clientId,
    audience: [...options.audiences],
    currentDate: options.currentDate,
    clockTolerance: tolerance,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
  };
  let verified: { payload: JWTPayload; protectedHeader: { alg: string; kid?: string } };
  try {
    verified = await verifyWithAnyMatchingKey(assertion, resolverFor(options.jwks), verifyOptions);
  } catch (error: unknown) {
    throw toVerificationFailed(error);
  }
  const { payload, protectedHeader } = verified;
  const now = Math.floor(options.currentDate.getTime() / 1000);
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > MAX_JTI_LENGTH) {
    throw new JwtVerificationFailed('jwt_claim_invalid', 'jti_not_a_string', 'jti');
  }
  const exp = payload.exp as number;
  if (exp - now > options.maxLifetimeSeconds + tolerance) {
    throw new JwtVerificationFailed('jwt_claim_invalid', 'exp_too_far_in_future', 'exp');
  }
  if (typeof payload.iat === 'number' && payload.iat > now + tolerance) {
    throw new JwtVerificationFailed('jwt_claim_invalid', 'iat_in_future', 'iat');
  }
  return {
    clientId: options.clientId,
    jti: payload.jti,
    exp,
    alg: protectedHeader.alg,
    ...(typeof protectedHeader.kid === 'string' ? { kid: protectedHeader.kid } : {}),
  };
}

/** jose's recipe for a key set with several candidate keys: try each until one verifies. */
async function verifyWithAnyMatchingKey(
  assertion: string,
  resolver: ReturnType<KeySetResolvers["for"]>,
  verifyOptions: JWTVerifyOptions,
): Promise<{ payload: JWTPayload; protectedHeader: { alg: string; kid?: string } }> {
  try {
    return await jwtVerify(assertion, resolver, verifyOptions);
  } catch (error: unknown) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    const candidates = error as unknown as AsyncIterable<KeyLike>;
    for await (const key of candidates) {
      try {
        return await jwtVerify(assertion, key, verifyOptions);
      } catch (attempt: unknown) {
        // Only a signature mismatch means "try the next key"; a claim failure is final.
        if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) throw attempt;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}
