import type { EventStore } from '@ledger/event-sourcing';
import { startEsdbEmulator, type EsdbEmulator } from '../../../test/esdb-emulator';
import { loadLedgerConfig } from './ledger-config';
import { openEventStore } from './open-event-store';

const quiet = { log: () => undefined, warn: () => undefined };

describe('openEventStore: EventStoreDB timings from the environment', () => {
  let emulator: EsdbEmulator;
  let store: EventStore | undefined;

  beforeAll(async () => {
    emulator = await startEsdbEmulator();
  });
  afterEach(async () => {
    await (store as { close?: () => Promise<void> } | undefined)?.close?.();
    store = undefined;
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('parses the three timings with their defaults and refuses values out of range', () => {
    expect(loadLedgerConfig({}).eventStoreTimings).toEqual({ retryBudgetMs: 8000, readTimeoutMs: 5000, appendTimeoutMs: 10_000 });
    expect(
      loadLedgerConfig({ EVENTSTORE_RETRY_BUDGET_MS: '0', EVENTSTORE_READ_TIMEOUT_MS: '250', EVENTSTORE_APPEND_TIMEOUT_MS: '3000' }).eventStoreTimings,
    ).toEqual({ retryBudgetMs: 0, readTimeoutMs: 250, appendTimeoutMs: 3000 });
    expect(() => loadLedgerConfig({ EVENTSTORE_READ_TIMEOUT_MS: '99' })).toThrow(/EVENTSTORE_READ_TIMEOUT_MS/);
    expect(() => loadLedgerConfig({ EVENTSTORE_RETRY_BUDGET_MS: '-1' })).toThrow(/EVENTSTORE_RETRY_BUDGET_MS/);
  });

  // The same injected failure, retried or not, shows the budget reached the adapter.
  it('gives the adapter the configured retry budget: with 0 a read that fails once is not retried', async () => {
    store = await openEventStore(loadLedgerConfig({ EVENTSTORE_URL: emulator.connectionString, EVENTSTORE_RETRY_BUDGET_MS: '0' }), quiet);
    emulator.failNextCall('UNAVAILABLE', { method: 'Read' });
    await expect(store.readStream('budget-zero')).rejects.toMatchObject({ name: 'EventStoreUnavailableError' });
  });

  it('and with the default budget the same failure is retried and the read answers', async () => {
    store = await openEventStore(loadLedgerConfig({ EVENTSTORE_URL: emulator.connectionString }), quiet);
    emulator.failNextCall('UNAVAILABLE', { method: 'Read' });
    await expect(store.readStream('budget-default')).resolves.toEqual([]);
  });
});
