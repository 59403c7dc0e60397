import Database from 'better-sqlite3';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ProjectionRunner } from '@ledger/projections';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';

import { RetentionJanitor } from '../../apps/token-service/src/retention/retention-janitor';
import { runCli } from '../cli/run-cli';
import { basic, postForm, send } from '../support/http';
import { ADMIN_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { audit } from './audit-client';

const MINUTE = 60_000;
const DAY = 86_400_000;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The embedded store deletes rows; EventStoreDB (the `e2e-esdb` project) truncates streams. */
const EMBEDDED = process.env.LEDGER_TEST_STORE !== 'esdb';

/**
 * Retention of the event log (`LEDGER_RETENTION_DAYS`), end to end on the real app under a
 * stepped clock: families revoked or expired longer ago than the retention are removed with a
 * removal record, and so are used private_key_jwt assertion and DPoP proof ids past their expiry; verify (API and
 * CLI) stays ok and reports them as removed and recorded; a live family refreshes afterwards;
 * and an event deleted by hand, not by retention, still fails verify as missing.
 */
describe('event-log retention', () => {
  const client = TEST_CLIENTS.rotate30;
  const pkjwtClient = 'retention-pkjwt';
  let dataDir: string;
  let clock: SteppableClock;
  let ledger: TestLedger | undefined;
  let key: { privateKey: KeyLike; publicJwk: JWK };
  const families: Record<'revoked' | 'expired' | 'live' | 'handEdited' | 'withDpop', { id: string; stream: string; token: string }> = {} as never;
  let assertionStream: string;
  let dpopStream: string;

  const running = (): TestLedger => ledger!;
  const start = async () => {
    ledger = await startLedger({
      clock,
      dataDir,
      // The timer's first run is far off: the test runs the janitor itself, at instants it chose.
      env: { LEDGER_RETENTION_DAYS: '1', LEDGER_RETENTION_FIRST_RUN_MS: String(7 * DAY), LEDGER_RETENTION_INTERVAL_MS: String(7 * DAY) },
    });
    return ledger;
  };
  const verify = async () => (await audit(running(), 'POST', '/api/v1/audit/verify')).body;

  async function newFamily(): Promise<{ id: string; stream: string; token: string }> {
    const issued = await issueFamily(running(), client.id);
    const id = refreshTokenParts(issued.refresh_token!).familyId;
    return { id, stream: `tokenFamily-${id}`, token: issued.refresh_token! };
  }

  async function keepAlive(family: { token: string }): Promise<void> {
    const refreshed = await refresh(running(), client, family.token);
    expect(refreshed.status).toBe(200);
    family.token = refreshed.body.refresh_token!;
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-retention-'));
    clock = new SteppableClock();
    const first = await start();

    const { privateKey, publicKey } = await generateKeyPair('ES256');
    key = { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: 'retention-key', alg: 'ES256', use: 'sig' } };
    const registered = await send(`${first.baseUrl}/api/v1/clients`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: pkjwtClient,
        client_name: pkjwtClient,
        token_endpoint_auth_method: 'private_key_jwt',
        grant_types: ['client_credentials'],
        jwks: { keys: [key.publicJwk] },
      }),
    });
    expect(registered.status).toBe(201);

    families.revoked = await newFamily();
    families.expired = await newFamily();
    families.live = await newFamily();
    families.handEdited = await newFamily();
    await keepAlive(families.handEdited);
    await keepAlive(families.handEdited);

    // One used assertion id, valid for a minute from now.
    const iat = Math.floor(clock.now() / 1000);
    const jti = randomUUID();
    const assertion = await new SignJWT({ jti, iss: pkjwtClient, sub: pkjwtClient, aud: `${first.baseUrl}/oauth2/default/v1/token`, iat, exp: iat + 60 })
      .setProtectedHeader({ alg: 'ES256', kid: key.publicJwk.kid })
      .sign(key.privateKey);
    const granted = await postForm<TokenBody>(`${first.baseUrl}/oauth2/default/v1/token`, {
      grant_type: 'client_credentials',
      scope: 'api:read',
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    });
    expect(granted.status).toBe(200);
    assertionStream = `clientAssertion-${pkjwtClient}-${createHash('sha256').update(jti).digest('hex')}`;
    expect(await first.store.readStream(assertionStream)).toHaveLength(1);

    // One used DPoP proof id: a refresh of a family that is then left to expire.
    families.withDpop = await newFamily();
    const dpopKey = await generateKeyPair('ES256', { extractable: true });
    const dpopJwk = await exportJWK(dpopKey.publicKey);
    const proofJti = randomUUID();
    const proof = await new SignJWT({ jti: proofJti, htm: 'POST', htu: `${first.baseUrl}/oauth2/default/v1/token`, iat })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: dpopJwk })
      .sign(dpopKey.privateKey);
    const withProof = await postForm<TokenBody>(
      `${first.baseUrl}/oauth2/default/v1/token`,
      { grant_type: 'refresh_token', refresh_token: families.withDpop.token },
      { authorization: basic(client.id, client.secret), dpop: proof },
    );
    expect(withProof.status).toBe(200);
    const jkt = await calculateJwkThumbprint(dpopJwk, 'sha256');
    dpopStream = `dpopProof-${createHash('sha256').update(`${jkt}\n${proofJti}`).digest('hex')}`;
    expect(await first.store.readStream(dpopStream)).toHaveLength(1);

    clock.advance(MINUTE);
    expect((await revoke(first, client, families.revoked.token)).status).toBe(200);

    // Eight days and an hour, in steps of two days: the live families are refreshed inside their
    // seven-day idle window; the `expired` one is not, so it ended at its idle expiry (day 7).
    for (let day = 0; day < 4; day++) {
      clock.advance(2 * DAY);
      await keepAlive(families.live);
      await keepAlive(families.handEdited);
    }
    clock.advance(DAY / 24);
  });

  afterAll(async () => {
    await ledger?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('removes the families that ended more than the retention ago and the expired assertion id, recording them first', async () => {
    const before = await running().store.readStream(families.revoked.stream);
    expect(before.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRevoked']);

    const report = await running().app.get(RetentionJanitor).runOnce();

    // Besides those named, the client_credentials grant's family (an access token only): it
    // expired an hour after its issuance, eight days ago.
    expect(report).toEqual({ familiesRemoved: 4, usedOnceStreamsRemoved: 2, eventsRemoved: 8 });
    for (const stream of [families.revoked.stream, families.expired.stream, families.withDpop.stream, assertionStream, dpopStream]) {
      expect(await running().store.readStream(stream)).toEqual([]);
    }
    const records = await running().store.readStream('ledgerRemovals');
    const listed = records.flatMap((r) => (r.data as { streams: { streamName: string }[] }).streams.map((s) => s.streamName));
    expect(listed).toEqual(expect.arrayContaining([assertionStream, dpopStream, families.expired.stream, families.revoked.stream, families.withDpop.stream]));
    expect(listed).toHaveLength(6);
    expect(listed).not.toEqual(expect.arrayContaining([families.live.stream]));
    expect(records[0].data).toMatchObject({ reason: 'retention', requestedBy: 'system:retention', removedAt: clock.now() });
    // Nothing left to remove: a second run records nothing more.
    expect(await running().app.get(RetentionJanitor).runOnce()).toEqual({ familiesRemoved: 0, usedOnceStreamsRemoved: 0, eventsRemoved: 0 });
    expect(await running().store.readStream('ledgerRemovals')).toHaveLength(records.length);
  });

  it('verify stays ok and reports the removed events as removed and recorded, per store and per stream', async () => {
    expect(await verify()).toMatchObject({
      ok: true,
      stream: null,
      removed: { recorded: 8, streams: 6, stillStored: EMBEDDED ? 0 : 8 },
    });
    const one = await audit(running(), 'POST', `/api/v1/audit/verify?stream=${families.revoked.stream}`);
    expect(one.body).toEqual({
      ok: true,
      stream: families.revoked.stream,
      streamsChecked: 0,
      eventsChecked: 0,
      removed: { recorded: 2, streams: 1, stillStored: 0 },
    });
  });

  it('drops the removed families from the read models; the live family refreshes, the removed one does not', async () => {
    await running().app.get(ProjectionRunner).waitUntilCaughtUp(10_000);
    const readModels = running().app.get(ReadModelDatabase).tokenFamilies;
    expect(readModels.family(families.revoked.id, clock.now())).toBeNull();
    expect(readModels.family(families.expired.id, clock.now())).toBeNull();
    expect(readModels.family(families.live.id, clock.now())).toMatchObject({ status: 'active' });

    await keepAlive(families.live);
    const refused = await refresh(running(), client, families.revoked.token);
    expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await verify()).toMatchObject({ ok: true, removed: { recorded: 8 } });
  });

  if (EMBEDDED) {
    it('the CLI verify agrees: ok, with the removed events recorded', async () => {
      await running().close();
      ledger = undefined;

      const run = await runCli(['verify', '--json'], dataDir);

      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, removed: { recorded: 8, streams: 6, stillStored: 0 } });
    });

    it('an event deleted by hand, not by retention, still fails verify as missing (CLI and API)', async () => {
      const db = new Database(path.join(dataDir, 'events.db'));
      try {
        const deleted = db.prepare('DELETE FROM events WHERE stream_name = ? AND stream_revision = 1').run(families.handEdited.stream);
        expect(deleted.changes).toBe(1);
      } finally {
        db.close();
      }
      const broken = { ok: false, firstBreak: { streamName: families.handEdited.stream, revision: '1', kind: 'missing' } };

      const run = await runCli(['verify', '--json'], dataDir);
      expect(JSON.parse(run.stdout)).toMatchObject(broken);

      await start();
      expect(await verify()).toMatchObject(broken);
    });
  }
});

