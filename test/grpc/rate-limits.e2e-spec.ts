import * as grpc from '@grpc/grpc-js';
import { adminMetadata, basicMetadata, grpcClients, metadataOf, unary, type GrpcResult, type LedgerGrpcClients } from '../support/grpc-client';
import { basic, postForm, send } from '../support/http';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, introspect } from '../support/token-flows';

const MINUTE = 60_000;

/** Opens a fresh window: the clock at `offsetMs` into the next whole minute. */
function nextWindow(clock: SteppableClock, offsetMs: number): number {
  const start = (Math.floor(clock.now() / MINUTE) + 1) * MINUTE;
  clock.set(start + offsetMs);
  return start;
}

/** RESOURCE_EXHAUSTED with the OAuth code `slow_down` and the budget in the ErrorInfo. */
function expectExhausted(result: GrpcResult<unknown>, budget: { limit: number; reset: number; retryAfter: number }): void {
  expect(result).toMatchObject({
    ok: false,
    code: grpc.status.RESOURCE_EXHAUSTED,
    errorInfo: {
      reason: 'slow_down',
      domain: 'tokenledger',
      metadata: {
        reason: 'rate_limited',
        retry_after_seconds: String(budget.retryAfter),
        rate_limit_limit: String(budget.limit),
        rate_limit_remaining: '0',
        rate_limit_reset: String(budget.reset),
      },
    },
  });
}

/**
 * The budgets of `rate-limits.e2e-spec.ts` (HTTP) on the token RPCs: the same counters, so a
 * client id or address refused on one transport is refused on the other.
 */
describe('rate limits (gRPC)', () => {
  let ledger: TestLedger;
  let clients: LedgerGrpcClients;
  let clock: SteppableClock;

  beforeAll(async () => {
    ledger = await startLedger({
      grpc: true,
      env: {
        LEDGER_RATE_LIMIT_CLIENT_FAILURES: '10',
        LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '30',
        LEDGER_RATE_LIMIT_CLIENT_REQUESTS: '50',
        LEDGER_RATE_LIMIT_ADDRESS_REQUESTS: '100000',
      },
    });
    clients = grpcClients(ledger);
    clock = ledger.clock as SteppableClock;
  });
  afterAll(async () => {
    clients.close();
    await ledger.close();
  });

  it('wrong secrets on RefreshTokens: 10 UNAUTHENTICATED, then RESOURCE_EXHAUSTED on every token RPC and on HTTP, the right secret included, until the window ends', async () => {
    const windowStart = nextWindow(clock, 45_000);
    const family = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    const wrong = basicMetadata({ id: TEST_CLIENTS.rotate30.id, secret: 'wrong-secret' });
    const codes: grpc.status[] = [];
    for (let i = 0; i < 15; i++) {
      const result = await unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: family.refresh_token }, wrong);
      codes.push(result.ok ? grpc.status.OK : result.code);
    }
    expect(codes).toEqual([...Array(10).fill(grpc.status.UNAUTHENTICATED), ...Array(5).fill(grpc.status.RESOURCE_EXHAUSTED)]);

    const budget = { limit: 10, reset: (windowStart + MINUTE) / 1000, retryAfter: 15 };
    const right = basicMetadata(TEST_CLIENTS.rotate30);
    expectExhausted(await unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: family.refresh_token }, right), budget);
    expectExhausted(await unary(clients.token, 'IntrospectToken', { authorization_server_id: 'default', token: family.access_token }, right), budget);
    expectExhausted(await unary(clients.token, 'RevokeToken', { authorization_server_id: 'default', token: family.access_token }, right), budget);
    expect((await introspect(ledger, TEST_CLIENTS.rotate30, family.access_token)).status).toBe(429);

    // Another client id is unaffected.
    expect(await unary(clients.token, 'IntrospectToken', { authorization_server_id: 'default', token: family.access_token }, basicMetadata(TEST_CLIENTS.static))).toMatchObject({ ok: true });

    clock.set(windowStart + MINUTE);
    expect(await unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: family.refresh_token }, right)).toMatchObject({ ok: true });
  });

  it('requests per client id: HTTP and gRPC introspections share one budget of 50; the next call is RESOURCE_EXHAUSTED, other clients are served', async () => {
    const windowStart = nextWindow(clock, 0);
    const metadata = basicMetadata(TEST_CLIENTS.rotate0);
    for (let i = 0; i < 25; i++) {
      expect(await unary(clients.token, 'IntrospectToken', { authorization_server_id: 'default', token: 'not-a-token' }, metadata)).toMatchObject({ ok: true });
      expect((await introspect(ledger, TEST_CLIENTS.rotate0, 'not-a-token')).status).toBe(200);
    }
    expectExhausted(await unary(clients.token, 'IntrospectToken', { authorization_server_id: 'default', token: 'not-a-token' }, metadata), {
      limit: 50,
      reset: (windowStart + MINUTE) / 1000,
      retryAfter: 60,
    });
    const overHttp = await postForm(`${ledger.baseUrl}/oauth2/default/v1/introspect`, { token: 'not-a-token' }, { authorization: basic(TEST_CLIENTS.rotate0.id, TEST_CLIENTS.rotate0.secret) });
    expect(overHttp.status).toBe(429);
    expect(await unary(clients.token, 'IntrospectToken', { authorization_server_id: 'default', token: 'not-a-token' }, basicMetadata(TEST_CLIENTS.static))).toMatchObject({ ok: true });
  });

  it('wrong admin credentials on gRPC count against the address: after 30, the admin credential is RESOURCE_EXHAUSTED on gRPC and 429 on HTTP', async () => {
    const windowStart = nextWindow(clock, 30_000);
    for (let i = 0; i < 30; i++) {
      const result = await unary(clients.ops, 'GetProjectionStatus', {}, metadataOf({ authorization: `Bearer wrong-admin-token-${i}` }));
      expect(result).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    }
    expectExhausted(await unary(clients.ops, 'GetProjectionStatus', {}, adminMetadata()), { limit: 30, reset: (windowStart + MINUTE) / 1000, retryAfter: 30 });
    const overHttp = await send(`${ledger.baseUrl}/api/v1/clients`, { method: 'GET', headers: { authorization: adminMetadata().get('authorization')[0] as string } });
    expect(overHttp.status).toBe(429);
    expect(overHttp.body).toMatchObject({ errorCode: 'E0000047' });

    clock.set(windowStart + MINUTE);
    expect(await unary(clients.ops, 'GetProjectionStatus', {}, adminMetadata())).toMatchObject({ ok: true });
  });
});
