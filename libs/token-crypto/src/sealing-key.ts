import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { inspect } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import { KeyMaterialInvalid } from './errors';
import type { KeyEncryptionKeyRing, PrivateJwk } from './key-encryption-key';
import type { PublicJwk } from './jwks';

/** The JWS `typ` of a ledger seal, so a seal's signature can never pass for a token's. */
export const SEAL_JWS_TYPE = 'ledger-seal+jws';

/** Seals are signed with Ed25519 (RFC 8037): small, fast, deterministic signatures. */
export const SEAL_JWS_ALG = 'EdDSA';

/** The public half of a sealing key, as published (`GET /api/v1/audit/sealing-keys`). */
export interface SealingPublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: typeof SEAL_JWS_ALG;
  readonly use: 'sig';
}

/**
 * A sealing key: signs the ledger's seals (compact JWS, EdDSA). The private half lives only in
 * this object (and wrapped under the key-encryption key in its `SealingKeyCreated` event, or in
 * the operator's configuration); `JSON.stringify` and `util.inspect` show the key id only.
 */
export class SealingKey {
  readonly #privateKey: KeyObject;

  private constructor(
    /** RFC 7638 thumbprint of the public key. */
    readonly keyId: string,
    readonly publicJwk: SealingPublicJwk,
    privateKey: KeyObject,
  ) {
    this.#privateKey = privateKey;
  }

  /** The key a private Ed25519 JWK holds, its id recomputed from the key itself. */
  static async fromPrivateJwk(jwk: PrivateJwk, source: string): Promise<SealingKey> {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
    } catch {
      throw new KeyMaterialInvalid(source, 'private key cannot be imported');
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new KeyMaterialInvalid(source, 'not an Ed25519 (OKP) key');
    const publicJwk = await sealingPublicJwkOf(privateKey);
    return new SealingKey(publicJwk.kid, publicJwk, privateKey);
  }

  /**
   * A compact JWS (`{alg: EdDSA, kid, typ: ledger-seal+jws}`) over `payload`, the canonical
   * JSON of the seal. Synchronous: Ed25519 signs in microseconds.
   */
  signCompact(payload: string): string {
    const header = Buffer.from(JSON.stringify({ alg: SEAL_JWS_ALG, kid: this.keyId, typ: SEAL_JWS_TYPE })).toString('base64url');
    const signingInput = `${header}.${Buffer.from(payload, 'utf8').toString('base64url')}`;
    const signature = sign(null, Buffer.from(signingInput, 'ascii'), this.#privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  /** The private half as a JWK, to wrap it under the key-encryption key. */
  privateJwk(): PrivateJwk {
    const exported = this.#privateKey.export({ format: 'jwk' });
    const jwk: Record<string, string> = {};
    for (const [name, value] of Object.entries(exported)) if (typeof value === 'string') jwk[name] = value;
    return jwk;
  }

  toJSON(): { keyId: string } {
    return { keyId: this.keyId };
  }

  [inspect.custom](): string {
    return `SealingKey { keyId: '${this.keyId}' }`;
  }
}

/** A sealing key ready to be recorded: the key, and its private half wrapped under the current KEK. */
export interface NewWrappedSealingKey {
  readonly key: SealingKey;
  readonly wrappedPrivateKey: string;
  readonly kekId: string;
}

/** Generates an Ed25519 sealing key and wraps its private half under the ring's current KEK. */
export async function generateWrappedSealingKey(ring: KeyEncryptionKeyRing): Promise<NewWrappedSealingKey> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = await SealingKey.fromPrivateJwk(privateJwkOf(privateKey), 'generated sealing key');
  return { key, ...(await ring.wrap(key.privateJwk())) };
}

/**
 * The sealing key a recorded `SealingKeyCreated` holds, checked: the private half must unwrap
 * under a KEK of the ring, and the public key recomputed from it must be the recorded one (its
 * thumbprint the recorded key id), so a record whose public key was swapped is refused.
 *
 * @throws {KeyUnwrapFailed} the JWE names a KEK the ring does not hold, or does not decrypt.
 * @throws {KeyMaterialInvalid} the unwrapped key is not the recorded one.
 */
export async function unwrapSealingKey(
  recorded: { readonly keyId: string; readonly publicJwk: unknown; readonly wrappedPrivateKey: string },
  ring: KeyEncryptionKeyRing,
): Promise<SealingKey> {
  const source = `wrapped sealing key ${recorded.keyId}`;
  const key = await SealingKey.fromPrivateJwk(await ring.unwrap(recorded.wrappedPrivateKey), source);
  const publicJwk = recorded.publicJwk as Partial<SealingPublicJwk> | null;
  if (key.keyId !== recorded.keyId || publicJwk?.x !== key.publicJwk.x) {
    throw new KeyMaterialInvalid(source, 'the unwrapped key is not the key its record names');
  }
  return key;
}

/**
 * The published form of a sealing public key, from any JWK-shaped value: `null` unless it is an
 * Ed25519 public key whose thumbprint is `keyId`.
 */
export async function trustedSealingPublicJwk(jwk: unknown, keyId: string): Promise<SealingPublicJwk | null> {
  const candidate = jwk as Partial<PublicJwk> | null;
  if (!candidate || candidate.kty !== 'OKP' || candidate.crv !== 'Ed25519' || typeof candidate.x !== 'string') return null;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: candidate.x }, format: 'jwk' });
  } catch {
    return null;
  }
  const published = await sealingPublicJwkOf(publicKey);
  return published.kid === keyId ? published : null;
}

