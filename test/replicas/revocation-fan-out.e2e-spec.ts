/**
 * `$all` load of the revocation feed on EventStoreDB: a replica's watchers share one server-side
 * subscription (counted by the emulator), however many resource servers watch, and each still
 * gets every revocation, in order; a watcher that reconnects with an older cursor gets the ones
 * it missed.
 */
import { startEsdbEmulator, type EsdbEmulator } from '../esdb-emulator';
import { familyIdOf } from '../support/family-events';
import { basicMetadata, grpcClients, openStream, type LedgerGrpcClients, type StreamReader } from '../support/grpc-client';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, revoke } from '../support/token-flows';

const HEARTBEAT_MS = 200;
const WAIT_MS = 5_000;
const WATCHERS = 5;

interface FeedMessage {
  readonly revocation?: { readonly family_id: string; readonly cursor: string };
  readonly heartbeat?: { readonly cursor: string };
}

describe('revocation feed on EventStoreDB: one subscription per replica', () => {
  let emulator: EsdbEmulator;
  let ledger: TestLedger;
  let clients: LedgerGrpcClients;
  const owner = TEST_CLIENTS.rotate30;
  const open: StreamReader<FeedMessage>[] = [];

  beforeAll(async () => {
    emulator = await startEsdbEmulator();
    ledger = await startLedger({
      grpc: true,
      env: { EVENTSTORE_URL: emulator.connectionString, LEDGER_REVOCATION_FEED_HEARTBEAT_MS: String(HEARTBEAT_MS) },
    });
    clients = grpcClients(ledger);
  });
  afterAll(async () => {
    for (const reader of open) reader.cancel();
    await Promise.all(open.map((r) => r.status));
    clients?.close();
    await ledger?.close();
    await emulator?.stop();
  });

  async function watch(after?: string): Promise<StreamReader<FeedMessage>> {
    const reader = openStream<FeedMessage>(clients.feed, 'Watch', after !== undefined ? { after } : {}, basicMetadata(owner));
    open.push(reader);
    await reader.nextMatching((m) => m.heartbeat !== undefined, WAIT_MS);
    return reader;
  }

  /** Polls readiness (bounded): the projections' subscription is open by then. */
  async function untilReady(): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while ((await fetch(`${ledger.baseUrl}/health/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`not ready within ${WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function revokedFamily(): Promise<string> {
    const token = (await issueFamily(ledger, owner.id)).refresh_token!;
    expect((await revoke(ledger, owner, token)).status).toBe(200);
    return familyIdOf(token);
  }

  async function revocations(reader: StreamReader<FeedMessage>, n: number): Promise<{ family_id: string; cursor: string }[]> {
    const got: { family_id: string; cursor: string }[] = [];
    while (got.length < n) got.push((await reader.nextMatching((m) => m.revocation !== undefined, WAIT_MS)).message.revocation!);
    return got;
  }

  it(`${WATCHERS} watchers open one store subscription between them, and each gets every revocation in order; a late watcher with a cursor gets the missed ones`, async () => {
    // The service's own subscriptions (configuration, projections) are open once it is ready.
    await untilReady();
    const before = emulator.subscriptionCount;
    const watchers = [];
    for (let i = 0; i < WATCHERS; i++) watchers.push(await watch());
    expect(emulator.subscriptionCount - before).toBe(1);

    const families: string[] = [];
    for (let i = 0; i < 4; i++) families.push(await revokedFamily());
    const seen = await Promise.all(watchers.map((w) => revocations(w, 4)));
    for (const got of seen) expect(got.map((r) => r.family_id)).toEqual(families);

    // A watcher that saw the first one, reconnecting: it gets the other three, then live ones.
    // (Not waiting for a heartbeat first: the missed revocations come before any.)
    const late = openStream<FeedMessage>(clients.feed, 'Watch', { after: seen[0][0].cursor }, basicMetadata(owner));
    open.push(late);
    const next = await revokedFamily();
    expect((await revocations(late, 4)).map((r) => r.family_id)).toEqual([...families.slice(1), next]);
    expect(emulator.subscriptionCount - before).toBe(1);
  });
});
