export {
  SqliteEventStore,
  type CommittedBatch,
  type SqliteEventStoreDiagnostics,
  type SqliteEventStoreOptions,
} from './sqlite-event-store';
export {
  DuplicateEventIdError,
  InvalidEventError,
  MaximumAppendSizeExceededError,
} from './sqlite-event-store.errors';
export {
  EventStoreFileInUseError,
  NotALedgerStoreError,
  assertSqliteEventStoreNotInUse,
  backupSqliteEventStore,
  copySqliteEventStore,
  inspectSqliteEventStore,
  syncDirectory,
  type SqliteStoreSummary,
} from './sqlite-backup';
