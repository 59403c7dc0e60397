import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { JwtVerificationFailed } from './errors';
import { toVerificationFailed } from './jose-support';

/**
 * Asymmetric algorithms a DPoP proof may be signed with (RFC 9449 §4.2: never `none` nor a
 * MAC; the key is in the proof itself, so an HMAC "keyed" with it would prove nothing).
 */
export const DPOP_PROOF_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;

/** JWK members that hold private or symmetric key material (RFC 7518 §6). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** Longer header values are refused before parsing. */
const MAX_PROOF_LENGTH = 8 * 1024;
const MAX_JTI_LENGTH = 512;
const MAX_NONCE_LENGTH = 512;

/** What {@link verifyDpopProof} checks a proof against. */
export interface VerifyDpopProofOptions {
  /** The request's method (`htm`), e.g. `POST`. */
  readonly method: string;
  /** The endpoint's URL (`htu`); query and fragment are ignored on both sides. */
  readonly url: string;
  /** The time the proof is judged at; the verifier never reads the clock itself. */
  readonly currentDate: Date;
  /** How old `iat` may be, in seconds (the proof's lifetime, and how long its `jti` is remembered). */
  readonly maxAgeSeconds: number;
  /** Skew allowed between the client's clock and ours, both ways, in seconds. */
  readonly clockToleranceSeconds: number;
}

/** A proof whose signature, header and claims passed {@link verifyDpopProof}. */
export interface VerifiedDpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's public key, base64url: the `cnf.jkt` it binds. */
  readonly jkt: string;
  /** The proof's `jti`: record it to refuse a replay. */
  readonly jti: string;
  /** `iat`, epoch seconds. */
  readonly iat: number;
  /** The `nonce` claim, when the client sent one; checking it is the caller's job. */
  readonly nonce?: string;
}

/**
 * Verifies a DPoP proof JWT (RFC 9449 §4.3): one compact JWS with `typ: dpop+jwt`, an
 * asymmetric `alg` from {@link DPOP_PROOF_ALGORITHMS}, a public `jwk` in the header (no private
 * member), a signature by that key, `htm` and `htu` naming this request, an `iat` inside the
 * window, and a `jti`. Replay (the `jti`) and the server nonce are the caller's. `ath` is not
 * checked: the token endpoint receives no access token.
 *
 * @throws {JwtVerificationFailed} with a stable `code` and the failing header or claim; never
 *   the proof, its key or its claims.
 * @see RFC 9449 §4.2, §4.3
 */
export async function verifyDpopProof(proof: string, options: VerifyDpopProofOptions): Promise<VerifiedDpopProof> {
  if (typeof proof !== 'string' || proof.length === 0 || proof.length > MAX_PROOF_LENGTH) {
    throw new JwtVerificationFailed('jwt_malformed', 'proof_length');
  }
  const tolerance = options.clockToleranceSeconds;
  let payload: JWTPayload;
  let jwk: JWK;
  try {
    const verified = await jwtVerify(proof, async (header, token) => {
      // EmbeddedJWK would import a private JWK as a private key and then refuse it; refusing the
      // members first names the mistake and never imports key material a client leaked.
      const candidate = header.jwk as Record<string, unknown> | undefined;
      if (candidate !== null && typeof candidate === 'object' && PRIVATE_JWK_MEMBERS.some((m) => m in candidate)) {
        throw new JwtVerificationFailed('jwt_claim_invalid', 'private_key_in_header', 'jwk');
      }
      return EmbeddedJWK(header, token);
    }, {
      typ: 'dpop+jwt',
      algorithms: [...DPOP_PROOF_ALGORITHMS],
      currentDate: options.currentDate,
      clockTolerance: tolerance,
      maxTokenAge: options.maxAgeSeconds,
      requiredClaims: ['iat', 'jti', 'htm', 'htu'],
    });
    payload = verified.payload;
    jwk = verified.protectedHeader.jwk as JWK;
  } catch (error: unknown) {
    throw toVerificationFailed(error);
  }
  const now = Math.floor(options.currentDate.getTime() / 1000);
  const iat = payload.iat as number;
  if (iat > now + tolerance) throw new JwtVerificationFailed('jwt_claim_invalid', 'iat_in_future', 'iat');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > MAX_JTI_LENGTH) {
    throw new JwtVerificationFailed('jwt_claim_invalid', 'jti_not_a_string', 'jti');
  }
  if (payload.htm !== options.method) throw new JwtVerificationFailed('jwt_claim_invalid', 'htm_mismatch', 'htm');
  if (typeof payload.htu !== 'string' || !sameHttpUri(payload.htu, options.url)) {
    throw new JwtVerificationFailed('jwt_claim_invalid', 'htu_mismatch', 'htu');
  }
  const nonce = payload.nonce;
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > MAX_NONCE_LENGTH)) {
    throw new JwtVerificationFailed('jwt_claim_invalid', 'nonce_not_a_string', 'nonce');
  }
  return {
    jkt: await calculateJwkThumbprint(jwk, 'sha256'),
    jti: payload.jti,
    iat,
    ...(typeof nonce === 'string' ? { nonce } : {}),
  };
}

/**
 * RFC 9449 §4.3 item 9: the URIs match without their query and fragment. Scheme and host are
 * compared as `URL` normalises them (case, default port); the path exactly.
 */
function sameHttpUri(presented: string, expected: string): boolean {
  const a = httpUriWithoutQuery(presented);
  return a !== null && a === httpUriWithoutQuery(expected);
}

function httpUriWithoutQuery(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return `${url.protocol}//${url.host}${url.pathname}`;
}
