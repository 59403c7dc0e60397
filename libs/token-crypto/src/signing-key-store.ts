import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { KeyMaterialInvalid, TokenCryptoArgumentInvalid } from './errors';
import { SIGNING_ALG } from './jwt-signer';
import { ensurePrivateDir, readPrivateFile, writePrivateFileAtomic } from './secure-file';
import { SigningKey } from './signing-key';

/** What a key file holds. Private: only this store reads and writes it. */
interface KeyFile {
  readonly version: 1;
  readonly kid: string;
  readonly alg: typeof SIGNING_ALG;
  readonly createdAt: string;
  readonly jwk: { readonly kty: 'EC'; readonly crv: 'P-256'; readonly x: string; readonly y: string; readonly d: string };
}

/** Authorization server ids become directory names, so only a safe alphabet is accepted. */
const AUTHORIZATION_SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A SHA-256 thumbprint in base64url is 43 characters; anything else in the folder is ignored. */
const KEY_FILE_NAME = /^[A-Za-z0-9_-]{43}\.json$/;

/**
 * Keeps the ES256 signing keys of every authorization server on disk, creating the first one on
 * first use.
 *
 * Layout: `<directory>/<authorizationServerId>/<kid>.json`, directories 0700, files 0600 written
 * atomically (temporary file, then link into place). A key file that group or others can access
 * is refused on load. Private keys never leave this process by any other route: only public JWKs
 * and key ids go into events (SPEC §9).
 *
 * Keys are read from disk once per authorization server and then served from memory, so the
 * refresh path never touches the filesystem. Calls for one authorization server are serialised,
 * so concurrent first uses create one key, not two.
 */
export class SigningKeyStore {
  readonly #keys = new Map<string, SigningKey[]>();
  readonly #queues = new Map<string, Promise<unknown>>();

  /** @param directory the root of the key folders, e.g. `<dataDir>/keys`. */
  constructor(readonly directory: string) {}

  /**
   * The key new tokens are signed with (the newest by `createdAt`), created and persisted now
   * when the authorization server has none yet; `created` tells the caller to record a
   * key-created event with its public JWK.
   *
   * @throws {KeyFileInsecure} a key file is accessible by group or others.
   * @throws {KeyMaterialInvalid} a key file is unreadable, malformed or does not match its kid.
   */
  loadOrCreateActiveKey(authorizationServerId: string, now: Date): Promise<{ key: SigningKey; created: boolean }> {
    return this.#serialised(authorizationServerId, async () => {
      const keys = await this.#loaded(authorizationServerId);
      const active = keys.at(-1);
      if (active) return { key: active, created: false };
      return { key: await this.#create(authorizationServerId, now), created: true };
    });
  }

  /**
   * Generates and persists a new key, which becomes the active one (key rotation). Older keys
   * stay listed so tokens they signed still verify until the caller retires them.
   */
  createKey(authorizationServerId: string, now: Date): Promise<SigningKey> {
    return this.#serialised(authorizationServerId, async () => {
      await this.#loaded(authorizationServerId);
      return this.#create(authorizationServerId, now);
    });
  }

  /** Every key of the authorization server, oldest first (the last one is the active one). */
  listKeys(authorizationServerId: string): Promise<SigningKey[]> {
    return this.#serialised(authorizationServerId, async () => [...(await this.#loaded(authorizationServerId))]);
  }

  /**
   * The key with this `kid`, or `undefined`. A kid not loaded yet is looked for on disk once
   * more, so a key that another process wrote into a shared directory after this store loaded
   * it (a rotation on another replica) is found.
   *
   * @throws {KeyFileInsecure} the key file is accessible by group or others.
   * @throws {KeyMaterialInvalid} the key file is unreadable, malformed or does not match its kid.
   */
  getKey(authorizationServerId: string, kid: string): Promise<SigningKey | undefined> {
    return this.#serialised(authorizationServerId, async () => {
      const keys = await this.#loaded(authorizationServerId);
      const known = keys.find((key) => key.kid === kid);
      // The name check also keeps a hostile kid from naming a path outside the folder.
      if (known || !KEY_FILE_NAME.test(`${kid}.json`)) return known;
      const file = path.join(this.#dirOf(authorizationServerId), `${kid}.json`);
      if (!fs.existsSync(file)) return undefined;
      const key = await loadKeyFile(authorizationServerId, file);
      keys.push(key);
      keys.sort(byCreatedAtThenKid);
      return key;
    });
  }

  #serialised<T>(authorizationServerId: string, task: () => Promise<T>): Promise<T> {
    if (!AUTHORIZATION_SERVER_ID.test(authorizationServerId)) {
      return Promise.reject(
        new TokenCryptoArgumentInvalid('authorizationServerId', 'must match [A-Za-z0-9][A-Za-z0-9_-]{0,127}'),
      );
    }
    const previous = this.#queues.get(authorizationServerId) ?? Promise.resolve();
    const result = previous.then(task, task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(authorizationServerId, settled);
    void settled.then(() => {
      if (this.#queues.get(authorizationServerId) === settled) this.#queues.delete(authorizationServerId);
    });
    return result;
  }

  async #loaded(authorizationServerId: string): Promise<SigningKey[]> {
    const cached = this.#keys.get(authorizationServerId);
    if (cached) return cached;
    const dir = this.#dirOf(authorizationServerId);
    const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => KEY_FILE_NAME.test(name)) : [];
    const keys: SigningKey[] = [];
    for (const name of names) keys.push(await loadKeyFile(authorizationServerId, path.join(dir, name)));
    keys.sort(byCreatedAtThenKid);
    this.#keys.set(authorizationServerId, keys);
    return keys;
  }

  async #create(authorizationServerId: string, now: Date): Promise<SigningKey> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const { x, y, d } = jwk;
    if (!x || !y || !d) throw new KeyMaterialInvalid('generated key', 'EC JWK export lacks x, y or d');
    const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y }, 'sha256');
    const file: KeyFile = {
      version: 1,
      kid,
      alg: SIGNING_ALG,
      createdAt: now.toISOString(),
      jwk: { kty: 'EC', crv: 'P-256', x, y, d },
    };
    ensurePrivateDir(this.directory, true);
    const dir = this.#dirOf(authorizationServerId);
    ensurePrivateDir(dir, true);
    writePrivateFileAtomic(path.join(dir, `${kid}.json`), `${JSON.stringify(file, null, 2)}\n`, true);
    const key = new SigningKey(authorizationServerId, kid, new Date(file.createdAt), { x, y }, privateKey);
    const keys = this.#keys.get(authorizationServerId) ?? [];
    keys.push(key);
    keys.sort(byCreatedAtThenKid);
    this.#keys.set(authorizationServerId, keys);
    return key;
  }

  #dirOf(authorizationServerId: string): string {
    return path.join(this.directory, authorizationServerId);
  }
}

