import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { formatPosition, parsePosition, comparePositions, type RecordedEvent } from '@ledger/event-sourcing';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnLedger, waitUntilListening, type ChildLedger } from '../support/child-ledger';
import { basic } from '../support/http';
import { ADMIN_TOKEN, freePort, TEST_CLIENTS } from '../support/ledger-harness';
import { allFamilies, opsCall } from '../ops/ops-client';

jest.setTimeout(120_000);

/**
 * Each projection batch holds its transaction open this long, rows written and checkpoint not
 * yet (`LEDGER_PROJECTION_BATCH_HOLD_MS`, test-only): the window the kill lands in.
 */
const HOLD_MS = 1_500;
/** Kill only in a batch this large, opened this recently (so most of its hold is left). */
const MIN_EVENTS_IN_BATCH = 20;
const MAX_BATCH_AGE_MS = 300;
/** Parallel issuance/refresh/revoke loops of the load. */
const LOAD_WORKERS = 12;
const CLIENT = TEST_CLIENTS.rotate30;

interface ProjectionJson {
  readonly checkpoint: string | null;
  readonly eventsApplied: number;
  readonly generation: number;
  readonly lagEvents: number;
  readonly openBatch: { readonly events: number; readonly since: string } | null;
}

/**
 * SPEC §7: "a crash never double-applies or skips an event". The service runs in a child
 * process on real files; load (issue, refresh, revoke over HTTP) keeps the projection busy
 * while every batch is held open, and the child is SIGKILLed inside a batch of at least 20
 * events. The file the crash left has exactly the rows and the checkpoint of the last committed
 * batch (none of the open one), and after a restart on the same data directory the caught-up
 * read models equal, row for row and count for count, a rebuild from zero, and the log.
 */
