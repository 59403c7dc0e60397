import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RecordedEvent } from '@ledger/event-sourcing';
import { ProjectionRunner } from '@ledger/projections';
import { audit } from '../audit/audit-client';
import { latest, sealNow, type Seal } from '../audit/seal-client';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, type TokenBody } from '../support/token-flows';
import { runCli } from './run-cli';

const MINUTE = 60_000;
/** The key files a restored log needs and a backup does not hold. */
const KEY_FILES = ['key-encryption.key', 'refresh-token.key'];
/** Refresh chains driven while the backup runs. */
const CHAINS = 4;

/** The fields that make an event what it is, positions included: a restored log must equal the original's prefix in all of them. */
function identity(e: RecordedEvent): Record<string, unknown> {
  return { id: e.id, streamName: e.streamName, revision: e.revision, position: e.position.commit, type: e.type, data: e.data, metadata: e.metadata };
}

/** Readiness once the rebuilt read models have caught up with the restored log. */
async function ready(ledger: TestLedger): Promise<number> {
  await ledger.app.get(ProjectionRunner).waitUntilCaughtUp();
  return (await fetch(`${ledger.baseUrl}/health/ready`)).status;
}

/**
 * `ledger backup` copies the embedded store online (SQLite's backup API) while a ledger serves
 * refreshes; `ledger restore --service-stopped` puts the copy back, in a new data directory (with
 * the key files copied apart, as an operator keeps them) or over the old one; the restored
 * ledger starts, verifies and refreshes the families the copy holds.
 */
