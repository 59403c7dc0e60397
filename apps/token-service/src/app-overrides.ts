import type { EventStore } from '@ledger/event-sourcing';
import type { LogDestination } from './logging/pino-logging';
import type { Clock } from './shared/clock';

/** What tests and the benchmark may replace: the clock, the store, where log lines go. */
export interface AppOverrides {
  readonly clock?: Clock;
  /** Use this store instead of the embedded SQLite file (the caller closes it). */
  readonly eventStore?: EventStore;
  /** Where the JSON log lines go instead of stdout (tests capture them). */
  readonly logDestination?: LogDestination;
}
