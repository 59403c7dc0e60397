/**
 * Two replicas in two processes on one EventStoreDB (the in-repo emulator), the second one's
 * wall clock 5 s behind the first's, as after an NTP drift. Time must never run backwards
 * within a family: whichever replica decides, a rotation, an idle expiry or a revocation is
 * never dated before the family's last event, and the leeway that a slow clock would stretch
 * is judged from the family's own time (SPEC §4, §5).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEsdbEmulator, type EsdbEmulator } from '../esdb-emulator';
import { spawnLedger, waitUntilListening, type ChildLedger } from '../support/child-ledger';
import { AUDITOR_TOKEN, freePort, TEST_CLIENTS } from '../support/ledger-harness';
import { issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';

const BEHIND_MS = -5_000;

interface StoredEvent {
  readonly type: string;
  readonly data: Record<string, any>;
}

/** The family's events as an auditor reads them from either replica. */
async function familyEvents(ledger: ChildLedger, refreshToken: string): Promise<StoredEvent[]> {
  const familyId = refreshToken.split('.')[1];
  const response = await fetch(`${ledger.baseUrl}/api/v1/audit/families/${familyId}/events`, {
    headers: { authorization: `Bearer ${AUDITOR_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as StoredEvent[];
}

/** The instant each event says it happened. */
function eventTime(event: StoredEvent): number {
  const { issuedAt, refreshedAt, revokedAt } = event.data;
  return (issuedAt ?? refreshedAt ?? revokedAt) as number;
}

function expectNeverBackwards(events: readonly StoredEvent[]): void {
  const times = events.map(eventTime);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  const refreshed = events.filter((e) => e.type === 'TokenRefreshed').map((e) => e.data);
  for (let i = 1; i < refreshed.length; i++) {
    expect(refreshed[i].rotatedAt).toBeGreaterThanOrEqual(refreshed[i - 1].rotatedAt);
    expect(refreshed[i].idleExpiresAt).toBeGreaterThanOrEqual(refreshed[i - 1].idleExpiresAt);
  }
}

async function refreshOk(ledger: ChildLedger, client: { id: string; secret: string }, token: string): Promise<TokenBody> {
  const result = await refresh(ledger, client, token);
  expect({ status: result.status, body: result.status === 200 ? 'ok' : result.body }).toEqual({ status: 200, body: 'ok' });
  return result.body;
}

describe('two replica processes, one 5 s behind: time never runs backwards within a family', () => {
  let emulator: EsdbEmulator;
  let ahead: ChildLedger;
  let behind: ChildLedger;

  beforeAll(async () => {
    emulator = await startEsdbEmulator();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-skew-'));
    // One data directory for the keys generated into it (token and signing keys).
    const env = { EVENTSTORE_URL: emulator.connectionString, LEDGER_AUDITOR_TOKEN: AUDITOR_TOKEN };
    ahead = spawnLedger({ dataDir, port: await freePort(), env });
    await waitUntilListening(ahead);
    // Each replica its own read models (a second opener of one read-model file is refused).
    behind = spawnLedger({ dataDir, port: await freePort(), env: { ...env, LEDGER_READ_MODELS: path.join(dataDir, 'read-models-behind.db') }, clockOffsetMs: BEHIND_MS });
    await waitUntilListening(behind);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([ahead?.kill(), behind?.kill()]);
    await emulator?.stop();
  });

  it('leeway 0: the token the first replica just rotated out is reuse on the slow replica too (not a retry "before" the rotation)', async () => {
    const client = TEST_CLIENTS.rotate0;
    const issued = await issueFamily(ahead, client.id);
    const rotated = await refreshOk(ahead, client, issued.refresh_token!);

    const replay = await refresh(behind, client, issued.refresh_token!);
    expect({ status: replay.status, error: replay.body.error }).toEqual({ status: 400, error: 'invalid_grant' });

    const events = await familyEvents(behind, issued.refresh_token!);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    expect(events[2].data).toMatchObject({ reason: 'reuse_detected' });
    expectNeverBackwards(events);
    expect((await refresh(ahead, client, rotated.refresh_token!)).status).toBe(400);
  });

  it('a rotation on the slow replica right after one on the fast replica is not dated before it', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ahead, client.id);
    const first = await refreshOk(ahead, client, issued.refresh_token!);
    const second = await refreshOk(behind, client, first.refresh_token!);
    await refreshOk(ahead, client, second.refresh_token!);

    const events = await familyEvents(ahead, issued.refresh_token!);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRefreshed', 'TokenRefreshed']);
    expect(events.slice(1).map((e) => e.data.generation)).toEqual([1, 2, 3]);
    expectNeverBackwards(events);
  });

  it('a revocation through the slow replica is not dated before the refresh it ends', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(behind, client.id);
    const rotated = await refreshOk(ahead, client, issued.refresh_token!);
    expect((await revoke(behind, client, rotated.refresh_token!)).status).toBe(200);

    const events = await familyEvents(ahead, issued.refresh_token!);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    expectNeverBackwards(events);
    expect((await refresh(ahead, client, rotated.refresh_token!)).body.error).toBe('invalid_grant');
  });
});
