import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { signCompact, signTokenPair, type SignedTokens } from './es256-jws';
import { TokenCryptoArgumentInvalid } from './errors';
import type { JwtSigningThread } from './jwt-signing-thread';

export { atHash, type SignedTokens } from './es256-jws';

/** The only JWS algorithm this service signs with: ECDSA P-256 with SHA-256 (RFC 7518 §3.4). */
export const SIGNING_ALG = 'ES256' as const;

/** Header parameters a caller chooses; `alg` and `kid` always come from the key. */
export interface JwtSignHeader {
  /** `at+jwt` for RFC 9068 access tokens, `JWT` for ID tokens. */
  readonly typ: string;
}

/**
 * Signs compact JWTs with one ES256 private key, through `es256-jws.js` (node:crypto directly,
 * not jose: see there), on the calling thread or on a {@link JwtSigningThread}. The header's
 * base64url is computed once per `typ`.
 *
 * The private key lives in a private field and `toJSON` / `util.inspect` show only the `kid`.
 */
export class JwtSigner {
  readonly alg = SIGNING_ALG;
  readonly #privateKey: KeyObject;
  readonly #encodedHeaders = new Map<string, string>();

  /**
   * @param kid the key id written into every header (the RFC 7638 thumbprint).
   * @param privateKey a P-256 private `KeyObject`.
   */
  constructor(
    readonly kid: string,
    privateKey: KeyObject,
  ) {
    if (
      privateKey.type !== 'private' ||
      privateKey.asymmetricKeyType !== 'ec' ||
      privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw new TokenCryptoArgumentInvalid('privateKey', 'must be a P-256 (prime256v1) EC private key');
    }
    this.#privateKey = privateKey;
  }

  /**
   * Signs `payload` and returns the compact JWS `header.payload.signature`, with header
   * `{ alg: 'ES256', kid, typ }`.
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
