import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { JwtSigner, SIGNING_ALG } from './jwt-signer';
import type { PublicJwk } from './jwks';

/** The public half of a signing key, as published in the authorization server's JWKS. */
export interface SigningPublicJwk extends PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: typeof SIGNING_ALG;
  readonly use: 'sig';
}

/**
 * One ES256 signing key of an authorization server: its id, public JWK and a signer.
 *
 * The private key is reachable only inside {@link signer}; `JSON.stringify` and `util.inspect`
 * of a `SigningKey` show the `kid` and nothing else, so logging one by mistake leaks nothing.
 * Built by {@link SigningKeyStore}.
 */
export class SigningKey {
  readonly alg = SIGNING_ALG;
  readonly publicJwk: SigningPublicJwk;
  readonly signer: JwtSigner;

  /**
   * @param kid the RFC 7638 thumbprint of the public key.
   * @param publicXY the public point, base64url.
   * @param privateKey the matching P-256 private key.
   */
  constructor(
    readonly authorizationServerId: string,
    readonly kid: string,
    readonly createdAt: Date,
    publicXY: { readonly x: string; readonly y: string },
    privateKey: KeyObject,
  ) {
    this.publicJwk = Object.freeze({
      kty: 'EC',
      crv: 'P-256',
      x: publicXY.x,
      y: publicXY.y,
      kid,
      alg: SIGNING_ALG,
      use: 'sig',
    });
    this.signer = new JwtSigner(kid, privateKey);
  }

  /** Only the key id: safe in a log line. */
  toJSON(): { kid: string } {
    return { kid: this.kid };
  }

  [inspect.custom](): string {
    return `SigningKey { kid: '${this.kid}' }`;
  }
}