function byCreatedAtThenKid(a: SigningKey, b: SigningKey): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0);
}

/** Reads, checks and imports one key file; every failure names the file and never its content. */
async function loadKeyFile(authorizationServerId: string, filePath: string): Promise<SigningKey> {
  const raw = readPrivateFile(filePath).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Node's JSON.parse message quotes the input, which here is a private key.
    throw new KeyMaterialInvalid(filePath, 'not valid JSON');
  }
  if (!isKeyFile(parsed)) throw new KeyMaterialInvalid(filePath, 'not an ES256 key file (version 1)');
  const createdAt = new Date(parsed.createdAt);
  if (Number.isNaN(createdAt.getTime())) throw new KeyMaterialInvalid(filePath, 'createdAt is not a date');

  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { ...parsed.jwk }, format: 'jwk' });
  } catch {
    throw new KeyMaterialInvalid(filePath, 'private key cannot be imported');
  }
  // The public half is recomputed from the private key rather than trusted from the file.
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (publicJwk.x !== parsed.jwk.x || publicJwk.y !== parsed.jwk.y) {
    throw new KeyMaterialInvalid(filePath, 'public key does not match private key');
  }
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: parsed.jwk.x, y: parsed.jwk.y }, 'sha256');
  if (kid !== parsed.kid || path.basename(filePath) !== `${kid}.json`) {
    throw new KeyMaterialInvalid(filePath, 'kid does not match the key thumbprint or the file name');
  }
  return new SigningKey(authorizationServerId, kid, createdAt, { x: parsed.jwk.x, y: parsed.jwk.y }, privateKey);
}

function isKeyFile(value: unknown): value is KeyFile {
  if (!value || typeof value !== 'object') return false;
  const file = value as Record<string, unknown>;
  const jwk = file['jwk'] as Record<string, unknown> | undefined;
  return (
    file['version'] === 1 &&
    file['alg'] === SIGNING_ALG &&
    typeof file['kid'] === 'string' &&
    typeof file['createdAt'] === 'string' &&
    !!jwk &&
    typeof jwk === 'object' &&
    jwk['kty'] === 'EC' &&
    jwk['crv'] === 'P-256' &&
    typeof jwk['x'] === 'string' &&
    typeof jwk['y'] === 'string' &&
    typeof jwk['d'] === 'string'
  );
}
