import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { audit } from './audit-client';

const MINUTE = 60_000;

/** Opens the closed ledger's event file directly, as an attacker with disk access would. */
function withEventsFile<T>(dataDir: string, work: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'events.db'));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/**
 * SPEC §3: a stream is a tamper-evident chain. Events are appended through the real commands,
 * the service is stopped, one stored event is edited in the SQLite file, and `verify` (the
 * audit API after a restart, and the CLI) must name exactly that event; restoring the row
 * makes the chain whole again.
 */
describe('tampering with a stored event', () => {
  const client = TEST_CLIENTS.rotate30;
  let dataDir: string;
  let clock: SteppableClock;
  let streamName: string;
  let original: string;
  let ledger: TestLedger | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tamper-'));
    clock = new SteppableClock();
    const first = await startLedger({ clock, dataDir });
    const issued = await issueFamily(first, client.id);
    streamName = `tokenFamily-${refreshTokenParts(issued.refresh_token!).familyId}`;
    clock.advance(MINUTE);
    const r1 = await refresh(first, client, issued.refresh_token!);
    clock.advance(MINUTE);
    const r2 = await refresh(first, client, r1.body.refresh_token!);
    clock.advance(MINUTE);
    expect((await revoke(first, client, r2.body.refresh_token!)).status).toBe(200);
    // Another family afterwards, so the edited stream is not the last one written.
    await issueFamily(first, client.id, { sub: 'bob@example.com' });
    expect((await audit(first, 'POST', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    await first.close();
  });

  afterEach(async () => {
    await ledger?.close();
    ledger = undefined;
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the untouched store verifies, from the CLI too', async () => {
    const run = await runCli(['verify', '--json'], dataDir);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, stream: null, eventsChecked: expect.any(Number) });
  });

  it('an edited TokenRefreshed (revision 1 of 4) breaks the chain at exactly that event: API and CLI', async () => {
    original = withEventsFile(dataDir, (db) => {
      const row = db.prepare('SELECT data FROM events WHERE stream_name = ? AND stream_revision = 1').get(streamName) as { data: string };
      const data = JSON.parse(row.data) as { accessTokenLifetimeMinutes: number };
      // Someone rewrites history: the refresh claims a 24-hour access token.
      const edited = JSON.stringify({ ...data, accessTokenLifetimeMinutes: 1_440 });
      expect(db.prepare('UPDATE events SET data = ? WHERE stream_name = ? AND stream_revision = 1').run(edited, streamName).changes).toBe(1);
      return row.data;
    });
    const expectedBreak = { streamName, revision: '1', kind: 'edited' };

    ledger = await startLedger({ clock, dataDir });
    const all = await audit(ledger, 'POST', '/api/v1/audit/verify');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ ok: false, stream: null, firstBreak: expectedBreak });
    const one = await audit(ledger, 'POST', `/api/v1/audit/verify?stream=${encodeURIComponent(streamName)}`);
    expect(one.body).toMatchObject({ ok: false, stream: streamName, streamsChecked: 1, firstBreak: expectedBreak });
    expect(one.body.firstBreak.expected).not.toEqual(one.body.firstBreak.actual);
    await ledger.close();
    ledger = undefined;

    const cli = await runCli(['verify', '--json'], dataDir);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, firstBreak: expectedBreak });
    const cliStream = await runCli(['verify', '--json', '--stream', streamName], dataDir);
    expect(cliStream.code).toBe(1);
    expect(JSON.parse(cliStream.stdout)).toEqual(one.body);
  });

  it('restoring the row makes the chain whole again', async () => {
    withEventsFile(dataDir, (db) => db.prepare('UPDATE events SET data = ? WHERE stream_name = ? AND stream_revision = 1').run(original, streamName));
    const cli = await runCli(['verify', '--json', '--stream', streamName], dataDir);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 4, head: { streamName, revision: '3' } });
    ledger = await startLedger({ clock, dataDir });
    expect((await audit(ledger, 'POST', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
  });

  it('an unknown stream is not reported intact (404 / exit 2)', async () => {
    ledger = await startLedger({ clock, dataDir });
    const api = await audit(ledger, 'POST', '/api/v1/audit/verify?stream=tokenFamily-nope');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ errorCode: 'E0000007' });
    await ledger.close();
    ledger = undefined;
    const cli = await runCli(['verify', '--json', '--stream', 'tokenFamily-nope'], dataDir);
    expect({ code: cli.code, stdout: cli.stdout }).toEqual({ code: 2, stdout: '' });
  });
});
