import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';
import { KeyMaterialInvalid, KeyUnwrapFailed, TokenCryptoArgumentInvalid } from './errors';

/** A private JWK (its members as strings: `kty`, `d`, ...). Held in memory only, never logged. */
export type PrivateJwk = Readonly<Record<string, string>>;

/**
 * A key-encryption key (KEK): wraps private signing keys so that they can travel in events and
 * sit in backups without being readable. The port is this small so that a KMS (Vault transit,
 * AWS or GCP KMS) can stand behind it later; the service only ever asks for these three things.
 *
 * `id` names the KEK in the wrapped keys' `kid` header and in the events, so replicas and
 * rewrapping know which KEK opens which key. It is derived from the KEK (or named by the KMS),
 * never the KEK itself.
 */
export interface KeyEncryptionKey {
  readonly id: string;
  /** The private JWK, encrypted: a JWE in compact serialisation whose protected `kid` is {@link id}. */
  wrap(privateJwk: PrivateJwk): Promise<string>;
  /**
   * The private JWK a JWE of {@link wrap} holds.
   *
   * @throws {KeyUnwrapFailed} not a JWE of this KEK, or tampered with.
   */
  unwrap(jwe: string): Promise<PrivateJwk>;
}

/** Length of a local KEK: AES-256 key wrap (RFC 7518 §4.4) wants exactly 256 bits. */
export const KEY_ENCRYPTION_KEY_BYTES = 32;

/** The JWE algorithms the local KEK uses, and the only ones it accepts on unwrap. */
const KEY_MANAGEMENT_ALG = 'A256KW';
const CONTENT_ENCRYPTION_ALG = 'A256GCM';
/** RFC 7517 §8.5.1's media type of a JWK, so a reader of the header knows what the JWE holds. */
const CONTENT_TYPE = 'jwk+json';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The KEK held by this process (`LEDGER_KEY_ENCRYPTION_KEY`, its file, or the one generated into
 * the data directory): AES key wrap (`A256KW`) of a fresh AES-256-GCM content key per wrapped
 * key (`A256GCM`), made with `jose`.
 *
 * Its `id` is `local:` and the first 128 bits of HMAC-SHA-256(KEK, a fixed label), base64url:
 * stable for a KEK, the same on every replica that holds it, and useless for recovering it.
 * `JSON.stringify` and `util.inspect` show the id only.
 */
export class LocalKeyEncryptionKey implements KeyEncryptionKey {
  readonly id: string;
  readonly #secret: Uint8Array;

  /** @param secret exactly {@link KEY_ENCRYPTION_KEY_BYTES} bytes. */
  constructor(secret: Uint8Array) {
    if (secret.length !== KEY_ENCRYPTION_KEY_BYTES) {
      throw new TokenCryptoArgumentInvalid('secret', `must be ${KEY_ENCRYPTION_KEY_BYTES} bytes`);
    }
    this.#secret = Uint8Array.from(secret);
    const tag = createHmac('sha256', this.#secret).update('tokenledger key-encryption-key id v1').digest();
    this.id = `local:${tag.subarray(0, 16).toString('base64url')}`;
  }

  /**
   * A KEK from its base64url text (unpadded, as `openssl rand -base64 32 | tr '+/' '-_' | tr -d '='`
   * prints it); `source` names where it came from in errors, e.g. `env:LEDGER_KEY_ENCRYPTION_KEY`.
   *
   * @throws {KeyMaterialInvalid} not base64url of exactly 32 bytes (the message never repeats it).
   */
  static fromBase64url(text: string, source: string): LocalKeyEncryptionKey {
    const trimmed = text.trim();
    if (!BASE64URL.test(trimmed)) throw new KeyMaterialInvalid(source, 'not base64url (use - and _ instead of + and /, no = padding)');
    const secret = Buffer.from(trimmed, 'base64url');
    if (secret.length !== KEY_ENCRYPTION_KEY_BYTES) throw new KeyMaterialInvalid(source, `not ${KEY_ENCRYPTION_KEY_BYTES} bytes`);
    return new LocalKeyEncryptionKey(secret);
  }

  async wrap(privateJwk: PrivateJwk): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(privateJwk)))
      .setProtectedHeader({ alg: KEY_MANAGEMENT_ALG, enc: CONTENT_ENCRYPTION_ALG, kid: this.id, cty: CONTENT_TYPE })
      .encrypt(this.#secret);
  }

  async unwrap(jwe: string): Promise<PrivateJwk> {
    const named = kekIdOfWrappedKey(jwe);
    if (named !== this.id) throw new KeyUnwrapFailed(named, 'wrapped under another key-encryption key');
    let plaintext: Uint8Array;
    try {
      ({ plaintext } = await compactDecrypt(jwe, this.#secret, {
        keyManagementAlgorithms: [KEY_MANAGEMENT_ALG],
        contentEncryptionAlgorithms: [CONTENT_ENCRYPTION_ALG],
      }));
    } catch {
      // jose's errors name the failed step only, but nothing of the JWE is worth passing on.
      throw new KeyUnwrapFailed(this.id, 'the JWE does not decrypt under this key-encryption key');
    }
    return parsePrivateJwk(plaintext, this.id);
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `LocalKeyEncryptionKey { id: '${this.id}' }`;
  }
}

