import Database from 'better-sqlite3';
import { CompactSign, compactVerify, createLocalJWKSet, generateKeyPair, type JSONWebKeySet } from 'jose';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLeafEvent, ledgerLeafInput, sealHash, sealPayloadJson, type LedgerSealData } from '@ledger/audit';
import { clientStreamName } from '@ledger/domain';
import { eventHash, type EventMetadata } from '@ledger/event-sourcing';
import { ProjectionRunner } from '@ledger/projections';
import { hashClientSecret } from '@ledger/token-crypto';
import { runCli } from '../cli/run-cli';
import { basic, postForm, type HttpResult } from '../support/http';
import { rfc9162TreeHash, rfc9162VerifyConsistency } from '../support/rfc9162-verifier';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { audit } from './audit-client';

const MINUTE = 60_000;
const SEALS_STREAM = 'ledgerSeals';
/** A secret the attacker chose, to authenticate as a client whose stored secret hash they replace. */
const ATTACKER_SECRET = 'attacker-chosen-secret-0123456789abcdefghijk';

/** One stored event as the attacker sees it in `events.db`. */
interface Row {
  position: number;
  streamName: string;
  revision: number;
  id: string;
  type: string;
  data: Record<string, any>;
  metadata: EventMetadata & Record<string, unknown>;
}

/** Opens a closed ledger's event file directly, as an attacker with disk access would. */
function withEventsFile<T>(dataDir: string, work: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'events.db'));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

function rows(db: Database.Database, where = '1', ...params: unknown[]): Row[] {
  const raw = db
    .prepare(`SELECT position, stream_name, stream_revision, event_id, type, data, metadata FROM events WHERE ${where} ORDER BY position`)
    .all(...params) as { position: number; stream_name: string; stream_revision: number; event_id: string; type: string; data: string; metadata: string }[];
  return raw.map((r) => ({
    position: r.position,
    streamName: r.stream_name,
    revision: r.stream_revision,
    id: r.event_id,
    type: r.type,
    data: JSON.parse(r.data),
    metadata: JSON.parse(r.metadata),
  }));
}

function streamRows(db: Database.Database, streamName: string): Row[] {
  return rows(db, 'stream_name = ?', streamName);
}

function writeRow(db: Database.Database, row: Row): void {
  const changed = db
    .prepare('UPDATE events SET data = ?, metadata = ? WHERE stream_name = ? AND stream_revision = ?')
    .run(JSON.stringify(row.data), JSON.stringify(row.metadata), row.streamName, row.revision).changes;
  expect(changed).toBe(1);
}

function contentHash(row: Row): string {
  return eventHash({ streamName: row.streamName, revision: BigInt(row.revision), id: row.id, type: row.type, data: row.data, metadata: row.metadata });
}

/**
 * Rewrites a stream with `edit` applied to each event's data and the hash chain recomputed with
 * the project's own `eventHash` (the hash is unkeyed: anyone can), so every link holds again.
 */
function rewriteStream(db: Database.Database, streamName: string, edit: (row: Row) => Record<string, any>): Row[] {
  const rewritten: Row[] = [];
  let previous: string | null = null;
  for (const row of streamRows(db, streamName)) {
    const next: Row = { ...row, data: edit(row), metadata: { ...row.metadata, previousEventHash: row.revision === 0 ? row.metadata.previousEventHash : previous } };
    writeRow(db, next);
    previous = contentHash(next);
    rewritten.push(next);
  }
  return rewritten;
}

/**
 * A family's first event with the scopes widened and the subject of another family (the
 * attacker's): the subject's fields as stored, plain or encrypted, are taken from the donor.
 */
function widenedAndReassigned(first: Record<string, any>, donor: Record<string, any>): Record<string, any> {
  const personal = ['subject', 'username', 'userId', 'groups', 'personal'];
  const edited: Record<string, any> = Object.fromEntries(Object.entries(first).filter(([key]) => !personal.includes(key)));
  for (const key of personal) if (key in donor) edited[key] = donor[key];
  return { ...edited, scopes: [...first.scopes, 'api:write'] };
}

function copyOf(dataDir: string, root: string, name: string): string {
  const copy = path.join(root, name);
  fs.cpSync(dataDir, copy, { recursive: true });
  return copy;
}

