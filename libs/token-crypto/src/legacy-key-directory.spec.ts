import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { KeyEncryptionKeyRing, LocalKeyEncryptionKey } from './key-encryption-key';
import { readLegacyKeyDirectory, removeLegacyKeyFolder } from './legacy-key-directory';
import { unwrapSigningKey } from './wrapped-signing-key';

const ring = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 3)));

/** Writes a key file exactly as the old key store did (`<dir>/<as>/<kid>.json`, 0600, dirs 0700). */
async function writeOldKeyFile(keysDir: string, as: string, createdAt: string, alg: 'ES256' | 'RS256' = 'ES256'): Promise<{ kid: string; d: string; file: string }> {
  const { privateKey } = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const kid = await calculateJwkThumbprint(alg === 'RS256' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, 'sha256');
  fs.mkdirSync(path.join(keysDir, as), { recursive: true, mode: 0o700 });
  const file = path.join(keysDir, as, `${kid}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ version: 1, kid, alg, createdAt, jwk }, null, 2)}\n`, { mode: 0o600 });
  return { kid, d: jwk.d, file };
}

describe('the old key directory', () => {
  let root: string;
  let keysDir: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'token-crypto-legacy-keys-'));
    keysDir = path.join(root, 'keys');
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is nothing when absent', async () => {
    await expect(readLegacyKeyDirectory(keysDir, ring)).resolves.toEqual([]);
  });

  it('reads every folder, oldest key first, each key wrapped under the current KEK and unwrapping to the same key', async () => {
    const older = await writeOldKeyFile(keysDir, 'default', '2025-01-01T00:00:00.000Z');
    const newer = await writeOldKeyFile(keysDir, 'default', '2025-06-01T00:00:00.000Z', 'RS256');
    const other = await writeOldKeyFile(keysDir, 'other', '2025-03-01T00:00:00.000Z');
    const leftover = path.join(keysDir, 'default', `.${older.kid}.json.0123456789ab.tmp`);
    fs.writeFileSync(leftover, 'half-written', { mode: 0o600 });

    const folders = await readLegacyKeyDirectory(keysDir, ring);
    expect(folders.map((f) => [f.authorizationServerId, f.keys.map((k) => k.key.kid), f.failure])).toEqual(
      expect.arrayContaining([
        ['default', [older.kid, newer.kid], undefined],
        ['other', [other.kid], undefined],
      ]),
    );
    const folder = folders.find((f) => f.authorizationServerId === 'default')!;
    expect([...folder.files].sort()).toEqual([older.file, newer.file, leftover].sort());
    expect(folder.keys.map((k) => [k.key.alg, k.key.createdAt.toISOString(), k.kekId])).toEqual([
      ['ES256', '2025-01-01T00:00:00.000Z', ring.current.id],
      ['RS256', '2025-06-01T00:00:00.000Z', ring.current.id],
    ]);
    for (const legacy of folder.keys) {
      expect(legacy.wrappedPrivateKey).not.toContain(older.d);
      const unwrapped = await unwrapSigningKey('default', { kid: legacy.key.kid, createdAt: 0, wrappedPrivateKey: legacy.wrappedPrivateKey }, ring);
      expect(unwrapped.publicJwk).toStrictEqual(legacy.key.publicJwk);
    }

    removeLegacyKeyFolder(folder);
    expect(fs.existsSync(path.join(keysDir, 'default'))).toBe(false);
    expect(fs.existsSync(keysDir)).toBe(true);
    removeLegacyKeyFolder(folders.find((f) => f.authorizationServerId === 'other')!);
    expect(fs.existsSync(keysDir)).toBe(false);
  });

  it('fails a folder as a whole on an insecure or forged file, naming the file, and keeps its files listed for the caller to leave', async () => {
    const good = await writeOldKeyFile(keysDir, 'default', '2025-01-01T00:00:00.000Z');
    const insecure = await writeOldKeyFile(keysDir, 'loose', '2025-01-01T00:00:00.000Z');
    fs.chmodSync(insecure.file, 0o644);
    const forged = await writeOldKeyFile(keysDir, 'forged', '2025-01-01T00:00:00.000Z');
    const content = JSON.parse(fs.readFileSync(forged.file, 'utf8')) as { kid: string };
    fs.writeFileSync(forged.file, JSON.stringify({ ...content, kid: good.kid }), { mode: 0o600 });

    const folders = await readLegacyKeyDirectory(keysDir, ring);
    const byId = new Map(folders.map((f) => [f.authorizationServerId, f]));
    expect(byId.get('default')!.failure).toBeUndefined();
    expect(byId.get('loose')).toMatchObject({ keys: [], files: [insecure.file], failure: { code: 'key_file_insecure', path: insecure.file } });
    expect(byId.get('forged')).toMatchObject({ keys: [], failure: { code: 'key_material_invalid', source: forged.file } });
    expect(byId.get('forged')!.failure!.message).not.toContain(forged.d);
  });

  it('leaves what the old store never wrote (another file, a folder name it could not have made)', async () => {
    const key = await writeOldKeyFile(keysDir, 'default', '2025-01-01T00:00:00.000Z');
    fs.writeFileSync(path.join(keysDir, 'default', 'README'), 'mine');
    fs.mkdirSync(path.join(keysDir, '.hidden'));
    const folders = await readLegacyKeyDirectory(keysDir, ring);
    expect(folders.map((f) => f.authorizationServerId)).toEqual(['default']);
    removeLegacyKeyFolder(folders[0]);
    expect(fs.existsSync(key.file)).toBe(false);
    expect(fs.readdirSync(path.join(keysDir, 'default'))).toEqual(['README']);
  });
});