/**
 * The KEKs this process holds: the current one, which wraps every new key and every rewrap, and
 * previous ones (`LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS`), which only unwrap, until the keys they
 * wrapped have been rewrapped under the current one. Each JWE names its KEK in its header, so
 * the right one is picked without trial decryption.
 */
export class KeyEncryptionKeyRing {
  readonly #byId: ReadonlyMap<string, KeyEncryptionKey>;

  constructor(
    readonly current: KeyEncryptionKey,
    readonly previous: readonly KeyEncryptionKey[] = [],
  ) {
    const byId = new Map<string, KeyEncryptionKey>();
    for (const kek of [current, ...previous]) if (!byId.has(kek.id)) byId.set(kek.id, kek);
    this.#byId = byId;
  }

  /** Whether a key wrapped under the KEK `kekId` can be unwrapped here. */
  holds(kekId: string): boolean {
    return this.#byId.has(kekId);
  }

  /** Wraps under the current KEK; resolves to the JWE and the KEK's id. */
  async wrap(privateJwk: PrivateJwk): Promise<{ wrappedPrivateKey: string; kekId: string }> {
    return { wrappedPrivateKey: await this.current.wrap(privateJwk), kekId: this.current.id };
  }

  /**
   * Unwraps with whichever KEK of the ring the JWE names.
   *
   * @throws {KeyUnwrapFailed} the JWE names a KEK not in the ring, or does not decrypt.
   */
  unwrap(jwe: string): Promise<PrivateJwk> {
    const kekId = kekIdOfWrappedKey(jwe);
    const kek = kekId === undefined ? undefined : this.#byId.get(kekId);
    if (!kek) return Promise.reject(new KeyUnwrapFailed(kekId, 'no key-encryption key of this process has that id'));
    return kek.unwrap(jwe);
  }

  toJSON(): { current: string; previous: string[] } {
    return { current: this.current.id, previous: this.previous.map((kek) => kek.id) };
  }

  [inspect.custom](): string {
    return `KeyEncryptionKeyRing { current: '${this.current.id}', previous: ${this.previous.length} }`;
  }
}

/** The id of the KEK a wrapped key names in its protected header, or `undefined` if it is not a JWE. */
export function kekIdOfWrappedKey(jwe: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(jwe);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

function parsePrivateJwk(plaintext: Uint8Array, kekId: string): PrivateJwk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    // JSON.parse's message quotes its input, which here is a private key.
    throw new KeyUnwrapFailed(kekId, 'the wrapped content is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new KeyUnwrapFailed(kekId, 'the wrapped content is not a JWK');
  const jwk: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new KeyUnwrapFailed(kekId, 'the wrapped content is not a JWK');
    jwk[name] = value;
  }
  // A private key has `d`; a symmetric key (`oct`, a subject's data key) is all `k`.
  const secret = jwk['kty'] === 'oct' ? jwk['k'] : jwk['d'];
  if (typeof jwk['kty'] !== 'string' || typeof secret !== 'string') throw new KeyUnwrapFailed(kekId, 'the wrapped content is not a private JWK');
  return jwk;
}
