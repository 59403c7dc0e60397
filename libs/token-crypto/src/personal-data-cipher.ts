import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { KeyEncryptionKeyRing } from './key-encryption-key';
import { TokenCryptoError, TokenCryptoArgumentInvalid } from './errors';

/** Length of a subject's data key (AES-256-GCM). */
export const SUBJECT_DATA_KEY_BYTES = 32;

/** HKDF `info` of the pseudonym key, so the token key's other uses never meet this one. */
const SUBJECT_REF_INFO = 'token-ledger subject ref';

/**
 * The pseudonym of a subject (`subjectRef`): base64url HMAC-SHA-256 of `sub` under a key derived
 * (HKDF-SHA-256) from the refresh-token key, so every replica computes the same one, and without
 * the server key nobody can test a guessed subject against it. It names the subject's data key
 * stream and indexes the read models; it is no secret and survives erasure (it identifies the
 * erasure, not the person, to anyone without the server key).
 */
export class SubjectPseudonyms {
  readonly #key: Buffer;

  /** @param tokenKey the refresh-token key (`LEDGER_TOKEN_KEY`, at least 32 bytes). */
  constructor(tokenKey: Uint8Array) {
    if (tokenKey.length < 32) throw new TokenCryptoArgumentInvalid('tokenKey', 'must be at least 32 bytes');
    this.#key = Buffer.from(hkdfSync('sha256', tokenKey, Buffer.alloc(0), SUBJECT_REF_INFO, 32));
  }

  /** The subject's pseudonym (43 base64url characters). */
  ref(subject: string): string {
    return createHmac('sha256', this.#key).update(subject, 'utf8').digest('base64url');
  }

  [inspect.custom](): string {
    return 'SubjectPseudonyms {}';
  }

  toJSON(): Record<string, never> {
    return {};
  }
}

/** A fresh random data key for one subject. */
export function newSubjectDataKey(): Uint8Array {
  return randomBytes(SUBJECT_DATA_KEY_BYTES);
}

/** The personal data could not be decrypted (wrong key, or the ciphertext was altered). */
export class PersonalDataUndecryptable extends TokenCryptoError {
  readonly code = 'personal_data_undecryptable' as const;
  override readonly name = 'PersonalDataUndecryptable';
  constructor(readonly reason: string) {
    super(`personal data cannot be decrypted: ${reason}`);
  }
}

const ALG = 'dir';
const ENC = 'A256GCM';

/**
 * Encrypts `plaintext` under a subject's data key: a compact JWE (RFC 7516 §7.1) with `alg: dir`
 * and `enc: A256GCM` (RFC 7518 §4.5, §5.3), its protected header naming the key (`kid`), the
 * additional authenticated data the ASCII of that header as §5.1 says. Made with `node:crypto`
 * rather than `jose` because it is synchronous: the command loop encodes an event while it
 * chains it (a spec checks that `jose` decrypts it).
 */
export function encryptPersonalData(key: Uint8Array, keyId: string, plaintext: string): string {
  assertKey(key);
  const header = Buffer.from(JSON.stringify({ alg: ALG, enc: ENC, kid: keyId })).toString('base64url');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(header, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${header}..${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** The `kid` of a JWE of {@link encryptPersonalData}, or `undefined` when it is not one. */
export function personalDataKeyId(jwe: string): string | undefined {
  const [header] = jwe.split('.', 1);
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown; enc?: unknown; kid?: unknown };
    return parsed.alg === ALG && parsed.enc === ENC && typeof parsed.kid === 'string' ? parsed.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The plaintext of a JWE of {@link encryptPersonalData}.
 *
 * @throws {PersonalDataUndecryptable} not such a JWE, another key, or altered.
 */
export function decryptPersonalData(key: Uint8Array, jwe: string): string {
  assertKey(key);
  const parts = jwe.split('.');
  if (parts.length !== 5 || parts[1] !== '' || personalDataKeyId(jwe) === undefined) throw new PersonalDataUndecryptable('not a dir/A256GCM compact JWE');
  const [header, , iv, ciphertext, tag] = parts;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(header, 'ascii'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new PersonalDataUndecryptable('authentication failed');
  }
}

/** A subject's data key wrapped under the current key-encryption key, as its event holds it. */
export async function wrapSubjectDataKey(ring: KeyEncryptionKeyRing, key: Uint8Array): Promise<string> {
  assertKey(key);
  // An `oct` JWK (RFC 7518 §6.4): the same JWE envelope as the signing keys' private halves.
  return (await ring.wrap({ kty: 'oct', k: Buffer.from(key).toString('base64url') })).wrappedPrivateKey;
}

/**
 * The data key a {@link wrapSubjectDataKey} JWE holds.
 *
 * @throws {KeyUnwrapFailed} the JWE names a KEK not in the ring, does not decrypt, or holds no `oct` key.
 */
export async function unwrapSubjectDataKey(ring: KeyEncryptionKeyRing, wrapped: string): Promise<Uint8Array> {
  const jwk = await ring.unwrap(wrapped);
  const key = jwk['kty'] === 'oct' && typeof jwk['k'] === 'string' ? Buffer.from(jwk['k'], 'base64url') : Buffer.alloc(0);
  if (key.length !== SUBJECT_DATA_KEY_BYTES) throw new PersonalDataUndecryptable('the wrapped key is not a 256-bit data key');
  return key;
}

function assertKey(key: Uint8Array): void {
  if (key.length !== SUBJECT_DATA_KEY_BYTES) throw new TokenCryptoArgumentInvalid('key', `must be ${SUBJECT_DATA_KEY_BYTES} bytes`);
}
