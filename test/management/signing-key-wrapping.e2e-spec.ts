import { signingKeysDecider, signingKeysStreamName, type SigningKeysEvent } from '@ledger/domain';
import { CommandLoop, fullFoldLoader } from '@ledger/event-sourcing';
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KEY_GENERATION_COMMAND } from '@ledger/config';
import { ADMIN_TOKEN, keyEncryptionKeyOf, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { eventCount } from '../support/family-events';
import { postForm } from '../support/http';
import { filesHoldingPrivateKeys } from '../support/private-keys-on-disk';
import { issueFamily, refresh } from '../support/token-flows';

const client = TEST_CLIENTS.rotate30;
const STREAM = signingKeysStreamName('default');
const MINUTE = 60_000;

/** Events of a key stream, typed. */
async function keyEvents(ledger: TestLedger, stream = STREAM): Promise<SigningKeysEvent[]> {
  return (await ledger.store.readStream(stream)).map((e) => ({ type: e.type, data: e.data }) as SigningKeysEvent);
}

async function signingKid(ledger: TestLedger, as = 'default'): Promise<string | undefined> {
  return decodeProtectedHeader((await issueFamily(ledger, client.id, { as })).access_token).kid;
}

/** A key pair and the file the versions before issue 16 kept it in. */
interface OldKey {
  readonly kid: string;
  readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid: string; alg: 'ES256'; use: 'sig' };
  readonly fileContent: string;
}

async function oldStyleKey(createdAt: string): Promise<OldKey> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as { kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, 'sha256');
  // Exactly the old SigningKeyStore's format: `<dataDir>/keys/<as>/<kid>.json`, pretty-printed.
  const fileContent = `${JSON.stringify({ version: 1, kid, alg: 'ES256', createdAt, jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d } }, null, 2)}\n`;
  return { kid, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' }, fileContent };
}