describe('kill -9 in the middle of a projection batch', () => {
  let dataDir: string;
  const children: ChildLedger[] = [];

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-projection-crash-'));
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function boot(port: number, env: Record<string, string> = {}): Promise<ChildLedger> {
    const child = spawnLedger({ dataDir, port, env });
    children.push(child);
    await waitUntilListening(child);
    return child;
  }

  it('resumes from the last committed batch: every row once, counts equal to a rebuild', async () => {
    const port = await freePort();
    const first = await boot(port, { LEDGER_PROJECTION_BATCH_HOLD_MS: String(HOLD_MS) });
    const load = startLoad(first.baseUrl);

    // Poll the status until a large batch is open and young, then kill at once.
    let atKill: ProjectionJson | undefined;
    const deadline = Date.now() + 60_000;
    while (!atKill && Date.now() < deadline) {
      const { body } = await opsCall<ProjectionJson[]>(first.baseUrl, 'GET', '/api/v1/ops/projections');
      const open = body[0].openBatch;
      // After at least one committed batch, so the restart has a checkpoint to resume from.
      if (open && body[0].checkpoint !== null && open.events >= MIN_EVENTS_IN_BATCH && Date.now() - Date.parse(open.since) < MAX_BATCH_AGE_MS) atKill = body[0];
    }
    expect(atKill).toBeDefined();
    // Stop starting new requests (those in flight fail with the kill, as expected), and kill.
    const stopped = load.stop();
    expect(await first.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    const loadReport = await stopped;
    expect(loadReport.failures).toEqual([]);

    // The file as the crash left it: the open batch is not in it, neither rows nor checkpoint.
    const log = await readFamilyLog(dataDir);
    const left = ReadModelDatabase.open({ filename: path.join(dataDir, 'read-models.db') });
    const checkpoint = left.checkpoint('token_families', atKill!.generation);
    expect({ checkpoint: checkpoint.position && formatPosition(checkpoint.position), eventsApplied: checkpoint.eventsApplied }).toEqual({
      checkpoint: atKill!.checkpoint,
      eventsApplied: atKill!.eventsApplied,
    });
    const committed = log.filter((e) => comparePositions(e.position, parsePosition(atKill!.checkpoint!)) <= 0);
    expect(committed).toHaveLength(atKill!.eventsApplied);
    const uncommitted = log.length - committed.length;
    expect(uncommitted).toBeGreaterThanOrEqual(MIN_EVENTS_IN_BATCH);
    expect(left.tokenFamilies.counts(Date.now()).total).toBe(committed.filter((e) => e.type === 'TokenIssued').length);
    left.close();

    // Restart without the hold: it resumes from that checkpoint and catches up.
    const second = await boot(port);
    const caughtUp = await opsCall<ProjectionJson[]>(second.baseUrl, 'GET', '/api/v1/ops/projections?wait=true');
    expect(caughtUp.body[0]).toMatchObject({ lagEvents: 0, eventsApplied: log.length, checkpoint: formatPosition(log[log.length - 1].position) });
    const resumed = { counts: await countsAt(second.baseUrl), families: await allFamilies(second.baseUrl, '/api/v1/ops/families?limit=1000') };

    const rebuilt = await opsCall(second.baseUrl, 'POST', '/api/v1/ops/projections/token_families/rebuild?wait=true', { timeoutMs: 60_000 });
    expect(rebuilt.status).toBe(200);
    expect(await countsAt(second.baseUrl)).toEqual(resumed.counts);
    expect((await allFamilies(second.baseUrl, '/api/v1/ops/families?limit=1000')).families).toEqual(resumed.families.families);

    // And both equal the log: every family once, revoked ones revoked.
    const issued = log.filter((e) => e.type === 'TokenIssued').map((e) => (e.data as { familyId: string }).familyId);
    const revoked = new Set(log.filter((e) => e.type === 'TokenRevoked').map((e) => (e.data as { familyId: string }).familyId));
    expect(resumed.families.families.map((f) => f.id).sort()).toEqual([...issued].sort());
    expect(resumed.counts).toMatchObject({ total: issued.length, revoked: revoked.size });
    expect(resumed.families.families.filter((f) => f.status === 'REVOKED')).toHaveLength(revoked.size);

    if (process.env.LEDGER_TEST_LOGS) {
      process.stderr.write(`${JSON.stringify({ events: log.length, eventsInOpenBatch: atKill!.openBatch!.events, uncommittedAtKill: uncommitted, load: loadReport })}\n`);
    }
  });
});

/** `/api/v1/ops/families/counts` without its `asOf` and `checkpoint` (they move by nature). */
async function countsAt(baseUrl: string): Promise<Record<string, unknown>> {
  const { status, body } = await opsCall(baseUrl, 'GET', '/api/v1/ops/families/counts');
  expect(status).toBe(200);
  const { asOf: _asOf, checkpoint: _checkpoint, ...counts } = body;
  return counts;
}

/** The token-family events of the data directory's log (no service running). */
async function readFamilyLog(dataDir: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore({ filename: path.join(dataDir, 'events.db'), writer: 'inline' });
  const events = await store.readAll({ filter: { streamNamePrefixes: ['tokenFamily-'] } });
  await store.close();
  return events;
}

/**
 * Issue, refresh and (every fifth family) revoke, over HTTP, from {@link LOAD_WORKERS} loops,
 * until stopped. Failures after the kill (refused connections) are expected; any other failure
 * is reported.
 */
function startLoad(baseUrl: string): { stop(): Promise<{ families: number; failures: string[] }> } {
  let stopping = false;
  let families = 0;
  const failures: string[] = [];
  const post = async (url: string, form: Record<string, string>, authorization: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as { refresh_token?: string }) : {};
  };
  const worker = async (w: number) => {
    for (let i = 0; !stopping; i++) {
      try {
        const issued = await post(`${baseUrl}/api/v1/authorizationServers/default/tokens`, { client_id: CLIENT.id, sub: `user${w}-${i % 7}@example.com`, scope: 'openid offline_access' }, `Bearer ${ADMIN_TOKEN}`);
        families += 1;
        const refreshed = await post(`${baseUrl}/oauth2/default/v1/token`, { grant_type: 'refresh_token', refresh_token: issued.refresh_token! }, basic(CLIENT.id, CLIENT.secret));
        if (i % 5 === 0) await post(`${baseUrl}/oauth2/default/v1/revoke`, { token: refreshed.refresh_token! }, basic(CLIENT.id, CLIENT.secret));
      } catch (error) {
        if (!stopping) failures.push(String(error));
        return;
      }
    }
  };
  const running = Promise.all(Array.from({ length: LOAD_WORKERS }, (_, w) => worker(w)));
  return {
    stop: async () => {
      stopping = true;
      await running;
      return { families, failures };
    },
  };
}
