import * as fs from 'node:fs';
import * as path from 'node:path';
import { KeyMaterialInvalid, TokenCryptoError } from './errors';
import type { KeyEncryptionKeyRing } from './key-encryption-key';
import { readPrivateFile } from './secure-file';
import { identify, importPrivateJwk, privateJwkOf } from './wrapped-signing-key';
import { SigningKey } from './signing-key';

/** Authorization server ids were directory names, so only this alphabet was ever written. */
const AUTHORIZATION_SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A key file was `<kid>.json`, the kid a SHA-256 thumbprint (43 base64url characters). */
const KEY_FILE_NAME = /^[A-Za-z0-9_-]{43}\.json$/;

/** The temporary files of the old atomic write (`.<kid>.json.<12 hex>.tmp`), left by a crash mid-write. */
const TEMP_FILE_NAME = /^\.[A-Za-z0-9_-]{43}\.json\.[0-9a-f]{12}\.tmp$/;

/** One key of an old key directory, its private half already wrapped under the ring's current KEK. */
export interface LegacySigningKey {
  readonly key: SigningKey;
  readonly wrappedPrivateKey: string;
  readonly kekId: string;
  readonly file: string;
}

/** What an old key directory holds for one authorization server. */
export interface LegacyKeyFolder {
  readonly authorizationServerId: string;
  readonly directory: string;
  /** Its keys, oldest first (by `createdAt`, then kid); empty when {@link failure} is set. */
  readonly keys: readonly LegacySigningKey[];
  /** Every file that held (or may hold) a private key: the key files and leftover temporary files. */
  readonly files: readonly string[];
  /** Why the folder could not be read (an insecure or invalid key file); its files must then stay. */
  readonly failure?: TokenCryptoError;
}

/**
 * Reads the key directory of the versions that kept private signing keys in plaintext files
 * (`<dataDir>/keys/<as>/<kid>.json`, 0600) and wraps each key under the ring's current KEK, so
 * the caller can record it in the key's events and then {@link removeLegacyKeyFolder} the files.
 * A folder is all or nothing: one unreadable or insecure file fails it (its `failure`), and
 * nothing of it should then be removed. Entries that are not folders with a valid id are ignored.
 */
export async function readLegacyKeyDirectory(directory: string, ring: KeyEncryptionKeyRing): Promise<LegacyKeyFolder[]> {
  if (!fs.existsSync(directory)) return [];
  const folders: LegacyKeyFolder[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isDirectory() || !AUTHORIZATION_SERVER_ID.test(entry.name)) continue;
    const folder = path.join(directory, entry.name);
    const names = fs.readdirSync(folder);
    const files = names.filter((name) => KEY_FILE_NAME.test(name) || TEMP_FILE_NAME.test(name)).map((name) => path.join(folder, name));
    try {
      const keys: LegacySigningKey[] = [];
      for (const name of names.filter((n) => KEY_FILE_NAME.test(n))) {
        const file = path.join(folder, name);
        const { key, privateJwk } = await loadKeyFile(entry.name, file);
        keys.push({ key, file, ...(await ring.wrap(privateJwk)) });
      }
      keys.sort((a, b) => a.key.createdAt.getTime() - b.key.createdAt.getTime() || (a.key.kid < b.key.kid ? -1 : a.key.kid > b.key.kid ? 1 : 0));
      folders.push({ authorizationServerId: entry.name, directory: folder, keys, files });
    } catch (error) {
      if (!(error instanceof TokenCryptoError)) throw error;
      folders.push({ authorizationServerId: entry.name, directory: folder, keys: [], files, failure: error });
    }
  }
  return folders;
}

/**
 * Removes a folder's key files, then the folder and the key directory when nothing else is left
 * in them (anything not written by the old key store is left alone).
 */
export function removeLegacyKeyFolder(folder: LegacyKeyFolder): void {
  for (const file of folder.files) fs.rmSync(file, { force: true });
  removeIfEmpty(folder.directory);
  removeIfEmpty(path.dirname(folder.directory));
}

function removeIfEmpty(directory: string): void {
  try {
    if (fs.readdirSync(directory).length === 0) fs.rmdirSync(directory);
  } catch {
    // Already gone (another replica removed it) or not ours to remove: either way nothing to do.
  }
}

/** What an old key file held. */
interface KeyFile {
  readonly version: 1;
  readonly kid: string;
  readonly alg: 'ES256' | 'RS256';
  readonly createdAt: string;
  readonly jwk: Readonly<Record<string, string>>;
}

/** Reads, checks and imports one key file; every failure names the file and never its content. */
async function loadKeyFile(authorizationServerId: string, filePath: string): Promise<{ key: SigningKey; privateJwk: Readonly<Record<string, string>> }> {
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
  const privateKey = importPrivateJwk(parsed.jwk, filePath);
  // The public half and the kid are recomputed from the private key rather than trusted from the file.
  const { kid, members } = await identify(privateKey, filePath);
  if (kid !== parsed.kid || path.basename(filePath) !== `${kid}.json`) {
    throw new KeyMaterialInvalid(filePath, 'kid does not match the key thumbprint or the file name');
  }
  let key: SigningKey;
  try {
    key = new SigningKey(authorizationServerId, kid, createdAt, members, privateKey);
  } catch {
    throw new KeyMaterialInvalid(filePath, 'not a key this service signs with');
  }
  if (key.alg !== parsed.alg) throw new KeyMaterialInvalid(filePath, 'alg does not match the key');
  return { key, privateJwk: privateJwkOf(privateKey, filePath) };
}

function isKeyFile(value: unknown): value is KeyFile {
  if (!value || typeof value !== 'object') return false;
  const file = value as Record<string, unknown>;
  const jwk = file['jwk'];
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) return false;
  if (!Object.values(jwk).every((member) => typeof member === 'string')) return false;
  const members = jwk as Record<string, string>;
  return (
    file['version'] === 1 &&
    typeof file['kid'] === 'string' &&
    typeof file['createdAt'] === 'string' &&
    (file['alg'] === 'ES256' || file['alg'] === 'RS256') &&
    typeof members['d'] === 'string'
  );
}
