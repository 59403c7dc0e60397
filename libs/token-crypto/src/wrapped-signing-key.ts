import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import { KeyMaterialInvalid } from './errors';
import { SIGNING_ALG, type SigningAlg } from './jwt-signer';
import type { KeyEncryptionKeyRing, PrivateJwk } from './key-encryption-key';
import { SigningKey, type PublicKeyMembers } from './signing-key';

/** RSA keys are made this size: RFC 7518 §3.3's minimum, Okta's size. */
const RSA_MODULUS_BITS = 2048;

const generateKeyPairAsync = promisify(generateKeyPair);

/** A signing key ready to be recorded: the key itself and its private half wrapped under the current KEK. */
export interface NewWrappedSigningKey {
  readonly key: SigningKey;
  /** The private JWK as a JWE (compact) under the KEK `kekId`. */
  readonly wrappedPrivateKey: string;
  readonly kekId: string;
}

/**
 * Generates a signing key (ES256 by default, RS256 on request) and wraps its private half under
 * the ring's current KEK. Nothing is written anywhere: the caller records the wrapped key in the
 * key's event, which is the only place the private half is kept.
 */
export async function generateWrappedSigningKey(
  authorizationServerId: string,
  now: Date,
  ring: KeyEncryptionKeyRing,
  alg: SigningAlg = SIGNING_ALG,
): Promise<NewWrappedSigningKey> {
  const privateKey =
    alg === 'RS256'
      ? // Asynchronous: an RSA key takes tens of milliseconds to find, too long for the event loop.
        (await generateKeyPairAsync('rsa', { modulusLength: RSA_MODULUS_BITS, publicExponent: 0x10001 })).privateKey
      : (await generateKeyPairAsync('ec', { namedCurve: 'P-256' })).privateKey;
  const privateJwk = privateJwkOf(privateKey, 'generated key');
  const { kid, members } = await identify(privateKey, 'generated key');
  const key = new SigningKey(authorizationServerId, kid, now, members, privateKey);
  return { key, ...(await ring.wrap(privateJwk)) };
}

/**
 * The signing key a recorded key's wrapped private half holds, checked against its kid: the
 * public key is recomputed from the unwrapped private key and its RFC 7638 thumbprint must be
 * the recorded `kid`, so a wrapped key swapped between records is refused rather than used.
 *
 * @throws {KeyUnwrapFailed} the JWE names a KEK the ring does not hold, or does not decrypt.
 * @throws {KeyMaterialInvalid} the unwrapped key is not a signing key, or not the one `kid` names.
 */
export async function unwrapSigningKey(
  authorizationServerId: string,
  recorded: { readonly kid: string; readonly createdAt: number; readonly wrappedPrivateKey: string },
  ring: KeyEncryptionKeyRing,
): Promise<SigningKey> {
  const source = `wrapped signing key ${recorded.kid}`;
  const privateKey = importPrivateJwk(await ring.unwrap(recorded.wrappedPrivateKey), source);
  const { kid, members } = await identify(privateKey, source);
  if (kid !== recorded.kid) throw new KeyMaterialInvalid(source, 'the unwrapped key is not the key its kid names');
  try {
    return new SigningKey(authorizationServerId, kid, new Date(recorded.createdAt), members, privateKey);
  } catch {
    throw new KeyMaterialInvalid(source, 'not a key this service signs with');
  }
}

/**
 * The same private key wrapped under the ring's current KEK (from whichever KEK of the ring
 * wrapped it). Checks, as {@link unwrapSigningKey} does, that the key is the one `kid` names.
 */
export async function rewrapSigningKey(
  recorded: { readonly kid: string; readonly wrappedPrivateKey: string },
  ring: KeyEncryptionKeyRing,
): Promise<{ wrappedPrivateKey: string; kekId: string }> {
  const source = `wrapped signing key ${recorded.kid}`;
  const privateJwk = await ring.unwrap(recorded.wrappedPrivateKey);
  const { kid } = await identify(importPrivateJwk(privateJwk, source), source);
  if (kid !== recorded.kid) throw new KeyMaterialInvalid(source, 'the unwrapped key is not the key its kid names');
  return ring.wrap(privateJwk);
}

/** Imports a private JWK; the error names the source, never the key. */
export function importPrivateJwk(jwk: PrivateJwk, source: string): KeyObject {
  try {
    return createPrivateKey({ key: { ...jwk }, format: 'jwk' });
  } catch {
    throw new KeyMaterialInvalid(source, 'private key cannot be imported');
  }
}

/** The private key as a JWK, every member (RSA keys keep their CRT members, RFC 7518 §6.3.2). */
export function privateJwkOf(privateKey: KeyObject, source: string): PrivateJwk {
  const exported = privateKey.export({ format: 'jwk' });
  const jwk: Record<string, string> = {};
  for (const [name, value] of Object.entries(exported)) if (typeof value === 'string') jwk[name] = value;
  if (typeof jwk['d'] !== 'string') throw new KeyMaterialInvalid(source, 'JWK export lacks the private member');
  return jwk;
}

/**
 * The kid (RFC 7638 thumbprint) and public members of a private key, recomputed from the key
 * itself rather than trusted from anything stored beside it.
 */
export async function identify(privateKey: KeyObject, source: string): Promise<{ kid: string; members: PublicKeyMembers }> {
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (publicJwk.kty === 'RSA' && publicJwk.n && publicJwk.e) {
    const members = { kty: 'RSA' as const, n: publicJwk.n, e: publicJwk.e };
    return { kid: await calculateJwkThumbprint(members, 'sha256'), members };
  }
  if (publicJwk.kty === 'EC' && publicJwk.crv === 'P-256' && publicJwk.x && publicJwk.y) {
    const members = { kty: 'EC' as const, x: publicJwk.x, y: publicJwk.y };
    return { kid: await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: members.x, y: members.y }, 'sha256'), members };
  }
  throw new KeyMaterialInvalid(source, 'not an ES256 (P-256) or RS256 (RSA) key');
}
