import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { verifyJwt } from './jwt-verifier';
import { SigningKeyStore } from './signing-key-store';

const NOW = new Date('2025-01-15T10:00:00Z');
const LATER = new Date('2025-04-15T10:00:00Z');

function mode(p: string): number {
  return fs.statSync(p).mode & 0o777;
}

describe('SigningKeyStore', () => {
  let root: string;
  let keysDir: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'token-crypto-keys-'));
    keysDir = path.join(root, 'keys');
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates RS256 keys (RSA 2048) on request, stored 0600 like the EC ones, reloaded by a new store, and verified as RS256 only', async () => {
    const store = new SigningKeyStore(keysDir);
    const es = await store.loadOrCreateActiveKey('rsa', NOW);
    const { key, created } = await store.loadOrCreateActiveKey('rsa', LATER, 'RS256');
    expect(created).toBe(true);
    expect(key.alg).toBe('RS256');
    expect(key.publicJwk).toStrictEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: key.kid, alg: 'RS256', use: 'sig' });
    expect(Buffer.from((key.publicJwk as { n: string }).n, 'base64url')).toHaveLength(256);
    expect(mode(path.join(keysDir, 'rsa', `${key.kid}.json`))).toBe(0o600);
    expect(JSON.stringify(key)).toBe(JSON.stringify({ kid: key.kid }));

    const reloaded = new SigningKeyStore(keysDir);
    expect((await reloaded.loadOrCreateActiveKey('rsa', LATER, 'RS256')).created).toBe(false);
    expect((await reloaded.loadOrCreateActiveKey('rsa', LATER)).key.kid).toBe(es.key.kid);
    const again = await reloaded.getKey('rsa', key.kid);
    expect(again?.publicJwk).toStrictEqual(key.publicJwk);

    const token = again!.signer.sign({ iss: 'i', sub: 's', iat: 1, exp: 2_000_000_000 }, { typ: 'JWT' });
    await expect(verifyJwt(token, { keys: [key.publicJwk], issuer: 'i', currentDate: NOW })).resolves.toMatchObject({ protectedHeader: { alg: 'RS256' } });
    // The EC key's kid with an RS256 header, or the reverse, finds no key.
    await expect(verifyJwt(token, { keys: [{ ...es.key.publicJwk, kid: key.kid }], issuer: 'i', currentDate: NOW })).rejects.toBeDefined();
  });

  it('creates an ES256 key on first use, stored as <dir>/<as>/<kid>.json, file 0600 and directories 0700', async () => {
    const { key, created } = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);

    expect(created).toBe(true);
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.alg).toBe('ES256');
    expect(key.createdAt).toEqual(NOW);
    expect(key.authorizationServerId).toBe('default');
    expect(key.publicJwk).toStrictEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: key.kid, alg: 'ES256', use: 'sig' });
    const file = path.join(keysDir, 'default', `${key.kid}.json`);
    expect(fs.readdirSync(path.join(keysDir, 'default'))).toStrictEqual([`${key.kid}.json`]);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.join(keysDir, 'default'))).toBe(0o700);
    expect(mode(keysDir)).toBe(0o700);
  });

  it('reloads the same key (same kid, same createdAt) in a new store, without creating another', async () => {
    const first = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    const again = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', LATER);

    expect(again.created).toBe(false);
    expect(again.key.kid).toBe(first.key.kid);
    expect(again.key.createdAt).toEqual(NOW);
    expect(again.key.publicJwk).toStrictEqual(first.key.publicJwk);
  });

  it('signs with the reloaded key so that tokens verify against the first published JWK', async () => {
    const first = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    const { key } = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    const token = key.signer.sign({ iss: 'https://i', exp: 1_800_000_000 }, { typ: 'at+jwt' });
    await expect(verifyJwt(token, { keys: [first.key.publicJwk], issuer: 'https://i', currentDate: NOW })).resolves.toBeDefined();
  });

  it('creates one key when first uses race', async () => {
    const store = new SigningKeyStore(keysDir);
    const results = await Promise.all([1, 2, 3, 4].map(() => store.loadOrCreateActiveKey('default', NOW)));
    expect(new Set(results.map((r) => r.key.kid)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(fs.readdirSync(path.join(keysDir, 'default'))).toHaveLength(1);
  });

  it('keeps authorization servers apart', async () => {
    const store = new SigningKeyStore(keysDir);
    const a = await store.loadOrCreateActiveKey('default', NOW);
    const b = await store.loadOrCreateActiveKey('aus1partner', NOW);
    expect(a.key.kid).not.toBe(b.key.kid);
    expect((await store.listKeys('default')).map((k) => k.kid)).toStrictEqual([a.key.kid]);
  });

  it('rotates: createKey makes the newest key active, listKeys keeps the old one (oldest first), getKey finds by kid', async () => {
    const store = new SigningKeyStore(keysDir);
    const { key: old } = await store.loadOrCreateActiveKey('default', NOW);
    const rotated = await store.createKey('default', LATER);

    expect((await store.loadOrCreateActiveKey('default', LATER)).key.kid).toBe(rotated.kid);
    expect((await store.listKeys('default')).map((k) => k.kid)).toStrictEqual([old.kid, rotated.kid]);
    expect((await new SigningKeyStore(keysDir).listKeys('default')).map((k) => k.kid)).toStrictEqual([old.kid, rotated.kid]);
    expect((await store.getKey('default', old.kid))?.kid).toBe(old.kid);
    expect(await store.getKey('default', 'nope')).toBeUndefined();
  });

  it('getKey finds a key another store wrote into the shared directory after it loaded (a rotation on another replica)', async () => {
    const replicaA = new SigningKeyStore(keysDir);
    const replicaB = new SigningKeyStore(keysDir);
    await replicaA.loadOrCreateActiveKey('default', NOW);
    await replicaB.listKeys('default');
    const rotated = await replicaA.createKey('default', LATER);

    const found = await replicaB.getKey('default', rotated.kid);

    expect(found?.kid).toBe(rotated.kid);
    expect(found?.publicJwk).toStrictEqual(rotated.publicJwk);
    expect((await replicaB.listKeys('default')).map((k) => k.kid)).toContain(rotated.kid);
    expect(await replicaB.getKey('default', '../../etc/passwd')).toBeUndefined();
  });

  it('refuses a group-readable key file, naming the file and not its content', async () => {
    const { key } = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    const file = path.join(keysDir, 'default', `${key.kid}.json`);
    fs.chmodSync(file, 0o640);
    const d = JSON.parse(fs.readFileSync(file, 'utf8')).jwk.d as string;

    const attempt = new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);

    await expect(attempt).rejects.toMatchObject({ code: 'key_file_insecure', path: file, mode: 0o640 });
    await expect(attempt).rejects.toThrow(file);
    await attempt.catch((error: Error) => expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(d));
  });

  it('refuses a world-writable key file too', async () => {
    const { key } = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    fs.chmodSync(path.join(keysDir, 'default', `${key.kid}.json`), 0o602);
    await expect(new SigningKeyStore(keysDir).listKeys('default')).rejects.toMatchObject({ code: 'key_file_insecure' });
  });

  it('refuses a corrupt key file without quoting it', async () => {
    const { key } = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    const file = path.join(keysDir, 'default', `${key.kid}.json`);
    fs.writeFileSync(file, '{"jwk": {"d": "TOPSECRET"', { mode: 0o600 });

    const attempt = new SigningKeyStore(keysDir).listKeys('default');

    await expect(attempt).rejects.toMatchObject({ code: 'key_material_invalid', source: file, reason: 'not valid JSON' });
    await attempt.catch((error: Error) => expect(error.message).not.toContain('TOPSECRET'));
  });

  it('refuses a key file whose name or kid is not the thumbprint of its key', async () => {
    const store = new SigningKeyStore(keysDir);
    const { key } = await store.loadOrCreateActiveKey('default', NOW);
    const dir = path.join(keysDir, 'default');
    const wrongName = `${'A'.repeat(43)}.json`;
    fs.renameSync(path.join(dir, `${key.kid}.json`), path.join(dir, wrongName));
    await expect(new SigningKeyStore(keysDir).listKeys('default')).rejects.toMatchObject({ code: 'key_material_invalid', source: path.join(dir, wrongName) });
  });

  it('ignores leftover temporary files and foreign files', async () => {
    const { key } = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    const dir = path.join(keysDir, 'default');
    fs.writeFileSync(path.join(dir, `.${key.kid}.json.abcdef.tmp`), 'partial', { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'README'), 'x', { mode: 0o644 });
    expect((await new SigningKeyStore(keysDir).listKeys('default')).map((k) => k.kid)).toStrictEqual([key.kid]);
  });

  it.each(['', '../etc', 'a/b', '.hidden', 'x'.repeat(129)])('refuses authorization server id %j', async (id) => {
    await expect(new SigningKeyStore(keysDir).loadOrCreateActiveKey(id, NOW)).rejects.toMatchObject({ code: 'token_crypto_argument_invalid' });
  });

  it('shows no private material through JSON.stringify or util.inspect of a SigningKey', async () => {
    const { key } = await new SigningKeyStore(keysDir).loadOrCreateActiveKey('default', NOW);
    const d = JSON.parse(fs.readFileSync(path.join(keysDir, 'default', `${key.kid}.json`), 'utf8')).jwk.d as string;

    const json = JSON.stringify(key);
    const inspected = inspect(key, { showHidden: true, depth: Infinity });
    const nested = JSON.stringify({ log: { key, signer: key.signer } }) + inspect({ key, signer: key.signer }, { showHidden: true, depth: Infinity });

    expect(JSON.parse(json)).toStrictEqual({ kid: key.kid });
    expect(inspected).toBe(`SigningKey { kid: '${key.kid}' }`);
    for (const rendered of [json, inspected, nested]) {
      expect(rendered).not.toContain(d);
      expect(rendered).not.toMatch(/"d"|\bd:/);
    }
    expect(key.publicJwk).not.toHaveProperty('d');
  });
});
