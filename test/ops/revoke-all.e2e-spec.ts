import { ProjectionRunner } from '@ledger/projections';
import { eventCount } from '../support/family-events';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily } from '../support/token-flows';
import { allFamilies, boundedAll, opsCall } from './ops-client';

jest.setTimeout(180_000);

const SUBJECT = 'bulk.user@example.com';
const FAMILIES = 1_000;
/** Requests in flight while issuing and introspecting. */
const CONCURRENCY = 16;
/** Every third family is the STATIC client's, the others the rotating client's. */
const clientOf = (i: number) => (i % 3 === 0 ? TEST_CLIENTS.static : TEST_CLIENTS.rotate30);

interface Issued {
  readonly client: { readonly id: string; readonly secret: string };
  readonly refreshToken: string;
  readonly accessToken: string;
}

/**
 * `DELETE /api/v1/users/{sub}/tokens` (SPEC §6.3): a subject with 1,000 families, issued
 * through the issuance API; revoking one client's families leaves the others active; revoking
 * all of them makes every token introspect inactive (all 1,000 checked), through `TokenRevoked`
 * events with the admin as the requester; a second call appends nothing; other subjects are
 * untouched.
 */
describe('revoke every family of a subject', () => {
  let ledger: TestLedger;
  let issued: Issued[];
  let bystander: Issued;

  beforeAll(async () => {
    ledger = await startLedger();
    issued = await boundedAll(Array.from({ length: FAMILIES }, (_, i) => i), CONCURRENCY, async (i) => {
      const client = clientOf(i);
      const body = await issueFamily(ledger, client.id, { sub: SUBJECT });
      return { client, refreshToken: body.refresh_token!, accessToken: body.access_token };
    });
    const other = await issueFamily(ledger, TEST_CLIENTS.static.id, { sub: 'someone.else@example.com' });
    bystander = { client: TEST_CLIENTS.static, refreshToken: other.refresh_token!, accessToken: other.access_token };
  });

  afterAll(async () => {
    await ledger?.close();
  });

  /** Introspects every refresh token of `tokens` (bounded concurrency); returns the `active` flags. */
  async function activeFlags(tokens: readonly Issued[], which: 'refreshToken' | 'accessToken' = 'refreshToken'): Promise<boolean[]> {
    return boundedAll(tokens, CONCURRENCY, async (t) => {
      const result = await introspect(ledger, t.client, t[which]);
      expect(result.status).toBe(200);
      return result.body.active;
    });
  }

  it('lists the subject’s 1,000 families as active first', async () => {
    await ledger.app.get(ProjectionRunner).waitUntilCaughtUp();
    const { families, pages } = await allFamilies(ledger.baseUrl, `/api/v1/users/${encodeURIComponent(SUBJECT)}/tokens?status=active`);
    expect(families).toHaveLength(FAMILIES);
    expect(pages).toBe(5);
  });

  it('with client_id, revokes only that client’s families', async () => {
    const staticOnes = issued.filter((t) => t.client === TEST_CLIENTS.static);
    const rotating = issued.filter((t) => t.client !== TEST_CLIENTS.static);
    const before = await eventCount(ledger);
    const answer = await opsCall(ledger.baseUrl, 'DELETE', `/api/v1/users/${encodeURIComponent(SUBJECT)}/tokens?client_id=${TEST_CLIENTS.static.id}`);
    expect(answer.status).toBe(204);
    expect(await eventCount(ledger)).toBe(before + staticOnes.length);
    expect(await activeFlags(staticOnes)).toEqual(staticOnes.map(() => false));
    expect(await activeFlags(rotating)).toEqual(rotating.map(() => true));
    expect((await introspect(ledger, bystander.client, bystander.refreshToken)).body.active).toBe(true);
  });

  it('without client_id, revokes every remaining family: all 1,000 introspect inactive', async () => {
    const before = await eventCount(ledger);
    const answer = await opsCall(ledger.baseUrl, 'DELETE', `/api/v1/users/${encodeURIComponent(SUBJECT)}/tokens?reason=user_logout`);
    expect(answer.status).toBe(204);
    const remaining = issued.filter((t) => t.client !== TEST_CLIENTS.static).length;
    expect(await eventCount(ledger)).toBe(before + remaining);

    expect(await activeFlags(issued)).toEqual(issued.map(() => false));
    expect(await activeFlags(issued.slice(0, 100), 'accessToken')).toEqual(issued.slice(0, 100).map(() => false));
    expect((await introspect(ledger, bystander.client, bystander.refreshToken)).body.active).toBe(true);

    const revocations = (await ledger.allEvents()).filter((e) => e.type === 'TokenRevoked').map((e) => e.data as { reason: string; requestedBy: string });
    expect(revocations).toHaveLength(FAMILIES);
    expect(revocations.filter((r) => r.reason === 'admin')).toHaveLength(FAMILIES - remaining);
    expect(revocations.filter((r) => r.reason === 'user_logout')).toHaveLength(remaining);
    expect(new Set(revocations.map((r) => r.requestedBy))).toEqual(new Set(['admin:service']));
  });

  it('a second call finds nothing to do and appends nothing', async () => {
    const before = await eventCount(ledger);
    expect((await opsCall(ledger.baseUrl, 'DELETE', `/api/v1/users/${encodeURIComponent(SUBJECT)}/tokens`)).status).toBe(204);
    expect(await eventCount(ledger)).toBe(before);
    const counts = await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families/counts');
    expect(counts.body).toMatchObject({ total: FAMILIES + 1, active: 1, revoked: FAMILIES, byRevokeReason: { admin: expect.any(Number), user_logout: expect.any(Number) } });
  });

  it('refuses a bad reason and requires the admin credential', async () => {
    expect(await opsCall(ledger.baseUrl, 'DELETE', `/api/v1/users/x/tokens?reason=whim`)).toMatchObject({ status: 400, body: { errorCode: 'E0000001', errorSummary: 'Api validation failed: reason' } });
    expect(await opsCall(ledger.baseUrl, 'DELETE', `/api/v1/users/x/tokens`, { token: null })).toMatchObject({ status: 401, body: { errorCode: 'E0000011' } });
  });
});
