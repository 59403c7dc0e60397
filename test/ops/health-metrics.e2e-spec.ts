import { ProjectionRunner } from '@ledger/projections';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { basicMetadata, grpcClients, unary } from '../support/grpc-client';
import { issueFamily, refresh } from '../support/token-flows';

/** Long enough that the readiness probes below run while the batch is still held open. */
const HOLD_MS = 2_000;

async function get(ledger: TestLedger, path: string): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await fetch(`${ledger.baseUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

/**
 * `/health/live`, `/health/ready` and `/metrics` (SPEC §6.4). Readiness fails while a
 * projection is further behind than `LEDGER_READY_MAX_LAG_EVENTS` when that is set (0 here,
 * with events held back by the test-only batch hold) and once the runner is stopped, and
 * recovers when caught up.
 */
describe('health', () => {
  let ledger: TestLedger;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    ledger = await startLedger({ env: { LEDGER_READY_MAX_LAG_EVENTS: '0', LEDGER_PROJECTION_BATCH_HOLD_MS: String(HOLD_MS) } });
    runner = ledger.app.get(ProjectionRunner);
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('is live, and ready once the projections have caught up', async () => {
    expect(await get(ledger, '/health/live')).toMatchObject({ status: 200 });
    await runner.waitUntilCaughtUp();
    const ready = await get(ledger, '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up' },
        projections: { status: 'up', maxLagEvents: 0, token_families: { lagEvents: 0 } },
        // The configuration registry: verified against the log's head within its bound.
        configuration: { status: 'up', maxStalenessMs: 1000, boot: { fromSnapshot: false, readFrom: 'start' } },
      },
    });
    const { configuration } = JSON.parse(ready.text).info;
    expect(configuration.verifiedAgoMs).toBeLessThanOrEqual(configuration.maxStalenessMs);
  });

  it('is not ready while a projection lags beyond the bound, and ready again when caught up', async () => {
    await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'lagging@example.com' });
    // The projection holds this event's batch open for HOLD_MS: it is pending, lag 1 > 0.
    const lagging = await get(ledger, '/health/ready');
    expect(lagging.status).toBe(503);
    expect(JSON.parse(lagging.text)).toMatchObject({
      status: 'error',
      info: { eventStore: { status: 'up' } },
      error: { projections: { status: 'down', maxLagEvents: 0, token_families: { lagEvents: 1 } } },
    });
    await runner.waitUntilCaughtUp(HOLD_MS * 3);
    expect((await get(ledger, '/health/ready')).status).toBe(200);
  });

  it('is not ready once the runner has stopped', async () => {
    await runner.stop();
    const stopped = await get(ledger, '/health/ready');
    expect(stopped.status).toBe(503);
    expect(JSON.parse(stopped.text)).toMatchObject({ error: { projections: { status: 'down', token_families: { state: 'stopped' } } } });
  });
});

/**
 * Readiness is bounded in seconds by default (`LEDGER_READY_MAX_LAG_SECONDS`, 5): events waiting
 * in a batch that is still young are the normal trail of a busy log, not a reason to take the
 * instance out of service; events older than the bound are.
 */
describe('readiness by the age of the oldest pending event', () => {
  const ledgers: TestLedger[] = [];
  afterAll(async () => {
    await Promise.all(ledgers.map((l) => l.close()));
  });

  async function ledgerWith(env: Record<string, string>): Promise<{ ledger: TestLedger; runner: ProjectionRunner }> {
    const ledger = await startLedger({ env: { LEDGER_PROJECTION_BATCH_HOLD_MS: String(HOLD_MS), ...env } });
    ledgers.push(ledger);
    const runner = ledger.app.get(ProjectionRunner);
    await runner.waitUntilCaughtUp();
    return { ledger, runner };
  }

  it('stays ready while events wait in a batch younger than the bound (no bound in events by default)', async () => {
    const { ledger, runner } = await ledgerWith({});
    await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'young-batch@example.com' });
    const ready = await get(ledger, '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      info: { projections: { status: 'up', maxLagSeconds: 5, maxLagEvents: null, token_families: { lagEvents: 1 } } },
    });
    await runner.waitUntilCaughtUp(HOLD_MS * 3);
  });

  it('is not ready once the oldest pending event is older than the bound, and ready again when caught up', async () => {
    const { ledger, runner } = await ledgerWith({ LEDGER_READY_MAX_LAG_SECONDS: '0' });
    await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'old-batch@example.com' });
    const lagging = await get(ledger, '/health/ready');
    expect(lagging.status).toBe(503);
    const body = JSON.parse(lagging.text) as { error: { projections: { token_families: { lagSeconds: number } } } };
    expect(body).toMatchObject({ error: { projections: { status: 'down', maxLagSeconds: 0, maxLagEvents: null, token_families: { lagEvents: 1 } } } });
    expect(body.error.projections.token_families.lagSeconds).toBeGreaterThan(0);
    await runner.waitUntilCaughtUp(HOLD_MS * 3);
    expect((await get(ledger, '/health/ready')).status).toBe(200);
  });
});

describe('metrics', () => {
  let ledger: TestLedger;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    ledger = await startLedger({ grpc: true });
    runner = ledger.app.get(ProjectionRunner);
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('exposes the process, HTTP, refresh-outcome, reuse and projection series', async () => {
    const rotating = await issueFamily(ledger, TEST_CLIENTS.rotate0.id, { sub: 'metrics@example.com' });
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, rotating.refresh_token!)).status).toBe(200);
    // Replaying the rotated-out token (leeway 0) is reuse: the family is revoked.
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, rotating.refresh_token!)).status).toBe(400);
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, 'tlr1.not-a-real-token')).status).toBe(400);
    await runner.waitUntilCaughtUp();

    const metrics = await get(ledger, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = metrics.text.split('\n');
    const sample = (prefix: string) => lines.find((l) => l.startsWith(prefix));
    expect(sample('process_cpu_user_seconds_total ')).toBeDefined();
    expect(sample('nodejs_eventloop_lag_seconds ')).toBeDefined();
    expect(sample('ledger_http_request_duration_seconds_count{method="POST",route="/oauth2/:as/v1/token",status_code="200"} ')).toBe(
      'ledger_http_request_duration_seconds_count{method="POST",route="/oauth2/:as/v1/token",status_code="200"} 1',
    );
    expect(sample('ledger_http_request_duration_seconds_count{method="POST",route="/oauth2/:as/v1/token",status_code="400"} ')).toMatch(/ 2$/);
    expect(sample('ledger_refresh_outcomes_total{outcome="refreshed"} ')).toBe('ledger_refresh_outcomes_total{outcome="refreshed"} 1');
    expect(sample('ledger_refresh_outcomes_total{outcome="reused_outside_leeway"} ')).toBe('ledger_refresh_outcomes_total{outcome="reused_outside_leeway"} 1');
    expect(sample('ledger_refresh_outcomes_total{outcome="unknown_token"} ')).toBe('ledger_refresh_outcomes_total{outcome="unknown_token"} 1');
    expect(sample('ledger_refresh_token_reuse_detections_total ')).toBe('ledger_refresh_token_reuse_detections_total 1');
    expect(sample('ledger_projection_lag_events{projection="token_families"} ')).toBe('ledger_projection_lag_events{projection="token_families"} 0');
    expect(sample('ledger_projection_lag_seconds{projection="token_families"} ')).toBe('ledger_projection_lag_seconds{projection="token_families"} 0');
    expect(sample('ledger_projection_events_applied{projection="token_families"} ')).toBe('ledger_projection_events_applied{projection="token_families"} 3');
    // Labels come from route patterns: no family id, subject or token in any series.
    expect(metrics.text).not.toMatch(/metrics@example\.com|tlr1\./);
    expect(lines.filter((l) => l.includes('route="')).every((l) => /route="(\/[a-z0-9/:._-]*|unmatched)"/i.test(l))).toBe(true);
  });

  it('counts gRPC refreshes in the same refresh-outcome and reuse series', async () => {
    const sampleOf = async (prefix: string) => {
      const text = (await get(ledger, '/metrics')).text;
      return Number(text.split('\n').find((l) => l.startsWith(prefix))?.split(' ')[1] ?? 0);
    };
    const before = {
      refreshed: await sampleOf('ledger_refresh_outcomes_total{outcome="refreshed"} '),
      reused: await sampleOf('ledger_refresh_outcomes_total{outcome="reused_outside_leeway"} '),
      unknown: await sampleOf('ledger_refresh_outcomes_total{outcome="unknown_token"} '),
      detections: await sampleOf('ledger_refresh_token_reuse_detections_total '),
    };
    const clients = grpcClients(ledger);
    try {
      const client = TEST_CLIENTS.rotate0;
      const family = await issueFamily(ledger, client.id, { sub: 'grpc-metrics@example.com' });
      const call = (refreshToken: string) =>
        unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken }, basicMetadata(client));
      expect((await call(family.refresh_token!)).ok).toBe(true);
      expect((await call(family.refresh_token!)).ok).toBe(false); // reuse (leeway 0): the family is revoked
      expect((await call('tlr1.not-a-real-token')).ok).toBe(false);
    } finally {
      clients.close();
    }
    expect(await sampleOf('ledger_refresh_outcomes_total{outcome="refreshed"} ')).toBe(before.refreshed + 1);
    expect(await sampleOf('ledger_refresh_outcomes_total{outcome="reused_outside_leeway"} ')).toBe(before.reused + 1);
    expect(await sampleOf('ledger_refresh_outcomes_total{outcome="unknown_token"} ')).toBe(before.unknown + 1);
    expect(await sampleOf('ledger_refresh_token_reuse_detections_total ')).toBe(before.detections + 1);
  });
});
