import type { LoggerService } from '@nestjs/common';
import type { EventStore } from '@ledger/event-sourcing';
import type { LogDestination } from './logging/pino-logging';
import type { Clock } from './shared/clock';

/** What tests and the benchmark may replace: the clock, the store, the logger. */
export interface AppOverrides {
  readonly clock?: Clock;
  /** Use this store instead of the embedded SQLite file (the caller closes it). */
  readonly eventStore?: EventStore;
  readonly logger?: LoggerService;
  /** Where the JSON log lines go instead of stdout (tests capture them); ignored with `logger`. */
  readonly logDestination?: LogDestination;
}
