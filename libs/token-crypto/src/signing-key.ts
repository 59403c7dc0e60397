import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { JwtSigner, type SigningAlg } from './jwt-signer';
import type { PublicJwk } from './jwks';

/** The public half of an ES256 signing key, as published in the authorization server's JWKS. */
export interface Es256PublicJwk extends PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

/** The public half of an RS256 signing key (RFC 7518 §6.3.1: modulus and exponent). */
export interface Rs256PublicJwk extends PublicJwk {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
  readonly kid: string;
  readonly alg: 'RS256';
  readonly use: 'sig';
}

/** The public half of a signing key, as published in the authorization server's JWKS. */
export type SigningPublicJwk = Es256PublicJwk | Rs256PublicJwk;

/** The public members of a key, without `kid`, `alg` and `use`. */
export type PublicKeyMembers = { readonly kty: 'EC'; readonly x: string; readonly y: string } | { readonly kty: 'RSA'; readonly n: string; readonly e: string };

/**
 * One signing key (ES256 or RS256) of an authorization server: its id, public JWK and a signer.
 *
 * The private key is reachable only inside {@link signer}; `JSON.stringify` and `util.inspect`
 * of a `SigningKey` show the `kid` and nothing else, so logging one by mistake leaks nothing.
 * Built by {@link generateWrappedSigningKey} and {@link unwrapSigningKey}.
 */
export class SigningKey {
  readonly alg: SigningAlg;
  readonly publicJwk: SigningPublicJwk;
  readonly signer: JwtSigner;

  /**
   * @param kid the RFC 7638 thumbprint of the public key.
   * @param publicMembers the public point (EC, base64url `x`, `y`) or modulus and exponent (RSA).
   * @param privateKey the matching private key (P-256 or RSA).
   */
  constructor(
    readonly authorizationServerId: string,
    readonly kid: string,
    readonly createdAt: Date,
    publicMembers: PublicKeyMembers | { readonly x: string; readonly y: string },
    privateKey: KeyObject,
  ) {
    this.signer = new JwtSigner(kid, privateKey);
    this.alg = this.signer.alg;
    this.publicJwk = Object.freeze(
      'n' in publicMembers
        ? { kty: 'RSA' as const, n: publicMembers.n, e: publicMembers.e, kid, alg: 'RS256' as const, use: 'sig' as const }
        : { kty: 'EC' as const, crv: 'P-256' as const, x: publicMembers.x, y: publicMembers.y, kid, alg: 'ES256' as const, use: 'sig' as const },
    );
  }

  /** Only the key id: safe in a log line. */
  toJSON(): { kid: string } {
    return { kid: this.kid };
  }

  [inspect.custom](): string {
    return `SigningKey { kid: '${this.kid}' }`;
  }
}
