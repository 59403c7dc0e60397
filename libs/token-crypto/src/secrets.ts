import {
  randomFillSync, hash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClientSecretHashInvalid, KeyMaterialInvalid, TokenCryptoArgumentInvalid } from './errors';
import { ensurePrivateDir, errnoCode, readPrivateFile, writePrivateFileAtomic } from './secure-file';

/** Which function {@link hashClientSecret} uses. */
export type ClientSecretKdf = 'sha256' | 'scrypt';

/** Options of {@link hashClientSecret}. */
export interface HashClientSecretOptions {
  /** `sha256` (default) for generated secrets; `scrypt` for operator-chosen, guessable ones. */
  readonly kdf?: ClientSecretKdf;
}

const SECRET_KEY_BYTES = 32;
const CLIENT_SECRET_BYTES = 32;

// scrypt cost for low-entropy secrets: N = 2^15, r = 8, p = 1 uses 32 MiB and ~65 ms per hash
// (twice Django's default work factor). Fixed because the stored form `scrypt:<salt>:<hash>`
// does not record parameters: a change of cost means a new prefix.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const SCRYPT_SALT_BYTES = 16;
const SCRYPT_KEY_BYTES = 32;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A random identifier of `bytes` random bytes (default 16, i.e. 128 bits), base64url. */
export function randomId(bytes = 16): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new TokenCryptoArgumentInvalid('bytes', 'must be an integer from 1 to 1024');
  }
  if (poolOffset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + bytes);
  // Each byte is handed out once; the used part is wiped so no id lingers in memory.
  pool.fill(0, poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return id;
}

/**
 * Ids are minted several times per refresh; one CSPRNG call per 8 KiB instead of one per id
 * (as Node's own `randomUUID` cache does) takes the system call off the hot path.
 */
const POOL_SIZE = 8192;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** A new client secret: 32 random bytes (256 bits), base64url. */
export function generateClientSecret(): string {
  return randomBytes(CLIENT_SECRET_BYTES).toString('base64url');
}

/**
 * Hashes a client secret for storage: `sha256:<hex>` by default, `scrypt:<salt>:<hash>`
 * (base64url parts) with `{ kdf: 'scrypt' }`.
 *
 * Why a fast hash by default: secrets from {@link generateClientSecret} carry 256 bits of
 * entropy, so a stolen hash cannot be brute-forced whatever the hash speed; a slow KDF adds
 * nothing there but would add tens of milliseconds of CPU to every client authentication, which
 * sits on the refresh hot path. A slow KDF protects only guessable secrets, so `scrypt` is
 * offered for secrets an operator chose (it blocks for ~65 ms; call it on admin paths only).
 */
export function hashClientSecret(secret: string, options: HashClientSecretOptions = {}): string {
  assertSecret(secret);
  const kdf = options.kdf ?? 'sha256';
  if (kdf === 'sha256') return `sha256:${sha256(secret).toString('hex')}`;
  if (kdf === 'scrypt') {
    const salt = randomBytes(SCRYPT_SALT_BYTES);
    const hash = scryptSync(normalize(secret), salt, SCRYPT_KEY_BYTES, SCRYPT);
    return `scrypt:${salt.toString('base64url')}:${hash.toString('base64url')}`;
  }
  throw new TokenCryptoArgumentInvalid('options.kdf', "must be 'sha256' or 'scrypt'");
}

/**
 * Checks a presented client secret against a stored `sha256:` or `scrypt:` hash, comparing
 * equal-length digests in constant time; `false` for a wrong secret.
 *
 * Synchronous: a `sha256:` check costs about a microsecond. A `scrypt:` check blocks the event
 * loop for ~65 ms; where such clients are common, use {@link verifyClientSecretAsync}.
 *
 * @throws {ClientSecretHashInvalid} the stored hash has an unknown scheme or a malformed body
 *   (a configuration error, not a wrong secret).
 */
export function verifyClientSecret(secret: string, stored: string): boolean {
  const parsed = parseStoredHash(stored);
  if (typeof secret !== 'string') return false;
  if (parsed.scheme === 'sha256') return timingSafeEqual(sha256(secret), parsed.digest);
  return timingSafeEqual(scryptSync(normalize(secret), parsed.salt, SCRYPT_KEY_BYTES, SCRYPT), parsed.digest);
}

