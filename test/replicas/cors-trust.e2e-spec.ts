/**
 * CORS trust across replicas: two token-service processes, each with its own data directory
 * (its own read models and configuration registry), on one EventStoreDB (the standalone
 * emulator, a third process). A trusted origin created or deactivated through one replica is
 * honoured by the other once that one's registry has read the event.
 */
import { comparePositions, parsePosition, type GlobalPosition } from '@ledger/event-sourcing';
import { browserAccepts, preflight } from '../support/browser-cors';
import type { ChildLedger } from '../support/child-ledger';
import { send } from '../support/http';
import { adminApi } from '../support/management-api';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';

/** Bound on a replica's registry reading an event another replica wrote (it follows the log, and checks it every quarter bound). */
const CATCH_UP_MS = 10_000;

describe('CORS trust across replica processes, one EventStoreDB', () => {
  let cluster: ReplicaCluster;
  let a: ChildLedger;
  let b: ChildLedger;

  beforeAll(async () => {
    cluster = await startReplicaCluster({ name: 'cors', nodes: 1 });
    [a, b] = cluster.replicas;
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  async function trust(ledger: ChildLedger, origin: string): Promise<string> {
    const created = await adminApi(ledger, 'POST', '/api/v1/trustedOrigins', { name: `App at ${origin}`, origin, scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] });
    expect({ status: created.status, origin: created.body.origin }).toEqual({ status: 200, origin });
    return created.body.id as string;
  }

  /** Where B's configuration registry has read the log to, as its readiness reports it. */
  async function registryPositionOf(ledger: ChildLedger): Promise<GlobalPosition | null> {
    const ready = await send(`${ledger.baseUrl}/health/ready`, { method: 'GET' });
    const position = (ready.body as { details?: { configuration?: { position?: string | null } } }).details?.configuration?.position;
    return position ? parsePosition(position) : null;
  }

  /**
   * Waits until replica `b`'s registry has applied the last trusted-origin event: its reported
   * position reaches that event's (a checkpoint, polled with a deadline; not a sleep).
   */
  async function bCaughtUp(): Promise<void> {
    const last = (await (await cluster.eventStore()).readStream('trustedOrigins-org')).at(-1)!;
    const deadline = Date.now() + CATCH_UP_MS;
    for (;;) {
      const reached = await registryPositionOf(b);
      if (reached && comparePositions(reached, last.position) >= 0) return;
      if (Date.now() > deadline) throw new Error(`replica B's registry is at ${JSON.stringify(reached)}, not yet at the trusted-origin event ${JSON.stringify(last.position)}, after ${CATCH_UP_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('an origin trusted or deactivated through one replica is honoured by the other once it has read the event', async () => {
    const origin = 'https://replicated.example.com';
    expect((await preflight(b, '/oauth2/default/v1/token', origin)).headers['access-control-allow-origin']).toBeUndefined();
    const id = await trust(a, origin);
    await bCaughtUp();
    expect(browserAccepts(await preflight(b, '/oauth2/default/v1/token', origin), origin, 'POST', ['content-type', 'dpop'])).toBe(true);

    expect((await adminApi(a, 'POST', `/api/v1/trustedOrigins/${id}/lifecycle/deactivate`)).status).toBe(200);
    await bCaughtUp();
    expect((await preflight(b, '/oauth2/default/v1/token', origin)).headers['access-control-allow-origin']).toBeUndefined();
  });
});
