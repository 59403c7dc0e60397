import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERASED, tokenFamilyDecider, tokenFamilyStreamName } from '@ledger/domain';
import { issueTokens } from '@ledger/domain/token-family/token-family.fixtures';
import { CommandLoop } from '@ledger/event-sourcing';
import { tokenFamilyLoader } from '../../apps/token-service/src/token-families/shared/family-loader';
import { postForm } from '../support/http';
import { ADMIN_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { familyIdOf, storedFamilyEvents } from '../support/family-events';
import { refresh } from '../support/token-flows';
import { ndjson, runCli } from '../cli/run-cli';
import { audit, why } from './audit-client';

/** Alice's personal data: every value distinctive, so a byte search cannot match anything else. */
const ALICE = { sub: 'alice.erasure-sub@example.com', username: 'Alice-Erasure-Username', uid: '00u-alice-erasure-uid', group: 'alice-erasure-group' };
const BOB = 'bob.erasure-sub@example.com';
const PERSONAL = [ALICE.sub, ALICE.username, ALICE.uid, ALICE.group];
const client = TEST_CLIENTS.rotate30;
const otherClient = TEST_CLIENTS.static;

/** Every file under `dir` (WAL and SHM files included), read as bytes. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(file));
    else if (entry.isFile()) out.push({ file, bytes: fs.readFileSync(file) });
  }
  return out;
}

/** The files under `dir` that hold any of `needles` (as UTF-8 bytes), with the needle found. */
function grep(dir: string, needles: readonly string[]): string[] {
  const hits: string[] = [];
  for (const { file, bytes } of filesUnder(dir)) {
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${path.relative(dir, file)}: ${needle}`);
  }
  return hits;
}

function issue(ledger: TestLedger, clientId: string, fields: Record<string, string>) {
  return postForm<{ refresh_token: string; access_token: string }>(
    `${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`,
    { client_id: clientId, scope: 'openid offline_access', ...fields },
    { authorization: `Bearer ${ADMIN_TOKEN}` },
  );
}

function erase(ledger: TestLedger, sub: string) {
  return fetch(`${ledger.baseUrl}/api/v1/subjects/${encodeURIComponent(sub)}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
}

/**
 * GDPR Art. 17 by crypto-shredding (issue 17): after `DELETE /api/v1/subjects/{sub}` the
 * subject's families refuse refresh, the audit API and the CLI show `[erased]`, the hash chains
 * still verify, no file of the data directory and no log line holds the subject, its username,
 * user id or groups, and every other subject is untouched; a restart changes none of it.
 */
describe('subject erasure (DELETE /api/v1/subjects/{sub})', () => {
  let ledger: TestLedger;
  let dataDir: string;
  let aliceTokens: string[];
  let aliceFamilies: string[];
  let bobToken: string;

  beforeAll(async () => {
    ledger = await startLedger({ clock: new SteppableClock() });
    dataDir = ledger.dataDir;
    const aliceFields = { sub: ALICE.sub, username: ALICE.username, uid: ALICE.uid, groups: ALICE.group };
    const issued = [await issue(ledger, client.id, aliceFields), await issue(ledger, otherClient.id, aliceFields), await issue(ledger, client.id, { sub: BOB })];
    for (const response of issued) expect(response.status).toBe(200);
    // Refreshed once each: the families have a history beyond their issuance.
    const refreshed: string[] = [];
    for (const [i, response] of issued.entries()) {
      const secret = i === 1 ? otherClient : client;
      const answer = await refresh(ledger, secret, response.body.refresh_token);
      expect(answer.status).toBe(200);
      refreshed.push(answer.body.refresh_token as string);
    }
    aliceTokens = refreshed.slice(0, 2);
    aliceFamilies = aliceTokens.map(familyIdOf);
    bobToken = refreshed[2];
  });

  afterAll(async () => {
    await ledger?.close().catch(() => undefined);
  });

  it('stores the personal fields encrypted from the start: no plaintext in the log, the read models or the logs', async () => {
    const [issuedEvent] = await storedFamilyEvents(ledger, aliceTokens[0]);
    expect(issuedEvent.data).not.toHaveProperty('subject');
    expect(issuedEvent.data).toMatchObject({ personal: { subjectRef: expect.any(String), ciphertext: expect.any(String) } });
    for (const needle of PERSONAL) expect(JSON.stringify({ data: issuedEvent.data, metadata: issuedEvent.metadata })).not.toContain(needle);
    // Before the erasure the audit API reads them through the key.
    const history = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${aliceFamilies[0]}/events`);
    expect(history.body[0].personal).toEqual({
      subjectRef: (issuedEvent.data as { personal: { subjectRef: string } }).personal.subjectRef,
      subject: ALICE.sub,
      username: ALICE.username,
      userId: ALICE.uid,
      groups: [ALICE.group],
      erased: false,
    });
  });

  it('revokes the families, destroys the key and answers what it did; a second call finds nothing left (idempotent)', async () => {
    const first = await erase(ledger, ALICE.sub);
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(body).toEqual({ subjectRef: expect.any(String), familiesRevoked: 2, plaintextFamiliesRemoved: 0, keyDestroyed: true, erasedAt: expect.any(String) });
    for (const needle of PERSONAL) expect(JSON.stringify(body)).not.toContain(needle);

    const again = await erase(ledger, ALICE.sub);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ subjectRef: body.subjectRef, familiesRevoked: 0, keyDestroyed: false });

    // The erasure is an event holding the pseudonym only.
    const erasures = await ledger.store.readStream('subjectErasures');
    expect(erasures.map((e) => e.type)).toEqual(['SubjectErased']);
    expect(erasures[0].data).toEqual({ subjectRef: body.subjectRef, erasedAt: expect.any(Number), requestedBy: 'admin:service' });
    // The key's own stream is gone; the index that named it (random key ids only) stays.
    const index = await ledger.store.readStream(`subjectKeys-${String(body.subjectRef)}`);
    expect(index.map((e) => e.type)).toEqual(['SubjectDataKeyAssigned']);
    expect(await ledger.store.readStream(`subjectKey-${String(body.subjectRef)}.${(index[0].data as { keyId: string }).keyId}`)).toEqual([]);
  });

  it("refuses alice's refresh tokens, and bob's family still refreshes", async () => {
    for (const [i, token] of aliceTokens.entries()) {
      const answer = await refresh(ledger, i === 1 ? otherClient : client, token);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_grant' });
    }
    const bob = await refresh(ledger, client, bobToken);
    expect(bob.status).toBe(200);
    bobToken = bob.body.refresh_token as string;
  });

  it('the audit API shows [erased] for every personal field: history, state, why, the subject and ops listings', async () => {
    const history = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${aliceFamilies[0]}/events`);
    expect(history.status).toBe(200);
    expect(history.body.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    expect(history.body[0].personal).toMatchObject({ subject: ERASED, username: ERASED, userId: ERASED, groups: [ERASED], erased: true });

    const state = await audit(ledger, 'GET', `/api/v1/audit/families/${aliceFamilies[0]}/state`);
    expect(state.body).toMatchObject({ status: 'revoked', family: { subject: ERASED } });

    const explained = await why(ledger, { token: aliceTokens[0] });
    expect(explained.body).toMatchObject({ active: false, subject: ERASED });

    const families = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/subjects/${encodeURIComponent(ALICE.sub)}/families`);
    expect(families.body.map((f) => f.familyId).sort()).toEqual([...aliceFamilies].sort());
    expect(families.body.every((f) => f.status === 'revoked')).toBe(true);

    const listed = await fetch(`${ledger.baseUrl}/api/v1/ops/families?subject=${encodeURIComponent(ALICE.sub)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const rows = (await listed.json()) as { subject: string; status: string }[];
    expect(rows.map((f) => [f.subject, f.status])).toEqual([
      [ERASED, 'REVOKED'],
      [ERASED, 'REVOKED'],
    ]);
    const bobs = await fetch(`${ledger.baseUrl}/api/v1/ops/families?subject=${encodeURIComponent(BOB)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(((await bobs.json()) as { subject: string }[]).map((f) => f.subject)).toEqual([BOB]);
  });

  it('every hash chain still verifies', async () => {
    const verified = await audit(ledger, 'POST', '/api/v1/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('no log line carries the subject, its username, user id or groups', () => {
    expect(ledger.logs.lines.length).toBeGreaterThan(0);
    const leaking = ledger.logs.lines.filter((line) => PERSONAL.some((needle) => line.includes(needle)));
    expect(leaking).toEqual([]);
    // The erasure's own request line names the route, not the subject.
    expect(ledger.logs.parsed()).toContainEqual(expect.objectContaining({ req: { method: 'DELETE', path: '/api/v1/subjects/{sub}' } }));
  });

  it('once the ledger is closed: the CLI verifies and shows [erased], and no file holds the personal data', async () => {
    await ledger.close();
    const verified = await runCli(['verify', '--json'], dataDir);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });

    const history = await runCli(['history', '--json', aliceFamilies[1]], dataDir);
    expect(history.code).toBe(0);
    expect(ndjson(history.stdout)[0].personal).toMatchObject({ subject: ERASED, erased: true });
    const state = await runCli(['state', '--json', aliceFamilies[1]], dataDir);
    expect(JSON.parse(state.stdout)).toMatchObject({ family: { subject: ERASED } });
    const exported = await runCli(['export'], dataDir);
    expect(exported.code).toBe(0);
    for (const output of [verified, history, state, exported]) for (const needle of PERSONAL) expect(output.stdout + output.stderr).not.toContain(needle);

    // Every file, as bytes: the event store and the read models with their -wal and -shm files.
    expect(filesUnder(dataDir).map((f) => path.basename(f.file))).toEqual(expect.arrayContaining(['events.db', 'read-models.db']));
    expect(grep(dataDir, PERSONAL)).toEqual([]);
    // Bob was never erased: the search would find his subject only if it was stored in plaintext,
    // which it is not either (a check that the search itself reads what it should: the family ids are there).
    expect(grep(dataDir, [aliceFamilies[0]]).length).toBeGreaterThan(0);
  });

  it('a ledger restarted on the same directory still shows [erased], and bob still refreshes', async () => {
    ledger = await startLedger({ dataDir, clock: new SteppableClock() });
    const history = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${aliceFamilies[0]}/events`);
    expect(history.body[0].personal).toMatchObject({ subject: ERASED, erased: true });
    const bob = await refresh(ledger, client, bobToken);
    expect(bob.status).toBe(200);
    const bobHistory = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${familyIdOf(bobToken)}/events`);
    expect(bobHistory.body[0].personal).toMatchObject({ subject: BOB, erased: false });
    expect(await refresh(ledger, client, aliceTokens[0])).toMatchObject({ status: 400 });
  });

  it('alice may be issued tokens again: a new key, her old families stay [erased], and the log still verifies', async () => {
    const again = await issue(ledger, client.id, { sub: ALICE.sub, username: ALICE.username });
    expect(again.status).toBe(200);
    const history = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${familyIdOf(again.body.refresh_token)}/events`);
    expect(history.body[0].personal).toMatchObject({ subject: ALICE.sub, erased: false });
    const old = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${aliceFamilies[0]}/events`);
    expect(old.body[0].personal).toMatchObject({ subject: ERASED, erased: true });
    expect((await audit(ledger, 'POST', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
  });
});

/**
 * A family issued before personal fields were encrypted holds them in plaintext in its
 * `TokenIssued`: nothing can shred them, so the erasure removes the family's whole stream with a
 * recorded removal (its history is gone; its leaves and the seals stay valid through the record).
 */
describe('erasure of a family written before personal fields were encrypted', () => {
  const LEGACY = 'legacy.erasure-sub@example.com';

  it('removes its stream with a recorded removal; verify stays ok and the family is gone', async () => {
    const ledger = await startLedger({ clock: new SteppableClock() });
    try {
      const familyId = 'legacyFamily0001';
      const streamName = tokenFamilyStreamName(familyId);
      // Written as the versions before this change wrote it: a loop with no encoder.
      await new CommandLoop(ledger.store).run({
        streamName,
        decider: tokenFamilyDecider,
        load: tokenFamilyLoader(),
        command: issueTokens({ familyId, subject: LEGACY, username: 'Legacy-Erasure-Username', now: ledger.clock.now() }),
        commandId: 'legacy-issue',
        metadata: { actor: 'admin:service' },
      });
      expect((await ledger.store.readStream(streamName))[0].data).toMatchObject({ subject: LEGACY });
      const before = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`);
      expect(before.body[0]).not.toHaveProperty('personal');

      const answer = await erase(ledger, LEGACY);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ familiesRevoked: 1, plaintextFamiliesRemoved: 1, keyDestroyed: false });
      expect(await ledger.store.readStream(streamName)).toEqual([]);
      expect((await audit(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`)).status).toBe(404);
      const verified = await audit(ledger, 'POST', '/api/v1/audit/verify');
      expect(verified.body).toMatchObject({ ok: true });
      for (const line of ledger.logs.lines) expect(line).not.toContain(LEGACY);
    } finally {
      await ledger.close();
    }
  });
});