/**
 * {@link verifyClientSecret} with the `scrypt:` derivation run on libuv's thread pool instead of
 * the event loop. Same results, same errors (as a rejected promise).
 */
export async function verifyClientSecretAsync(secret: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (typeof secret !== 'string') return false;
  if (parsed.scheme === 'sha256') return timingSafeEqual(sha256(secret), parsed.digest);
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(normalize(secret), parsed.salt, SCRYPT_KEY_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  );
  return timingSafeEqual(derived, parsed.digest);
}

type StoredHash =
  | { readonly scheme: 'sha256'; readonly digest: Buffer }
  | { readonly scheme: 'scrypt'; readonly salt: Buffer; readonly digest: Buffer };

function parseStoredHash(stored: string): StoredHash {
  if (typeof stored !== 'string') throw new ClientSecretHashInvalid('not a string');
  const parts = stored.split(':');
  if (parts[0] === 'sha256') {
    const hex = parts[1];
    if (parts.length !== 2 || !hex || !SHA256_HEX.test(hex)) {
      throw new ClientSecretHashInvalid('sha256 hash is not sha256:<64 lowercase hex digits>');
    }
    return { scheme: 'sha256', digest: Buffer.from(hex, 'hex') };
  }
  if (parts[0] === 'scrypt') {
    const [, saltText, hashText] = parts;
    if (parts.length !== 3 || !saltText || !hashText || !BASE64URL.test(saltText) || !BASE64URL.test(hashText)) {
      throw new ClientSecretHashInvalid('scrypt hash is not scrypt:<salt>:<hash>');
    }
    const digest = Buffer.from(hashText, 'base64url');
    if (digest.length !== SCRYPT_KEY_BYTES) throw new ClientSecretHashInvalid('scrypt hash has the wrong length');
    return { scheme: 'scrypt', salt: Buffer.from(saltText, 'base64url'), digest };
  }
  throw new ClientSecretHashInvalid('unknown scheme (expected sha256: or scrypt:)');
}

/**
 * Compares two strings in constant time. Both are hashed with SHA-256 first, so the time does
 * not depend on where they differ nor reveal the length of the expected value.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return timingSafeEqual(sha256(a), sha256(b));
}

/**
 * The service's symmetric secret key (32 random bytes), e.g. for `RefreshTokenCodec`.
 *
 * When `fromEnv` names an environment variable that has a value, that value (base64url, at
 * least 32 bytes) is used, so several replicas share one key. Otherwise the key is read from
 * `filePath` (refused if group or others can access it) or, on first start, generated and
 * written there with mode 0600 (atomically; a concurrent first start keeps whichever was
 * written first). The file holds the key as one base64url line.
 *
 * @throws {KeyMaterialInvalid} the variable or file does not hold a usable key; the error
 *   names the variable or file, never the value.
 * @throws {KeyFileInsecure} the key file is accessible by group or others.
 */
export function loadOrCreateSecretKey(filePath: string, fromEnv?: string): Buffer {
  if (fromEnv) {
    const value = process.env[fromEnv];
    if (value !== undefined && value.trim() !== '') return decodeSecretKey(value.trim(), `env:${fromEnv}`);
  }
  if (fs.existsSync(filePath)) return decodeSecretKey(readPrivateFile(filePath).toString('utf8').trim(), filePath);
  ensurePrivateDir(path.dirname(filePath), false);
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    if (writePrivateFileAtomic(filePath, `${key.toString('base64url')}\n`, true)) return key;
  } catch (error: unknown) {
    throw new KeyMaterialInvalid(filePath, `cannot be written (${errnoCode(error)})`);
  }
  // Another process created it between our check and our write: use theirs.
  return decodeSecretKey(readPrivateFile(filePath).toString('utf8').trim(), filePath);
}

function decodeSecretKey(text: string, source: string): Buffer {
  if (!BASE64URL.test(text)) throw new KeyMaterialInvalid(source, 'not base64url');
  const key = Buffer.from(text, 'base64url');
  if (key.length < SECRET_KEY_BYTES) throw new KeyMaterialInvalid(source, `shorter than ${SECRET_KEY_BYTES} bytes`);
  return key;
}

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TokenCryptoArgumentInvalid('secret', 'must be a non-empty string');
  }
}

function sha256(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/** Operator-typed secrets may arrive in either Unicode form; scrypt hashes one of them. */
function normalize(secret: string): string {
  return secret.normalize('NFC');
}
