import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { KeyMaterialInvalid, TokenCryptoArgumentInvalid } from './errors';
import { promisify } from 'node:util';
import { SIGNING_ALG, type SigningAlg } from './jwt-signer';
import { ensurePrivateDir, readPrivateFile, writePrivateFileAtomic } from './secure-file';
import { SigningKey, type PublicKeyMembers } from './signing-key';

/** What a key file holds. Private: only this store reads and writes it. */
type KeyFile =
  | {
      readonly version: 1;
      readonly kid: string;
      readonly alg: 'ES256';
      readonly createdAt: string;
      readonly jwk: { readonly kty: 'EC'; readonly crv: 'P-256'; readonly x: string; readonly y: string; readonly d: string };
    }
  | {
      readonly version: 1;
      readonly kid: string;
      readonly alg: 'RS256';
      readonly createdAt: string;
      /** The private JWK with its CRT members (RFC 7518 §6.3.2). */
      readonly jwk: { readonly kty: 'RSA'; readonly n: string; readonly e: string; readonly d: string; readonly [member: string]: string };
    };

/** RSA keys are made this size: RFC 7518 §3.3's minimum, Okta's size. */
const RSA_MODULUS_BITS = 2048;

const generateKeyPairAsync = promisify(generateKeyPair);

/** Authorization server ids become directory names, so only a safe alphabet is accepted. */
const AUTHORIZATION_SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A SHA-256 thumbprint in base64url is 43 characters; anything else in the folder is ignored. */
const KEY_FILE_NAME = /^[A-Za-z0-9_-]{43}\.json$/;

/**
 * Keeps the signing keys (ES256 by default, RS256 on request) of every authorization server on disk, creating the first one on
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
  loadOrCreateActiveKey(authorizationServerId: string, now: Date, alg: SigningAlg = SIGNING_ALG): Promise<{ key: SigningKey; created: boolean }> {
    return this.#serialised(authorizationServerId, async () => {
      const keys = await this.#loaded(authorizationServerId);
      const active = keys.filter((key) => key.alg === alg).at(-1);
      if (active) return { key: active, created: false };
      return { key: await this.#create(authorizationServerId, now, alg), created: true };
    });
  }

  /**
   * Generates and persists a new key, which becomes the active one (key rotation). Older keys
   * stay listed so tokens they signed still verify until the caller retires them.
   */
  createKey(authorizationServerId: string, now: Date, alg: SigningAlg = SIGNING_ALG): Promise<SigningKey> {
    return this.#serialised(authorizationServerId, async () => {
      await this.#loaded(authorizationServerId);
      return this.#create(authorizationServerId, now, alg);
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

  async #create(authorizationServerId: string, now: Date, alg: SigningAlg): Promise<SigningKey> {
    const { file, privateKey } = alg === 'RS256' ? await newRsaKeyFile(now) : await newEcKeyFile(now);
    const kid = file.kid;
    ensurePrivateDir(this.directory, true);
    const dir = this.#dirOf(authorizationServerId);
    ensurePrivateDir(dir, true);
    writePrivateFileAtomic(path.join(dir, `${kid}.json`), `${JSON.stringify(file, null, 2)}\n`, true);
    const key = new SigningKey(authorizationServerId, kid, new Date(file.createdAt), publicMembersOf(file), privateKey);
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

async function newEcKeyFile(now: Date): Promise<{ file: KeyFile; privateKey: KeyObject }> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y, d } = privateKey.export({ format: 'jwk' });
  if (!x || !y || !d) throw new KeyMaterialInvalid('generated key', 'EC JWK export lacks x, y or d');
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y }, 'sha256');
  return { file: { version: 1, kid, alg: 'ES256', createdAt: now.toISOString(), jwk: { kty: 'EC', crv: 'P-256', x, y, d } }, privateKey };
}

async function newRsaKeyFile(now: Date): Promise<{ file: KeyFile; privateKey: KeyObject }> {
  // Asynchronous: an RSA key takes tens of milliseconds to find, too long for the event loop.
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: RSA_MODULUS_BITS, publicExponent: 0x10001 });
  const jwk = privateKey.export({ format: 'jwk' });
  const { n, e, d } = jwk;
  if (!n || !e || !d) throw new KeyMaterialInvalid('generated key', 'RSA JWK export lacks n, e or d');
  const members: Record<string, string> = {};
  for (const [name, value] of Object.entries(jwk)) if (typeof value === 'string') members[name] = value;
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
  return { file: { version: 1, kid, alg: 'RS256', createdAt: now.toISOString(), jwk: { ...members, kty: 'RSA', n, e, d } }, privateKey };
}

function publicMembersOf(file: KeyFile): PublicKeyMembers {
  return file.alg === 'RS256' ? { kty: 'RSA', n: file.jwk.n, e: file.jwk.e } : { kty: 'EC', x: file.jwk.x, y: file.jwk.y };
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
  if (!isKeyFile(parsed)) throw new KeyMaterialInvalid(filePath, 'not an ES256 or RS256 key file (version 1)');
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
  const members = publicMembersOf(parsed);
  const matches = members.kty === 'RSA' ? publicJwk.n === members.n && publicJwk.e === members.e : publicJwk.x === members.x && publicJwk.y === members.y;
  if (!matches) throw new KeyMaterialInvalid(filePath, 'public key does not match private key');
  const kid = await calculateJwkThumbprint(members.kty === 'RSA' ? { kty: 'RSA', n: members.n, e: members.e } : { kty: 'EC', crv: 'P-256', x: members.x, y: members.y }, 'sha256');
  if (kid !== parsed.kid || path.basename(filePath) !== `${kid}.json`) {
    throw new KeyMaterialInvalid(filePath, 'kid does not match the key thumbprint or the file name');
  }
  try {
    return new SigningKey(authorizationServerId, kid, createdAt, members, privateKey);
  } catch {
    throw new KeyMaterialInvalid(filePath, 'not a key this service signs with');
  }
}

function isKeyFile(value: unknown): value is KeyFile {
  if (!value || typeof value !== 'object') return false;
  const file = value as Record<string, unknown>;
  const jwk = file['jwk'] as Record<string, unknown> | undefined;
  const common = file['version'] === 1 && typeof file['kid'] === 'string' && typeof file['createdAt'] === 'string' && !!jwk && typeof jwk === 'object';
  if (common && file['alg'] === 'RS256') {
    return jwk['kty'] === 'RSA' && typeof jwk['n'] === 'string' && typeof jwk['e'] === 'string' && typeof jwk['d'] === 'string';
  }
  return (
    common &&
    file['alg'] === 'ES256' &&
    jwk['kty'] === 'EC' &&
    jwk['crv'] === 'P-256' &&
    typeof jwk['x'] === 'string' &&
    typeof jwk['y'] === 'string' &&
    typeof jwk['d'] === 'string'
  );
}