/** Why a seal's JWS was refused by {@link verifySealJws}. */
export type SealSignatureFailure = 'malformed' | 'header_invalid' | 'key_untrusted' | 'signature_invalid';

/**
 * Checks a seal's compact JWS against trusted public keys (by key id) and answers its payload
 * text. The header must be exactly `EdDSA`, `ledger-seal+jws` and a trusted `kid`; nothing else
 * is taken from it (no embedded key, no other algorithm).
 */
export function verifySealJws(
  jws: string,
  trusted: ReadonlyMap<string, SealingPublicJwk>,
): { readonly ok: true; readonly keyId: string; readonly payload: string } | { readonly ok: false; readonly reason: SealSignatureFailure } {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: 'malformed' };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!header || typeof header !== 'object' || header.alg !== SEAL_JWS_ALG || header.typ !== SEAL_JWS_TYPE || typeof header.kid !== 'string' || 'crit' in header) {
    return { ok: false, reason: 'header_invalid' };
  }
  const jwk = trusted.get(header.kid);
  if (!jwk) return { ok: false, reason: 'key_untrusted' };
  const publicKey = publicKeyOf(jwk);
  const valid = verify(null, Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), publicKey, Buffer.from(parts[2], 'base64url'));
  if (!valid) return { ok: false, reason: 'signature_invalid' };
  return { ok: true, keyId: header.kid, payload: Buffer.from(parts[1], 'base64url').toString('utf8') };
}

/** Imported public keys, kept: importing costs more than verifying. */
const publicKeys = new Map<string, KeyObject>();

function publicKeyOf(jwk: SealingPublicJwk): KeyObject {
  let key = publicKeys.get(jwk.x);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    if (publicKeys.size > 64) publicKeys.clear();
    publicKeys.set(jwk.x, key);
  }
  return key;
}

async function sealingPublicJwkOf(key: KeyObject): Promise<SealingPublicJwk> {
  const exported = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (exported.kty !== 'OKP' || exported.crv !== 'Ed25519' || typeof exported.x !== 'string') {
    throw new KeyMaterialInvalid('sealing key', 'not an Ed25519 (OKP) key');
  }
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: exported.x }, 'sha256');
  return { kty: 'OKP', crv: 'Ed25519', x: exported.x, kid, alg: SEAL_JWS_ALG, use: 'sig' };
}

function privateJwkOf(privateKey: KeyObject): PrivateJwk {
  const exported = privateKey.export({ format: 'jwk' });
  const jwk: Record<string, string> = {};
  for (const [name, value] of Object.entries(exported)) if (typeof value === 'string') jwk[name] = value;
  return jwk;
}

/** Where a configured sealing key comes from (`LEDGER_SEALING_KEY` or `LEDGER_SEALING_KEY_FILE`). */
export type SealingKeyOrigin = { readonly kind: 'env'; readonly value: string } | { readonly kind: 'file'; readonly file: string };

/**
 * The sealing key the operator configured: a private Ed25519 JWK (JSON), given in the variable
 * or in the file it names. Errors name the variable or file, never the key.
 *
 * @throws {KeyMaterialInvalid} unreadable, not JSON, or not a private Ed25519 JWK.
 */
export async function loadConfiguredSealingKey(origin: SealingKeyOrigin): Promise<SealingKey> {
  const source = origin.kind === 'env' ? 'env:LEDGER_SEALING_KEY' : origin.file;
  let text: string;
  if (origin.kind === 'env') {
    text = origin.value;
  } else {
    try {
      text = fs.readFileSync(origin.file, 'utf8');
    } catch {
      throw new KeyMaterialInvalid(source, 'cannot be read (LEDGER_SEALING_KEY_FILE)');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes its input, which here is a private key.
    throw new KeyMaterialInvalid(source, 'not a JSON private JWK');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new KeyMaterialInvalid(source, 'not a JSON private JWK');
  const jwk: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') jwk[name] = value;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') throw new KeyMaterialInvalid(source, 'not a private Ed25519 (OKP) JWK');
  return SealingKey.fromPrivateJwk(jwk, source);
}