function writeOldKeyFile(dataDir: string, as: string, key: OldKey, mode = 0o600): string {
  const dir = path.join(dataDir, 'keys', as);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${key.kid}.json`);
  fs.writeFileSync(file, key.fileContent, { mode });
  fs.chmodSync(file, mode);
  return file;
}

describe('an old keys/ directory is imported once at start, then removed', () => {
  const clock = new SteppableClock();
  let ledger: TestLedger | undefined;
  afterEach(async () => {
    await ledger?.close();
    ledger = undefined;
  });

  it('a key the old version recorded (public half only) and kept in keys/: the same kid keeps signing, wrapped in the stream, and the files are gone', async () => {
    // The old version's state: its first key, then a rotation recorded with the public half only.
    const first = await startLedger({ clock });
    const dataDir = first.dataDir;
    const old = await oldStyleKey(new Date(clock.now()).toISOString());
    const loop = new CommandLoop(first.store);
    await loop.run({
      streamName: STREAM,
      decider: signingKeysDecider,
      load: fullFoldLoader(signingKeysDecider),
      // The old RotateSigningKey carried no wrapped half: the key lived in the file only.
      command: { type: 'RotateSigningKey', data: { authorizationServerId: 'default', key: { kid: old.kid, alg: 'ES256', publicJwk: old.publicJwk, createdAt: clock.now() }, now: clock.now() } } as never,
      commandId: 'old-version-rotation',
      metadata: { actor: 'admin:service' },
    });
    await first.close();
    const file = writeOldKeyFile(dataDir, 'default', old);
    expect(filesHoldingPrivateKeys(dataDir)).toEqual([path.join('keys', 'default', `${old.kid}.json`)]);

    ledger = await startLedger({ dataDir, clock });

    const events = await keyEvents(ledger);
    expect(events.map((e) => e.type)).toEqual(['SigningKeyCreated', 'SigningKeyCreated', 'SigningKeyRotated', 'SigningKeyRewrapped']);
    expect(events[1].data).not.toHaveProperty('wrappedPrivateKey');
    expect(events[3].data).toEqual({ authorizationServerId: 'default', kid: old.kid, wrappedPrivateKey: expect.any(String), kekId: expect.stringMatching(/^local:/) });
    expect(await signingKid(ledger)).toBe(old.kid);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
    expect(filesHoldingPrivateKeys(dataDir)).toEqual([]);
    expect(ledger.logs.parsed().find((line) => String(line.msg).startsWith('imported the old key directory'))).toMatchObject({ authorizationServerId: 'default', kidsImported: [old.kid], filesRemoved: 1 });

    // Once: a restart records nothing more and signs with the same key, unwrapped from the stream.
    await ledger.close();
    ledger = await startLedger({ dataDir, clock });
    expect((await keyEvents(ledger)).map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(await signingKid(ledger)).toBe(old.kid);
  });

  it('a data directory with keys/ but no recorded key: the newest key file becomes the first key, wrapped', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-import-'));
    const older = await oldStyleKey('2025-01-01T00:00:00.000Z');
    const newer = await oldStyleKey('2025-06-01T00:00:00.000Z');
    writeOldKeyFile(dataDir, 'default', older);
    writeOldKeyFile(dataDir, 'default', newer);

    ledger = await startLedger({ dataDir, clock });

    const events = await keyEvents(ledger);
    expect(events).toEqual([
      {
        type: 'SigningKeyCreated',
        data: { authorizationServerId: 'default', kid: newer.kid, alg: 'ES256', publicJwk: newer.publicJwk, createdAt: Date.parse('2025-06-01T00:00:00.000Z'), wrappedPrivateKey: expect.any(String), kekId: expect.any(String) },
      },
    ]);
    expect(await signingKid(ledger)).toBe(newer.kid);
    // The older file never signed anything here and is dropped with the rest.
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
    // The other server had no folder: it got a fresh key as on any first start.
    expect((await keyEvents(ledger, signingKeysStreamName('other'))).map((e) => e.type)).toEqual(['SigningKeyCreated']);
  });

  it('a folder with an insecure key file is left in place, and its server gets no new key instead', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-import-'));
    const loose = await oldStyleKey('2025-01-01T00:00:00.000Z');
    const file = writeOldKeyFile(dataDir, 'other', loose, 0o644);

    ledger = await startLedger({ dataDir, clock });

    expect(fs.existsSync(file)).toBe(true);
    expect(await ledger.store.readStream(signingKeysStreamName('other'))).toEqual([]);
    const refused = ledger.logs.parsed().find((line) => String(line.msg).startsWith('the old key directory of an authorization server cannot be imported'));
    expect(refused).toMatchObject({ authorizationServerId: 'other', error: expect.stringContaining('chmod 600') });
    expect(JSON.stringify(refused)).not.toContain(JSON.parse(loose.fileContent).jwk.d);
    expect(ledger.logs.parsed().find((line) => line.msg === 'configuration ready')).toMatchObject({ authorizationServersWithoutSigningKeys: ['other'] });
    // It answers as any server whose signing key is unavailable, and appends nothing.
    const before = await eventCount(ledger);
    const issued = await postForm(`${ledger.baseUrl}/api/v1/authorizationServers/other/tokens`, { client_id: client.id, sub: 'alice', scope: 'openid offline_access' }, {
      authorization: `Bearer ${ADMIN_TOKEN}`,
    });
    expect({ status: issued.status, body: issued.body }).toEqual({ status: 500, body: { error: 'server_error', error_description: 'The server encountered an unexpected error.' } });
    expect(await eventCount(ledger)).toBe(before);
    // The default server is unaffected.
    expect(await signingKid(ledger)).toBe(((await keyEvents(ledger))[0].data as { kid: string }).kid);
    // The operator's file, not the service's doing: taken away so the harness's disk check passes.
    fs.rmSync(path.join(dataDir, 'keys'), { recursive: true });
  });
});

describe('rewrapping under a new key-encryption key (POST /api/v1/signing-keys/rewrap)', () => {
  const clock = new SteppableClock();
  const NEW_KEK = Buffer.alloc(32, 0x6e).toString('base64url');
  let ledger: TestLedger | undefined;
  afterAll(async () => {
    await ledger?.close();
  });
  const rewrap = async (headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }) => {
    const response = await fetch(`${ledger!.baseUrl}/api/v1/signing-keys/rewrap`, { method: 'POST', headers });
    return { status: response.status, text: await response.text() };
  };

  it('rewraps every key of a previous KEK, after which the previous KEK is no longer needed; the same keys keep signing', async () => {
    ledger = await startLedger({ clock });
    const dataDir = ledger.dataDir;
    // Two keys on the default server (one retired by rotation), one on the other.
    clock.advance(MINUTE);
    const rotated = await fetch(`${ledger.baseUrl}/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(rotated.status).toBe(200);
    const activeKid = await signingKid(ledger);
    const otherKid = await signingKid(ledger, 'other');
    const family = await issueFamily(ledger, client.id);
    await ledger.close();
    const oldKek = keyEncryptionKeyOf(dataDir).toString('base64url');
    const newKekOnly = { LEDGER_KEY_ENCRYPTION_KEY: NEW_KEK, LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS: '' };

    // The new KEK alone cannot open the keys: the seals' key neither, so the log cannot be
    // verified and the integrity gate refuses to serve; a rewrap (still open) says which KEK is missing.
    ledger = await startLedger({ dataDir, clock, env: newKekOnly });
    const refused = await refresh(ledger, client, family.refresh_token!);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: 'temporarily_unavailable' });
    const stuck = await rewrap();
    expect(stuck.status).toBe(200);
    const stuckBody = JSON.parse(stuck.text) as { rewrapped: unknown[]; failed: { kekId: string; reason: string }[] };
    expect(stuckBody.rewrapped).toEqual([]);
    expect(stuckBody.failed).toHaveLength(3);
    for (const failure of stuckBody.failed) expect(failure).toMatchObject({ reason: 'key_unwrap_failed', kekId: expect.stringMatching(/^local:/) });
    expect(stuck.text).toContain('"sealingKeys":{"rewrapped":[],"alreadyCurrent":0,"failed":[{"keyId"');
    await ledger.close();

    // With the previous KEK given for unwrapping, it signs as before, and the rewrap moves every key.
    ledger = await startLedger({ dataDir, clock, env: { LEDGER_KEY_ENCRYPTION_KEY: NEW_KEK, LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS: ` ${oldKek} ` } });
    expect(await signingKid(ledger)).toBe(activeKid);
    expect((await rewrap({})).status).toBe(401);
    const done = await rewrap();
    expect(done.status).toBe(200);
    const body = JSON.parse(done.text) as { kekId: string; rewrapped: { authorizationServerId: string; kid: string; previousKekId: string }[]; alreadyCurrent: number; failed: unknown[] };
    expect(body.failed).toEqual([]);
    expect(body.alreadyCurrent).toBe(0);
    // The data key of the family's subject (its personal fields) is under the same KEK, and moves too.
    expect(JSON.parse(done.text).subjectDataKeys).toEqual({ rewrapped: 1, alreadyCurrent: 0, failed: [] });
    expect(body.rewrapped.map((r) => r.authorizationServerId).sort()).toEqual(['default', 'default', 'other']);
    expect(new Set(body.rewrapped.map((r) => r.previousKekId)).size).toBe(1);
    expect(body.rewrapped.map((r) => r.previousKekId)[0]).not.toBe(body.kekId);
    // The ledger's sealing key too, or its seals would not verify once the previous KEK is gone.
    expect(JSON.parse(done.text).sealingKeys).toMatchObject({ rewrapped: [{ keyId: expect.any(String), previousKekId: body.rewrapped[0].previousKekId }], failed: [] });
    // The answer names keys and key-encryption keys, never key material.
    const events = await keyEvents(ledger);
    const rewrappedEvents = events.filter((e) => e.type === 'SigningKeyRewrapped');
    expect(rewrappedEvents).toHaveLength(2);
    for (const event of rewrappedEvents) {
      expect(event.data).toMatchObject({ kekId: body.kekId });
      expect(done.text).not.toContain((event.data as { wrappedPrivateKey: string }).wrappedPrivateKey.split('.')[1]);
    }
    expect(done.text).not.toContain(oldKek);
    expect(done.text).not.toContain(NEW_KEK);

    // Idempotent: nothing left to do, nothing recorded.
    const again = JSON.parse((await rewrap()).text) as { rewrapped: unknown[]; alreadyCurrent: number };
    expect(again).toMatchObject({ rewrapped: [], alreadyCurrent: 3 });
    expect(await keyEvents(ledger)).toHaveLength(events.length);
    await ledger.close();

    // The previous KEK retired: the same keys sign and refresh, unwrapped with the new one alone.
    ledger = await startLedger({ dataDir, clock, env: newKekOnly });
    expect(await signingKid(ledger)).toBe(activeKid);
    expect(await signingKid(ledger, 'other')).toBe(otherKid);
    const refreshed = await refresh(ledger, client, family.refresh_token!);
    expect(refreshed.status).toBe(200);
    expect(decodeProtectedHeader(refreshed.body.access_token).kid).toBe(activeKid);
  });
});