async function readiness(ledger: TestLedger): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${ledger.baseUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** What a tampered ledger must answer to what the edit tried to achieve: anything but success. */
function expectRefused(answer: HttpResult<TokenBody>): void {
  expect({ status: answer.status, error: answer.body.error }).toEqual(
    answer.status === 503 ? { status: 503, error: 'temporarily_unavailable' } : { status: 400, error: expect.any(String) },
  );
}

function clientCredentials(ledger: TestLedger, clientId: string, secret: string): Promise<HttpResult<TokenBody>> {
  return postForm<TokenBody>(`${ledger.baseUrl}/oauth2/default/v1/token`, { grant_type: 'client_credentials', scope: 'api:read' }, { authorization: basic(clientId, secret) });
}

/**
 * Issue 17's table: what an attacker with write access to `events.db` does while the service
 * is stopped, each on its own copy of one ledger built through the real API and closed
 * gracefully (so a seal covers every event). After each edit the restarted service must report
 * the break (`POST /api/v1/audit/verify` and the CLI's `verify`), fail its readiness, and refuse
 * what the edit tried to achieve. Before seals, every row but the first passed `verify`.
 */
describe('tampering with a sealed ledger', () => {
  const client = TEST_CLIENTS.rotate30;
  let root: string;
  /** The untouched ledger's data directory; each test edits a copy. */
  let original: string;
  let clock: SteppableClock;
  let ledger: TestLedger | undefined;
  /** Refreshed once: TokenIssued, TokenRefreshed. */
  let victim: { stream: string; refreshToken: string };
  /** Refreshed once, then revoked by its client: its final event is TokenRevoked. */
  let revoked: { stream: string; refreshToken: string };
  /** A family whose whole stream is deleted. */
  let doomed: { stream: string; refreshToken: string };
  /** The attacker's own family, whose subject is written into the victim's; otherwise untouched. */
  let donor: { stream: string; refreshToken: string };

  const familyOf = (body: TokenBody) => ({ stream: `tokenFamily-${refreshTokenParts(body.refresh_token!).familyId}`, refreshToken: body.refresh_token! });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tamper-seals-'));
    original = path.join(root, 'original');
    fs.mkdirSync(original, { mode: 0o700 });
    clock = new SteppableClock();
    const first = await startLedger({ clock, dataDir: original });
    const scope = 'openid offline_access api:read';
    const issuedVictim = await issueFamily(first, client.id, { sub: 'alice@example.com', scope });
    const issuedRevoked = await issueFamily(first, client.id, { sub: 'carol@example.com', scope });
    const issuedDoomed = await issueFamily(first, client.id, { sub: 'dave@example.com', scope });
    donor = familyOf(await issueFamily(first, client.id, { sub: 'mallory@example.com', scope }));
    clock.advance(MINUTE);
    victim = familyOf((await refresh(first, client, issuedVictim.refresh_token!)).body);
    revoked = familyOf((await refresh(first, client, issuedRevoked.refresh_token!)).body);
    doomed = familyOf((await refresh(first, client, issuedDoomed.refresh_token!)).body);
    clock.advance(MINUTE);
    expect((await revoke(first, client, revoked.refreshToken)).status).toBe(200);
    // Another family afterwards, so no edited event is the last of the log.
    await issueFamily(first, client.id, { sub: 'bob@example.com' });
    expect((await audit(first, 'POST', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    await first.app.get(ProjectionRunner).waitUntilCaughtUp();
    // Graceful: the sealer seals what the log holds on the way out.
    await first.close();
  });

  afterEach(async () => {
    await ledger?.close();
    ledger = undefined;
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** After the row's checks: readiness fails on `ledgerIntegrity`; closed, the CLI reports the same break (exit 1). */
  async function expectReportedEverywhere(dataDir: string, api: Record<string, any>): Promise<void> {
    expect(api).toMatchObject({ ok: false, seals: { ok: false } });
    const ready = await readiness(ledger!);
    expect(ready.status).toBe(503);
    expect(ready.body.error?.ledgerIntegrity).toMatchObject({ status: 'down' });
    await ledger!.close();
    ledger = undefined;
    const cli = await runCli(['verify', '--json'], dataDir);
    expect(cli.code).toBe(1);
    const report = JSON.parse(cli.stdout);
    expect(report).toMatchObject({ ok: false, seals: { ok: false, firstBreak: api.seals.firstBreak } });
  }

  it("changing scopes and subject in a family's first event: reported, and the widened family is not refreshed", async () => {
    const dir = copyOf(original, root, 'first-event');
    withEventsFile(dir, (db) => {
      const [first] = streamRows(db, victim.stream);
      const [donorFirst] = streamRows(db, donor.stream);
      writeRow(db, { ...first, data: widenedAndReassigned(first.data, donorFirst.data) });
    });
    clock.advance(MINUTE);
    ledger = await startLedger({ clock, dataDir: dir });
    expectRefused(await refresh(ledger, client, victim.refreshToken));
    const api = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    // The chain catches this one (its successor recorded the old hash); the seal does too.
    expect(api).toMatchObject({ firstBreak: { streamName: victim.stream, kind: 'edited' }, seals: { firstBreak: { kind: 'root' } } });
    await expectReportedEverywhere(dir, api);
  });

  it("deleting a family's final TokenRevoked: reported as a gap, and the revoked family stays refused", async () => {
    const dir = copyOf(original, root, 'delete-revoked');
    withEventsFile(dir, (db) => {
      const last = streamRows(db, revoked.stream).at(-1)!;
      expect(last.type).toBe('TokenRevoked');
      expect(db.prepare('DELETE FROM events WHERE stream_name = ? AND stream_revision = ?').run(revoked.stream, last.revision).changes).toBe(1);
    });
    clock.advance(MINUTE);
    ledger = await startLedger({ clock, dataDir: dir });
    expectRefused(await refresh(ledger, client, revoked.refreshToken));
    const api = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    expect(api).toMatchObject({ gaps: { checked: true, ok: false, missing: 1 } });
    await expectReportedEverywhere(dir, api);
  });

  it("changing the reason of that final TokenRevoked: reported", async () => {
    const dir = copyOf(original, root, 'revoked-reason');
    withEventsFile(dir, (db) => {
      const last = streamRows(db, revoked.stream).at(-1)!;
      expect(last.data.reason).toBe('client_request');
      writeRow(db, { ...last, data: { ...last.data, reason: 'reuse_detected', requestedBy: 'system' } });
    });
    clock.advance(MINUTE);
    ledger = await startLedger({ clock, dataDir: dir });
    expectRefused(await refresh(ledger, client, revoked.refreshToken));
    // The edit gains nothing by itself, but a log that does not verify is served no further:
    // an untouched family is refused too, by the integrity gate.
    const untouched = await refresh(ledger, client, donor.refreshToken);
    expect({ status: untouched.status, error: untouched.body.error }).toEqual({ status: 503, error: 'temporarily_unavailable' });
    const api = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    // No successor links to the last event, so no chain breaks: the seal's root does.
    expect(api.firstBreak).toBeUndefined();
    expect(api).toMatchObject({ seals: { firstBreak: { kind: 'root' } } });
    await expectReportedEverywhere(dir, api);
  });

  it('rewriting a whole stream with its chain recomputed: every chain holds, the seal does not, and the widened family is not refreshed', async () => {
    const dir = copyOf(original, root, 'rewrite-stream');
    withEventsFile(dir, (db) => {
      const [donorFirst] = streamRows(db, donor.stream);
      rewriteStream(db, victim.stream, (row) => (row.revision === 0 ? widenedAndReassigned(row.data, donorFirst.data) : row.data));
    });
    const chainsOnly = await runCli(['verify', '--json', '--stream', victim.stream], dir);
    expect(JSON.parse(chainsOnly.stdout)).toMatchObject({ ok: true, streamsChecked: 1 });
    clock.advance(MINUTE);
    ledger = await startLedger({ clock, dataDir: dir });
    expectRefused(await refresh(ledger, client, victim.refreshToken));
    const api = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    expect(api.firstBreak).toBeUndefined();
    expect(api).toMatchObject({ seals: { firstBreak: { kind: 'root' } } });
    await expectReportedEverywhere(dir, api);
  });

  it("replacing secretHash in a client's one-event stream: reported, and the attacker's secret does not authenticate", async () => {
    const dir = copyOf(original, root, 'client-secret');
    withEventsFile(dir, (db) => {
      const stream = streamRows(db, clientStreamName(client.id));
      expect(stream.map((r) => r.type)).toEqual(['ClientRegistered']);
      const [registered] = stream;
      expect(registered.data.client.secretHash).toMatch(/^sha256:/);
      writeRow(db, { ...registered, data: { ...registered.data, client: { ...registered.data.client, secretHash: hashClientSecret(ATTACKER_SECRET) } } });
    });
    // The registry's snapshot is this replica's derived state: the attacker removes it, so the
    // start folds the edited log.
    fs.rmSync(path.join(dir, 'configuration-registry.json'));
    ledger = await startLedger({ clock, dataDir: dir });
    expectRefused(await clientCredentials(ledger, client.id, ATTACKER_SECRET));
    const api = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    expect(api.firstBreak).toBeUndefined();
    expect(api).toMatchObject({ seals: { firstBreak: { kind: 'root' } } });
    await expectReportedEverywhere(dir, api);
  });

  it('deleting a whole family stream: reported as a gap of its events', async () => {
    const dir = copyOf(original, root, 'delete-family');
    const deleted = withEventsFile(dir, (db) => db.prepare('DELETE FROM events WHERE stream_name = ?').run(doomed.stream).changes);
    expect(deleted).toBe(2);
    clock.advance(MINUTE);
    ledger = await startLedger({ clock, dataDir: dir });
    expectRefused(await refresh(ledger, client, doomed.refreshToken));
    const api = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    expect(api.firstBreak).toBeUndefined();
    expect(api).toMatchObject({ gaps: { checked: true, ok: false, missing: 2 } });
    await expectReportedEverywhere(dir, api);
  });

  it('a consistent rewrite of the whole log, re-sealed without the sealing key: the forged seals fail, and an auditor holding an older seal detects it', async () => {
    const dir = copyOf(original, root, 'resealed');
    // The auditor: pins the sealing keys and keeps the latest seal, from the running service.
    ledger = await startLedger({ clock, dataDir: dir });
    const pinned = (await audit<JSONWebKeySet>(ledger, 'GET', '/api/v1/audit/sealing-keys')).body;
    expect(pinned.keys.length).toBeGreaterThan(0);
    const held = (await audit<LedgerSealData>(ledger, 'GET', '/api/v1/audit/seals/latest')).body;
    expect(held.treeSize).toBeGreaterThan(0);
    await compactVerify(held.jws, createLocalJWKSet(pinned));
    // The log goes on after the seal the auditor keeps; the shutdown seals it further.
    await issueFamily(ledger, client.id, { sub: 'erin@example.com' });
    await ledger.close();
    ledger = undefined;

    // The attacker: rewrites a family (chain recomputed), then every seal over the rewritten
    // log, with the public algorithm and their own Ed25519 key under the real key's id.
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forge = async (payload: Omit<LedgerSealData, 'jws'>): Promise<string> =>
      new CompactSign(new TextEncoder().encode(sealPayloadJson(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid: payload.keyId, typ: 'ledger-seal+jws' })
        .sign(privateKey);
    const log = withEventsFile(dir, (db) => {
      const [donorFirst] = streamRows(db, donor.stream);
      rewriteStream(db, victim.stream, (row) => (row.revision === 0 ? widenedAndReassigned(row.data, donorFirst.data) : row.data));
      return rows(db);
    });
    // The leaf inputs of the rewritten log (the format is public: any auditor rebuilds them).
    const leafInputs = log
      .filter((r) => isLeafEvent(r.streamName, r.type))
      .map((r) =>
        Buffer.from(ledgerLeafInput({ streamName: r.streamName, revision: BigInt(r.revision), type: r.type, position: { commit: BigInt(r.position), prepare: BigInt(r.position) }, contentHash: contentHash(r) })),
      );
    const seals = log.filter((r) => r.streamName === SEALS_STREAM);
    expect(seals.length).toBeGreaterThan(0);
    let previousJws: string | null = null;
    const forged: Row[] = [];
    for (const seal of seals) {
      const { jws: _genuine, ...payload } = seal.data as LedgerSealData;
      const rewritten = { ...payload, rootHash: rfc9162TreeHash(leafInputs.slice(0, payload.treeSize)), previousSealHash: previousJws === null ? null : sealHash(previousJws) };
      const jws = await forge(rewritten);
      forged.push({ ...seal, data: { ...rewritten, jws } });
      previousJws = jws;
    }
    withEventsFile(dir, (db) => {
      // The seal stream's own chain, recomputed too.
      let previous: string | null = null;
      for (const row of forged) {
        const next = { ...row, metadata: { ...row.metadata, previousEventHash: row.revision === 0 ? row.metadata.previousEventHash : previous } };
        writeRow(db, next);
        previous = contentHash(next);
      }
    });
    for (const derived of ['merkle-tree.db', 'configuration-registry.json']) fs.rmSync(path.join(dir, derived), { force: true });

    clock.advance(MINUTE);
    ledger = await startLedger({ clock, dataDir: dir });
    expectRefused(await refresh(ledger, client, victim.refreshToken));
    const api = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    // Every chain holds and every root matches its log: only the signatures give it away.
    expect(api.firstBreak).toBeUndefined();
    expect(api).toMatchObject({ seals: { ok: false, firstBreak: { kind: 'signature' } } });

    // The auditor, with the keys pinned before: the newest seal in the log is not signed by them.
    const newest = forged.at(-1)!.data as LedgerSealData;
    await expect(compactVerify(newest.jws, createLocalJWKSet(pinned))).rejects.toThrow();
    // And the rewritten log does not extend the seal the auditor holds: the tree of the same
    // size has another root, so no consistency proof takes the held root to the newest one
    // (checked with the suite's own RFC 9162 verifier, not the service's code).
    expect(rfc9162TreeHash(leafInputs.slice(0, held.treeSize))).not.toBe(held.rootHash);
    const consistency = await audit<{ proof: string[] }>(ledger, 'GET', `/api/v1/audit/seals/consistency?from=${held.treeSize}&to=${newest.treeSize}`);
    expect(consistency.status).toBe(200);
    expect(rfc9162VerifyConsistency(held.treeSize, newest.treeSize, consistency.body.proof, held.rootHash, newest.rootHash)).toBe(false);
    await expectReportedEverywhere(dir, api);
  });
});
