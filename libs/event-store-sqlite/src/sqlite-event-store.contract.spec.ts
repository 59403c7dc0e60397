import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeEventStoreContract } from '@ledger/testing';

import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('SQLite :memory:', async () => ({
  store: new SqliteEventStore({ filename: ':memory:' }),
}));

describeEventStoreContract('SQLite file', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'ledger-contract-'));
  return {
    store: new SqliteEventStore({ filename: join(directory, 'events.db') }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

// Tiny pages and batches so subscriptions page many times and appends split across commits.
describeEventStoreContract('SQLite file, small pages and batches', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'ledger-contract-'));
  return {
    store: new SqliteEventStore({
      filename: join(directory, 'events.db'),
      subscriptionPageSize: 3,
      maxBatchEvents: 4,
    }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});