describe('backup and restore of the embedded store', () => {
  const client = TEST_CLIENTS.rotate30;
  let root: string;
  let dataDir: string;
  let backupFile: string;
  let clock: SteppableClock;
  let ledger: TestLedger | undefined;
  /** Families issued before the backup and left alone: their refresh tokens are current in the copy. */
  let quiet: TokenBody[];
  /** What the backup printed. */
  let taken: { file: string; bytes: number; events: number; lastPosition: { commit: string; prepare: string } };
  /** The original log's events up to the backup's last position. */
  let prefix: RecordedEvent[];
  /** The newest seal the ledger had made when the backup started: the copy holds it, or a newer one. */
  let sealedBefore: Seal;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-backup-'));
    dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir, { mode: 0o700 });
    backupFile = path.join(root, 'backups', 'ledger.db');
    fs.mkdirSync(path.dirname(backupFile));
    clock = new SteppableClock();
    ledger = await startLedger({ clock, dataDir });
    quiet = [];
    for (const sub of ['ada@example.com', 'grace@example.com']) quiet.push(await issueFamily(ledger, client.id, { sub }));
  });

  afterAll(async () => {
    await ledger?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backup: a consistent copy taken while the ledger serves refreshes, exactly a prefix of its log, private', async () => {
    const serving = ledger!;
    const chains: { token: string }[] = [];
    for (let i = 0; i < CHAINS; i++) chains.push({ token: (await issueFamily(serving, client.id, { sub: `load-${i}@example.com` })).refresh_token! });
    clock.advance(MINUTE);
    await sealNow(serving);
    sealedBefore = await latest(serving);

    let backupDone = false;
    let answered = 0;
    let answeredDuringBackup = 0;
    const failures: string[] = [];
    // Each chain presents its current token and goes on with the successor, until the backup is
    // done and it has been answered once more after that (so the log goes on past the copy).
    const load = Promise.all(
      chains.map(async (chain) => {
        let afterBackup = 0;
        while (afterBackup < 1 && failures.length === 0) {
          const done = backupDone;
          const answer = await refresh(serving, client, chain.token);
          if (answer.status !== 200) failures.push(`${answer.status} ${answer.text}`);
          else chain.token = answer.body.refresh_token!;
          answered += 1;
          if (done) afterBackup += 1;
          else if (!backupDone) answeredDuringBackup += 1;
        }
      }),
    );
    const run = await runCli(['backup', backupFile], dataDir);
    backupDone = true;
    await load;

    expect(failures).toEqual([]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    // The service answered refreshes all the while the CLI ran.
    expect(answeredDuringBackup).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(answeredDuringBackup);
    taken = JSON.parse(run.stdout);
    expect(taken).toMatchObject({ file: backupFile, source: path.join(dataDir, 'events.db'), bytes: fs.statSync(backupFile).size });
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    // One file, nothing left beside it.
    expect(fs.readdirSync(path.dirname(backupFile))).toEqual(['ledger.db']);

    const all = await serving.allEvents();
    const last = BigInt(taken.lastPosition.commit);
    prefix = all.filter((e) => e.position.commit <= last);
    expect(last).toBeLessThan(all[all.length - 1].position.commit);
    expect(taken.events).toBe(prefix.length);
    expect(taken.lastPosition.commit).toBe(prefix[prefix.length - 1].position.commit.toString());
    // The copy as SQLite sees it: the same events, in the same positions.
    const copy = new Database(backupFile, { readonly: true });
    try {
      const ids = copy.prepare('SELECT event_id FROM events ORDER BY position').pluck().all();
      expect(ids).toEqual(prefix.map((e) => e.id));
    } finally {
      copy.close();
    }
  });

  it('restore is refused while a service runs, without --service-stopped, and for a file that is not a ledger store', async () => {
    const running = await runCli(['restore', backupFile, '--service-stopped'], dataDir);
    expect(running.code).toBe(2);
    expect(running.stderr).toContain(`is in use by process ${process.pid}`);
    expect(running.stdout).toBe('');

    const undeclared = await runCli(['restore', backupFile], path.join(root, 'elsewhere'));
    expect(undeclared.code).toBe(2);
    expect(undeclared.stderr).toContain('pass --service-stopped');

    const notes = path.join(root, 'notes.txt');
    fs.writeFileSync(notes, 'these are not the events you are looking for\n'.repeat(20));
    const text = await runCli(['restore', notes, '--service-stopped'], path.join(root, 'elsewhere'));
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('is not a ledger store');
    const otherDb = path.join(root, 'other.db');
    const other = new Database(otherDb);
    other.exec('CREATE TABLE things (x)');
    other.close();
    const sqlite = await runCli(['restore', otherDb, '--service-stopped'], path.join(root, 'elsewhere'));
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toContain('it has no event table');
    // Nothing was made where it was refused.
    expect(fs.existsSync(path.join(root, 'elsewhere', 'events.db'))).toBe(false);
  });

  it('backup never overwrites a file, and both commands point EventStoreDB to the server\'s own backup', async () => {
    const existing = await runCli(['backup', backupFile], dataDir);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('a backup never overwrites a file');

    const esdb = { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' };
    for (const args of [['backup', path.join(root, 'esdb.db')], ['restore', backupFile, '--service-stopped']]) {
      const run = await runCli(args, dataDir, esdb);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('docs/operations.md#backups');
      expect(run.stderr).toContain('npm run ledger -- verify');
    }
  });

  it('restore into a new data directory (key files copied apart): the ledger starts, verifies, and refreshes the families the copy holds', async () => {
    const fresh = path.join(root, 'restored');
    fs.mkdirSync(fresh, { mode: 0o700 });
    for (const name of KEY_FILES) fs.copyFileSync(path.join(dataDir, name), path.join(fresh, name));

    const run = await runCli(['restore', backupFile, '--service-stopped'], fresh);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      restored: backupFile,
      store: path.join(fresh, 'events.db'),
      bytes: taken.bytes,
      events: taken.events,
      lastPosition: taken.lastPosition,
      replaced: null,
      removed: [],
      warnings: [],
    });
    expect(fs.statSync(path.join(fresh, 'events.db')).mode & 0o777).toBe(0o600);
    // The copy verifies before anything runs on it, its newest seal included (signed by the key
    // the log records, unwrapped with the key-encryption key copied beside it).
    const verified = await runCli(['verify', '--json'], fresh);
    expect(verified.code).toBe(0);
    const report = JSON.parse(verified.stdout);
    expect(report).toMatchObject({ ok: true, seals: { ok: true }, gaps: { checked: true, ok: true, missing: 0 } });
    const newest = report.seals.latest as Seal;
    expect(newest.treeSize).toBeGreaterThanOrEqual(sealedBefore.treeSize);
    expect(BigInt(newest.lastPosition!.commit)).toBeLessThanOrEqual(BigInt(taken.lastPosition.commit));
    expect(report.seals.checked).toBeGreaterThanOrEqual(1);

    const restored = await startLedger({ clock, dataDir: fresh });
    try {
      expect((await restored.allEvents()).slice(0, prefix.length).map(identity)).toEqual(prefix.map(identity));
      expect((await audit(restored, 'POST', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, seals: { ok: true } });
      expect(await ready(restored)).toBe(200);
      clock.advance(MINUTE);
      for (const family of quiet) expect((await refresh(restored, client, family.refresh_token!)).status).toBe(200);
    } finally {
      await restored.close();
    }
  });

  it('restore over the old data directory: the replaced store kept aside, derived files removed, key files left alone', async () => {
    await ledger!.close();
    ledger = undefined;
    const keys = KEY_FILES.map((name) => fs.readFileSync(path.join(dataDir, name), 'utf8'));
    const derived = ['read-models.db', 'merkle-tree.db', 'configuration-registry.json'].map((name) => path.join(dataDir, name));
    for (const file of derived) expect(fs.existsSync(file)).toBe(true);

    const run = await runCli(['restore', backupFile, '--service-stopped'], dataDir);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ events: taken.events, lastPosition: taken.lastPosition, warnings: [] });
    expect(result.removed).toEqual(expect.arrayContaining(derived));
    for (const file of derived) expect(fs.existsSync(file)).toBe(false);
    expect(result.replaced).toMatch(/events\.db\.replaced-/);
    expect(fs.statSync(result.replaced).size).toBeGreaterThan(0);
    expect(KEY_FILES.map((name) => fs.readFileSync(path.join(dataDir, name), 'utf8'))).toEqual(keys);

    ledger = await startLedger({ clock, dataDir });
    expect((await audit(ledger, 'POST', '/api/v1/audit/verify')).body).toMatchObject({ ok: true, seals: { ok: true } });
    expect(await ready(ledger)).toBe(200);
    clock.advance(MINUTE);
    for (const family of quiet) expect((await refresh(ledger, client, family.refresh_token!)).status).toBe(200);
  });
});