describe('on EventStoreDB, the shared keys must be given', () => {
  it('refuses to start without the key-encryption key and the token key, saying how to make them', async () => {
    // Checked before the store is dialled: no server is needed at that address.
    const start = startLedger({ env: { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false', LEDGER_KEY_ENCRYPTION_KEY: '', LEDGER_TOKEN_KEY: '' } });
    await expect(start).rejects.toThrow('LEDGER_KEY_ENCRYPTION_KEY (or LEDGER_KEY_ENCRYPTION_KEY_FILE) and LEDGER_TOKEN_KEY');
    await expect(start).rejects.toThrow(KEY_GENERATION_COMMAND);
  });
});

describe('no file under the data directory holds a private key', () => {
  let ledger: TestLedger;
  const clock = new SteppableClock();
  beforeAll(async () => {
    ledger = await startLedger({ clock });
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('after issuing, refreshing and rotating, no file holds "d": (the check every harness close runs), though the events hold the wrapped keys', async () => {
    const issued = await issueFamily(ledger, client.id);
    expect((await refresh(ledger, client, issued.refresh_token!)).status).toBe(200);
    const rotated = await fetch(`${ledger.baseUrl}/api/v1/authorizationServers/other/credentials/lifecycle/keyRotate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(rotated.status).toBe(200);
    expect(filesHoldingPrivateKeys(ledger.dataDir)).toEqual([]);
    if (process.env.LEDGER_TEST_STORE !== 'esdb') {
      // Positive control: the scan reads the SQLite files, where the wrapped keys are plain bytes.
      const wrapped = ((await keyEvents(ledger))[0].data as { wrappedPrivateKey: string }).wrappedPrivateKey;
      const stored = fs.readdirSync(ledger.dataDir).filter((name) => name.startsWith('events.db')).map((name) => fs.readFileSync(path.join(ledger.dataDir, name)));
      expect(stored.some((bytes) => bytes.includes(wrapped))).toBe(true);
    }
  });

  it('the scan finds a private JWK in a text file and inside a binary one (so it can fail)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-scan-'));
    const key = await oldStyleKey('2025-01-01T00:00:00.000Z');
    writeOldKeyFile(dir, 'default', key);
    const compact = Buffer.from(JSON.stringify(JSON.parse(key.fileContent)));
    fs.writeFileSync(path.join(dir, 'blob.db'), Buffer.concat([Buffer.from([0, 1, 2, 0xff]), compact, Buffer.from([0, 0])]));
    fs.writeFileSync(path.join(dir, 'public.json'), JSON.stringify(key.publicJwk));
    expect(filesHoldingPrivateKeys(dir)).toEqual(['blob.db', path.join('keys', 'default', `${key.kid}.json`)]);
    fs.rmSync(dir, { recursive: true });
  });
});
