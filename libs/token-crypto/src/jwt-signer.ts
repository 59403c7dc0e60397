import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { signCompact, signTokenPair, type SignedTokens } from './es256-jws';
import { TokenCryptoArgumentInvalid } from './errors';
import type { JwtSigningThread } from './jwt-signing-thread';

export { atHash, type SignedTokens } from './es256-jws';

/** The default JWS algorithm: ECDSA P-256 with SHA-256 (RFC 7518 §3.4). */
export const SIGNING_ALG = 'ES256' as const;

/** Every JWS algorithm this service signs with: ES256 (default) and RS256, RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3), for Okta's verifiers. */
export const SIGNING_ALGS = ['ES256', 'RS256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** Header parameters a caller chooses; `alg` and `kid` always come from the key. */
export interface JwtSignHeader {
  /** `at+jwt` for RFC 9068 access tokens, `JWT` for ID tokens. */
  readonly typ: string;
}

/**
 * Signs compact JWTs with one private key, through `es256-jws.js` (node:crypto directly, not
 * jose: see there), on the calling thread or on a {@link JwtSigningThread}. The header's
 * base64url is computed once per `typ`. A P-256 key signs ES256; an RSA key (2048 bits or more)
 * signs RS256 through the same code, because `node:crypto.sign('sha256', …)` on an RSA
 * `KeyObject` is RSASSA-PKCS1-v1_5 (its `dsaEncoding` option applies to (EC)DSA keys only).
 *
 * The private key lives in a private field and `toJSON` / `util.inspect` show only the `kid`.
 */
export class JwtSigner {
  readonly alg: SigningAlg;
  readonly #privateKey: KeyObject;
  readonly #encodedHeaders = new Map<string, string>();

  /**
   * @param kid the key id written into every header (the RFC 7638 thumbprint).
   * @param privateKey a P-256 private `KeyObject` (ES256) or an RSA one of 2048 bits or more (RS256).
   */
  constructor(
    readonly kid: string,
    privateKey: KeyObject,
  ) {
    this.alg = signingAlgOf(privateKey);
    this.#privateKey = privateKey;
  }

  /**
   * Signs `payload` and returns the compact JWS `header.payload.signature`, with header
   * `{ alg, kid, typ }`.
   */
  sign(payload: Record<string, unknown>, header: JwtSignHeader): string {
    return signCompact(this.#privateKey, this.#encodedHeader(header.typ), JSON.stringify(payload));
  }

  /**
   * Signs a token response's access token (`typ: at+jwt`) and, when `idPayload` is given, its
   * ID token (`typ: JWT`) with `at_hash` set from that access token (OIDC Core §3.3.2.11; a
   * placeholder `at_hash` in `idPayload` keeps its place among the claims), on this thread
   * (~18 µs per ES256 signature here).
   */
  signTokens(accessPayload: Record<string, unknown>, idPayload?: Record<string, unknown>): SignedTokens {
    return signTokenPair(this.#privateKey, this.#encodedHeader('at+jwt'), JSON.stringify(accessPayload), this.#encodedHeader('JWT'), idJsonOf(idPayload));
  }

  /**
   * {@link signTokens} on the signing thread (which signs on this thread once it has failed).
   * The claims are serialised now, so later changes to the payload objects do not count.
   */
  signTokensOn(thread: JwtSigningThread, accessPayload: Record<string, unknown>, idPayload?: Record<string, unknown>): Promise<SignedTokens> {
    return thread.submit(this.#privateKey, this.#encodedHeader('at+jwt'), JSON.stringify(accessPayload), this.#encodedHeader('JWT'), idJsonOf(idPayload));
  }

  /** Only the key id: the signer must be safe to log by accident. */
  toJSON(): { kid: string; alg: string } {
    return { kid: this.kid, alg: this.alg };
  }

  [inspect.custom](): string {
    return `JwtSigner { kid: '${this.kid}', alg: '${this.alg}' }`;
  }

  #encodedHeader(typ: string): string {
    let encoded = this.#encodedHeaders.get(typ);
    if (encoded === undefined) {
      if (typeof typ !== 'string' || typ.length === 0) {
        throw new TokenCryptoArgumentInvalid('header.typ', 'must be a non-empty string');
      }
      encoded = Buffer.from(JSON.stringify({ alg: this.alg, kid: this.kid, typ })).toString('base64url');
      this.#encodedHeaders.set(typ, encoded);
    }
    return encoded;
  }
}

/**
 * An ID token's claims as JSON with the `at_hash` placeholder the signing core fills in: in the
 * caller's placeholder's place, or last when the caller gave none.
 */
function idJsonOf(idPayload: Record<string, unknown> | undefined): string | undefined {
  if (!idPayload) return undefined;
  return JSON.stringify(idPayload.at_hash === '' ? idPayload : { ...idPayload, at_hash: '' });
}

/** The algorithm a private key signs with; anything but P-256 or RSA of 2048+ bits is refused. */
function signingAlgOf(privateKey: KeyObject): SigningAlg {
  if (privateKey.type === 'private' && privateKey.asymmetricKeyType === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (privateKey.type === 'private' && privateKey.asymmetricKeyType === 'rsa' && (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) return 'RS256';
  throw new TokenCryptoArgumentInvalid('privateKey', 'must be a P-256 (prime256v1) EC private key or an RSA private key of at least 2048 bits');
}
