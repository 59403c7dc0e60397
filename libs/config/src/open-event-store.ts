import type { EventStore } from '@ledger/event-sourcing';
import { EsdbEventStore, describeHosts } from '@ledger/event-store-esdb';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LedgerConfig } from './ledger-config';

/** Where the EventStoreDB adapter's connection and subscription drops are reported (Nest's `Logger` fits). */
export interface EventStoreLogger {
  log(message: Record<string, unknown>): void;
  warn(message: Record<string, unknown>): void;
}

/**
 * The event store the configuration names: EventStoreDB when `EVENTSTORE_URL` is set, else the
 * embedded SQLite file `<dataDir>/events.db`. The one factory for it, shared by the service and
 * the ledger CLI, so both always open the same store.
 */
export function openEventStore(config: LedgerConfig, logger: EventStoreLogger): Promise<EventStore> | EventStore {
  if (config.eventStoreUrl) return connectEventStoreDb(config.eventStoreUrl, config.eventStoreTimings, logger);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return new SqliteEventStore({ filename: path.join(config.dataDir, 'events.db'), synchronous: config.sqliteSynchronous });
}

/**
 * The EventStoreDB adapter, selected by `EVENTSTORE_URL`. Connecting checks the server at
 * once, so an unreachable server fails the start with a message naming the host (never the
 * credentials) instead of failing the first request. Subscription drops are logged: they
 * resubscribe by themselves, but a server that keeps dropping them is worth knowing about.
 */
async function connectEventStoreDb(
  connectionString: string,
  timings: LedgerConfig['eventStoreTimings'],
  logger: EventStoreLogger,
): Promise<EventStore> {
  const store = await EsdbEventStore.connect({
    connectionString,
    ...timings,
    onSubscriptionDrop: (drop) =>
      logger.warn({
        msg: 'subscription dropped; resubscribing',
        attempt: drop.attempt,
        delayMs: drop.delayMs,
        error: drop.error instanceof Error ? drop.error.message : drop.error === undefined ? 'ended by the server' : String(drop.error),
      }),
  });
  logger.log({ msg: 'event store: EventStoreDB', hosts: describeHosts(connectionString) });
  return store;
}
