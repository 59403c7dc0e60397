import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectionRunner } from '@ledger/projections';
import { ReadModelOwnerLock } from '@ledger/read-model-sqlite';
import { audit, stateAt } from '../audit/audit-client';
import { SteppableClock, startLedger, TEST_CLIENTS } from '../support/ledger-harness';
import { issueFamily, refresh, revoke } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { ndjson, runCli } from './run-cli';
import { LedgerSealerScheduler } from '../../apps/token-service/src/audit/seals/ledger-sealer.scheduler';

const MINUTE = 60_000;

/**
 * SPEC §10: the auditors' CLI works directly against the store a ledger produced (no server),
 * with the very functions of the audit API: its answers must equal the API's.
 */
describe('ledger CLI against a data directory', () => {
  const client = TEST_CLIENTS.rotate30;
  let dataDir: string;
  let familyId: string;
  let refreshedAt: number;
  /** What the audit API answered while the ledger ran, to compare with the CLI. */
  let apiHistory: Record<string, any>[];
  let apiState: Record<string, any>;
  let apiVerify: Record<string, any>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-'));
    const clock = new SteppableClock();
    const ledger = await startLedger({ clock, dataDir });
    const issued = await issueFamily(ledger, client.id);
    familyId = refreshTokenParts(issued.refresh_token!).familyId;
    clock.advance(MINUTE);
    refreshedAt = clock.now();
    const next = await refresh(ledger, client, issued.refresh_token!);
    clock.advance(MINUTE);
    await revoke(ledger, client, next.body.refresh_token!);
    apiHistory = (await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`)).body;
    apiState = (await stateAt(ledger, familyId, refreshedAt + 10_000)).body;
    // Sealed now, so the seal at shutdown has nothing to add and the CLI sees the log the API verified.
    await ledger.app.get(LedgerSealerScheduler).sealNow();
    apiVerify = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    await ledger.app.get(ProjectionRunner).waitUntilCaughtUp();
    await ledger.close();
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['--help'], dataDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('history <familyId>');
    expect(run.stdout).toContain('verify [--stream <name>]');
    expect(run.stdout).toContain('why --token - | --token-file <file>');
  });

  it('history --json: every event of the family as NDJSON, the same as the API', async () => {
    const run = await runCli(['history', '--json', familyId], dataDir);
    expect(run.code).toBe(0);
    const lines = ndjson(run.stdout);
    expect(lines.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    expect(lines.map((e) => e.revision)).toEqual(['0', '1', '2']);
    expect(lines).toEqual(apiHistory);
  });

  it('state --at --json: the same report as the API for the same instant', async () => {
    const run = await runCli(['state', '--json', familyId, '--at', new Date(refreshedAt + 10_000).toISOString()], dataDir);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual(apiState);
    expect(report).toMatchObject({ status: 'active', currentRefreshToken: { sequence: 1 }, leewayRetry: { tokenId: `${familyId}.0` } });
  });

  it('verify --json exits 0 on the intact store (as the API said), then 1 once an event is edited', async () => {
    const intact = await runCli(['verify', '--json'], dataDir);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toEqual(apiVerify);

    const db = new Database(path.join(dataDir, 'events.db'));
    const stream = `tokenFamily-${familyId}`;
    const { data } = db.prepare('SELECT data FROM events WHERE stream_name = ? AND stream_revision = 0').get(stream) as { data: string };
    db.prepare('UPDATE events SET data = ? WHERE stream_name = ? AND stream_revision = 0').run(JSON.stringify({ ...JSON.parse(data), subject: 'mallory@example.com' }), stream);
    db.close();

    const broken = await runCli(['verify', '--json'], dataDir);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, firstBreak: { streamName: stream, revision: '0', kind: 'edited' } });
    const readable = await runCli(['verify'], dataDir);
    expect(readable.code).toBe(1);
    expect(readable.stdout.split('\n')[0]).toBe('The ledger: ! BROKEN');
    expect(readable.stdout).toMatch(new RegExp(`\\n  first break +! ${stream} #0: edited \\(expected [0-9a-f]{12}…, found [0-9a-f]{12}…\\)\\n`));
    // The timeline flags the link the edit broke, and points at verify.
    const timeline = await runCli(['history', familyId], dataDir);
    expect(timeline.stdout.split('\n').filter((line) => line.includes("! not the previous event's hash: run verify"))).toHaveLength(1);

    const restore = new Database(path.join(dataDir, 'events.db'));
    restore.prepare('UPDATE events SET data = ? WHERE stream_name = ? AND stream_revision = 0').run(data, stream);
    restore.close();
    expect((await runCli(['verify', '--json'], dataDir)).code).toBe(0);
  });

  it('export --since: NDJSON of every event recorded at or after the instant, in log order', async () => {
    const everything = await runCli(['export'], dataDir);
    expect(everything.code).toBe(0);
    const all = ndjson(everything.stdout);
    // Configuration (bootstrap) events first, then the family: the whole log (and the seals).
    expect(all.length).toBeGreaterThan(apiHistory.length);
    expect(all.filter((e) => e.streamName !== 'ledgerSeals').slice(-3)).toEqual(apiHistory);

    // `recordedAt` is the store's clock: cut at the family's refresh as the store recorded it.
    const since = apiHistory[1].recordedAt as string;
    const run = await runCli(['export', '--since', since], dataDir);
    expect(run.code).toBe(0);
    const exported = ndjson(run.stdout);
    expect(exported).toEqual(all.filter((e) => e.recordedAt >= since));
    expect(exported.map((e) => e.type)).toEqual(expect.arrayContaining(['TokenRefreshed', 'TokenRevoked']));
    expect(exported.every((e) => typeof e.revision === 'string' && typeof e.position.commit === 'string')).toBe(true);
  });

  it('refuses what it cannot answer: unknown family, bad instant, unknown command, missing store (exit 2)', async () => {
    const unknown = await runCli(['history', '--json', 'no-such-family'], dataDir);
    expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain("no token family 'no-such-family'");
    const badTime = await runCli(['state', '--json', familyId, '--at', 'yesterday'], dataDir);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--at must be an RFC 3339 date-time');
    expect((await runCli(['rewind'], dataDir)).code).toBe(2);
    const missing = await runCli(['verify', '--json'], path.join(dataDir, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no event store at');
    expect(fs.existsSync(path.join(dataDir, 'nowhere'))).toBe(false);
  });

  it('projections status: the stored checkpoints, caught up with the log the ledger left', async () => {
    const run = await runCli(['projections', 'status'], dataDir);
    expect(run.code).toBe(0);
    const { projections } = JSON.parse(run.stdout) as { projections: Record<string, any>[] };
    expect(projections).toEqual([
      expect.objectContaining({ name: 'token_families', state: 'NOT_RUNNING_HERE', lagEvents: 0, eventsApplied: expect.any(Number) }),
    ]);
    expect(projections[0].eventsApplied).toBeGreaterThanOrEqual(3);
  });

  it('projections: refused (exit 2, naming the owner) while another process owns the read-model file, as a running service does', async () => {
    const owner = ReadModelOwnerLock.acquire(path.join(dataDir, 'read-models.db'));
    try {
      for (const args of [['projections', 'status'], ['projections', 'rebuild', 'token_families', '--service-stopped']]) {
        const run = await runCli(args, dataDir);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`is in use by process ${process.pid}`);
        expect(run.stderr).toContain('GET /api/v1/ops/projections');
      }
    } finally {
      owner.release();
    }
    expect((await runCli(['projections', 'status'], dataDir)).code).toBe(0);
  });

  it('projections rebuild: refused unless the service is declared stopped; then rebuilt into a new generation', async () => {
    const refused = await runCli(['projections', 'rebuild', 'token_families'], dataDir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('POST /api/v1/ops/projections/<name>/rebuild');
    const before = JSON.parse((await runCli(['projections', 'status'], dataDir)).stdout).projections[0];

    const run = await runCli(['projections', 'rebuild', 'token_families', '--service-stopped'], dataDir);
    expect({ code: run.code, stderr: run.stderr.split('\n').filter((l) => l.includes('"error"')) }).toEqual({ code: 0, stderr: [] });
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ rebuilt: 'token_families', generation: before.generation + 1, projection: { generation: before.generation + 1, lagEvents: 0 } });
    expect(result.projection.eventsApplied).toBe(before.eventsApplied);
    expect((await runCli(['projections', 'rebuild', 'no_such_model', '--service-stopped'], dataDir)).code).toBe(2);
  });
});