describe('event-log retention on its timer', () => {
  let ledger: TestLedger | undefined;
  let dataDir: string;

  afterAll(async () => {
    await ledger?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs shortly after start, then on its interval, and logs what it removed', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-retention-timer-'));
    const clock = new SteppableClock();
    const env = { LEDGER_RETENTION_DAYS: '1', LEDGER_RETENTION_FIRST_RUN_MS: '0', LEDGER_RETENTION_INTERVAL_MS: '1000' };
    ledger = await startLedger({ clock, dataDir, env });
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    const stream = `tokenFamily-${refreshTokenParts(issued.refresh_token!).familyId}`;
    expect((await revoke(ledger, client, issued.refresh_token!)).status).toBe(200);

    clock.advance(2 * DAY);

    // Nothing calls the janitor here: its timer does, within an interval. Poll for its log line,
    // written once the run is over.
    const deadline = Date.now() + 20_000;
    const logged = () => ledger!.logs.parsed().find((line) => line.msg === 'ledger retention');
    while (!logged()) {
      if (Date.now() > deadline) throw new Error('the retention timer did not remove the revoked family within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logged()).toMatchObject({ familiesRemoved: 1, olderThanDays: 1 });
    expect(await ledger.store.readStream(stream)).toEqual([]);
    expect((await audit(ledger, 'POST', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, removed: { recorded: 2, streams: 1 } });
  });
});
