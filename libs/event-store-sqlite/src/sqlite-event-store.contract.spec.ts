import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeEventStoreContract, type EventStoreCapabilities, type EventStoreUnderTest } from '@ledger/testing';

import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

/**
 * The embedded store answers a stream's revision from its index, without reading an event, and
 * removes streams by deleting their rows.
 */
const CAPABILITIES: EventStoreCapabilities = { streamRevision: true, removeStreams: 'delete' };

/** A store on a fresh file, removed after the test. */
async function onTemporaryFile(
  options: Omit<SqliteEventStoreOptions, 'filename'> = {},
): Promise<EventStoreUnderTest> {
  const directory = await mkdtemp(join(tmpdir(), 'ledger-contract-'));
  return {
    store: new SqliteEventStore({ filename: join(directory, 'events.db'), ...options }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
}

describeEventStoreContract(
  'SQLite :memory: (inline writer)',
  async () => ({ store: new SqliteEventStore({ filename: ':memory:' }) }),
  CAPABILITIES,
);

describeEventStoreContract('SQLite file (worker writer)', () => onTemporaryFile({ writer: 'worker' }), CAPABILITIES);

describeEventStoreContract('SQLite file (inline writer)', () => onTemporaryFile({ writer: 'inline' }), CAPABILITIES);

// Tiny pages and batches so subscriptions page many times and appends split across commits.
describeEventStoreContract(
  'SQLite file (worker writer), small pages and batches',
  () => onTemporaryFile({ writer: 'worker', subscriptionPageSize: 3, maxBatchEvents: 4 }),
  CAPABILITIES,
);

describeEventStoreContract(
  'SQLite file (inline writer), small pages and batches',
  () => onTemporaryFile({ writer: 'inline', subscriptionPageSize: 3, maxBatchEvents: 4 }),
  CAPABILITIES,
);
