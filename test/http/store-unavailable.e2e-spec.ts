/**
 * An event store that cannot be reached (EventStoreDB adapter: its retry budget spent) answers
 * 503 `temporarily_unavailable` with `Retry-After` on every HTTP API: token, introspection,
 * revocation and management (Okta's `E0000010`). The store's calls are made to fail the way
 * the adapters fail, with the port's `EventStoreUnavailableError`.
 */
import { EventStoreUnavailableError, type EventStore } from '@ledger/event-sourcing';

import { adminApi } from '../support/management-api';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke } from '../support/token-flows';

describe('an unreachable event store', () => {
  let ledger: TestLedger;
  let unavailable = false;

  beforeAll(async () => {
    ledger = await startLedger();
    // The app's own store instance: its reads and appends fail while `unavailable` is set.
    const store = ledger.store as { -readonly [K in keyof EventStore]: EventStore[K] };
    const { append, readStream } = store;
    const fail = (what: string) => new EventStoreUnavailableError(`${what}: EventStoreDB at db1:2113 is unavailable (injected)`);
    store.append = (...args) => (unavailable ? Promise.reject(fail('append')) : append.apply(store, args));
    store.readStream = (...args) => (unavailable ? Promise.reject(fail('read')) : readStream.apply(store, args));
  });

  afterEach(() => {
    unavailable = false;
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('answers refresh, introspection and revocation 503 temporarily_unavailable with Retry-After', async () => {
    const client = TEST_CLIENTS.rotate0;
    const issued = await issueFamily(ledger, client.id);

    unavailable = true;
    const answers = [
      await refresh(ledger, client, issued.refresh_token!),
      await introspect(ledger, client, issued.refresh_token!),
      await revoke(ledger, client, issued.refresh_token!),
    ];

    for (const answer of answers) {
      expect({ status: answer.status, error: answer.body.error, retryAfter: answer.headers.get('retry-after') }).toEqual({
        status: 503,
        error: 'temporarily_unavailable',
        retryAfter: '1',
      });
      expect(answer.text).not.toContain('db1');
    }
    unavailable = false;
    // Nothing was lost: the token still refreshes once the store is back.
    expect((await refresh(ledger, client, issued.refresh_token!)).status).toBe(200);
  });

  it('answers a management write 503 E0000010 with Retry-After', async () => {
    unavailable = true;
    const answer = await adminApi(ledger, 'POST', '/api/v1/clients', { client_name: 'Unavailable store', grant_types: ['client_credentials'] });

    expect({ status: answer.status, errorCode: answer.body.errorCode, retryAfter: answer.headers.get('retry-after') }).toEqual({
      status: 503,
      errorCode: 'E0000010',
      retryAfter: '1',
    });
  });
});
