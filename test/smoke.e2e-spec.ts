import { startLedger, TEST_CLIENTS, type TestLedger } from './support/ledger-harness';
import { introspect, issueFamily, refresh, revoke } from './support/token-flows';

describe('token ledger over HTTP (smoke)', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('runs on the store under test', () => {
    // The e2e-esdb jest project runs these suites again on the EventStoreDB adapter.
    expect(ledger.store.constructor.name).toBe(process.env.LEDGER_TEST_STORE === 'esdb' ? 'EsdbEventStore' : 'SqliteEventStore');
  });

  it('issues, refreshes, introspects and revokes a family', async () => {
    const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    expect(issued.refresh_token).toMatch(/^tlr1\./);
    const refreshed = await refresh(ledger, TEST_CLIENTS.rotate30, issued.refresh_token!);
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    expect(refreshed.body.refresh_token).not.toBe(issued.refresh_token);
    expect((await introspect(ledger, TEST_CLIENTS.rotate30, refreshed.body.refresh_token!)).body.active).toBe(true);
    expect((await revoke(ledger, TEST_CLIENTS.rotate30, refreshed.body.refresh_token!)).status).toBe(200);
    expect((await introspect(ledger, TEST_CLIENTS.rotate30, refreshed.body.access_token)).body).toEqual({ active: false });
    const after = await refresh(ledger, TEST_CLIENTS.rotate30, refreshed.body.refresh_token!);
    expect(after.status).toBe(400);
    expect(after.body).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
  });
});
