import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';

import Database from 'better-sqlite3';

import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-sourcing';

import {
  DuplicateEventIdError,
  InvalidEventError,
  MaximumAppendSizeExceededError,
} from './sqlite-event-store.errors';
import {
  SCHEMA_SQL,
  SCHEMA_VERSION,
  SQL,
  readAllSql,
  renderFilter,
  subscriptionPageSql,
  type EventRow,
} from './sqlite-event-store.schema';
import { SqliteSubscription, type SubscriptionPage } from './sqlite-subscription';

/** Options of {@link SqliteEventStore}; only `filename` is required. */
export interface SqliteEventStoreOptions {
  /** Path of the database file (its directory is created), or `':memory:'` for tests. */
  readonly filename: string;
  /**
   * `'FULL'` (default): an acknowledged append survives `kill -9` and an OS crash or power
   * loss (the WAL is fsynced on every commit). `'NORMAL'`: survives process crashes, not power
   * loss (the last commits may roll back after an OS crash); faster on slow disks.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Flush the group-commit queue early once this many events wait. Default 500. */
  readonly maxBatchEvents?: number;
  /**
   * How often subscriptions look for events committed by another process on the same file,
   * in ms. Commits of this instance wake subscriptions at once. Default 250; 0 disables.
   */
  readonly pollIntervalMs?: number;
  /** Events a subscription reads per query. Default 500. */
  readonly subscriptionPageSize?: number;
  /** Largest append (data + metadata JSON, bytes), as EventStoreDB's default. Default 1 MiB. */
  readonly maxAppendBytes?: number;
  /** How long a commit waits for another process's write lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Source of `recordedAt`. Default `() => new Date()`. */
  readonly clock?: () => Date;
  /** Called after each group commit (metrics, tests). Must not throw. */
  readonly onBatchCommitted?: (batch: CommittedBatch) => void;
}

/** What one group commit did. */
export interface CommittedBatch {
  /** Appends settled by the transaction (written, idempotent, or rejected). */
  readonly appends: number;
  /** Events written. */
  readonly events: number;
  /** Appends rejected (conflict, duplicate id) without affecting the others. */
  readonly rejected: number;
  /** Time spent in the transaction, commit (fsync) included. */
  readonly durationMs: number;
}

/** Settings in force and the head of the log, for readiness checks and logs. */
export interface SqliteEventStoreDiagnostics {
  readonly filename: string;
  /** `'wal'` for files, `'memory'` for `:memory:`. */
  readonly journalMode: string;
  readonly synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /** Position of the last event, or `null` when the log is empty. */
  readonly head: GlobalPosition | null;
  readonly pendingAppends: number;
}

interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

interface PendingAppend {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: Error) => void;
}

type Outcome =
  | { readonly ok: true; readonly result: AppendResult; readonly written: number }
  | { readonly ok: false; readonly error: Error };

/** Largest value SQLite's INTEGER holds; open-ended ranges are clamped to it. */
const INT64_MAX = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
const COMMITTED = 'committed';

/**
 * The embedded event store: SQLite through better-sqlite3, one file, WAL, group commit.
 *
 * Appends queued during one event-loop turn share one transaction (one fsync), which is what
 * makes durable appends fast: a commit costs far more than an insert. Each append is still
 * checked and settled on its own, so a conflicting append fails without affecting its
 * neighbours. Semantics mirror EventStoreDB (expected revisions, idempotent retries by event
 * id, inclusive `readAll`, exclusive `subscribeToAll`) so the two adapters are interchangeable.
 *
 * Several processes on one host may open the same file (WAL needs shared memory, so not over
 * a network file system): writes are serialised by SQLite's lock and subscriptions notice
 * other processes' commits by polling.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly filename: string;
  private readonly maxBatchEvents: number;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly maxAppendBytes: number;
  private readonly clock: () => Date;
  private readonly onBatchCommitted: ((batch: CommittedBatch) => void) | undefined;

  private readonly stmt: {
    readonly begin: Database.Statement;
    readonly commit: Database.Statement;
    readonly rollback: Database.Statement;
    readonly savepoint: Database.Statement;
    readonly release: Database.Statement;
    readonly rollbackToSavepoint: Database.Statement;
    readonly insertEvent: Database.Statement;
    readonly streamRevision: Database.Statement;
    readonly streamRevisionPosition: Database.Statement;
    readonly idsFromRevision: Database.Statement;
    readonly eventById: Database.Statement;
    readonly head: Database.Statement;
    readonly readStreamForwards: Database.Statement;
    readonly readStreamBackwards: Database.Statement;
  };
  /** Filtered statements, keyed by kind and filter shape (a handful at most). */
  private readonly filteredStatements = new Map<string, Database.Statement>();

  private queue: PendingAppend[] = [];
  private queuedEvents = 0;
  private flushTimer: NodeJS.Immediate | undefined;
  private flushing = false;
  private closed = false;

  private readonly commits = new EventEmitter();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private pollTimer: NodeJS.Timeout | undefined;
  /** Highest position subscribers have been told about (own commits or the poll). */
  private announcedHead: bigint;

  constructor(options: SqliteEventStoreOptions) {
    this.filename = options.filename;
    this.maxBatchEvents = positiveInteger(options.maxBatchEvents ?? 500, 'maxBatchEvents');
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.pageSize = positiveInteger(options.subscriptionPageSize ?? 500, 'subscriptionPageSize');
    this.maxAppendBytes = positiveInteger(options.maxAppendBytes ?? 1024 * 1024, 'maxAppendBytes');
    this.clock = options.clock ?? (() => new Date());
    this.onBatchCommitted = options.onBatchCommitted;
    this.commits.setMaxListeners(0);

    const inMemory = this.filename === ':memory:';
    if (!inMemory) mkdirSync(dirname(this.filename), { recursive: true });
    this.db = new Database(this.filename, { timeout: options.busyTimeoutMs ?? 5000 });
    try {
      // WAL: readers never block the writer, and a commit is one sequential WAL write + fsync.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      // After a burst the WAL is truncated back to this size at the next checkpoint.
      this.db.pragma('journal_size_limit = 67108864');
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }

    const prepare = (sql: string, raw = true): Database.Statement => {
      const statement = this.db.prepare(sql).safeIntegers(true);
      return raw && statement.reader ? statement.raw(true) : statement;
    };
    this.stmt = {
      // IMMEDIATE takes the write lock up front: a deferred transaction that reads and then
      // writes can fail with SQLITE_BUSY_SNAPSHOT when another process commits in between.
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT append_one'),
      release: this.db.prepare('RELEASE append_one'),
      rollbackToSavepoint: this.db.prepare('ROLLBACK TO append_one'),
      insertEvent: prepare(SQL.insertEvent),
      streamRevision: prepare(SQL.streamRevision).pluck(true),
      streamRevisionPosition: prepare(SQL.streamRevisionPosition).pluck(true),
      idsFromRevision: prepare(SQL.idsFromRevision),
      eventById: prepare(SQL.eventById),
      head: prepare(SQL.head).pluck(true),
      readStreamForwards: prepare(SQL.readStreamForwards),
      readStreamBackwards: prepare(SQL.readStreamBackwards),
    };
    this.announcedHead = this.currentHead();
  }

  /**
   * Queues an append for the next group commit; resolves once that transaction has committed.
   * @throws WrongExpectedRevisionError when the stream is not at `expectedRevision`.
   * @throws DuplicateEventIdError when an event id is stored elsewhere.
   */
  append(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    let prepared: PreparedEvent[];
    try {
      checkStreamName(streamName);
      checkExpectedRevision(options.expectedRevision);
      prepared = this.prepareEvents(streamName, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({
        streamName,
        expected: options.expectedRevision,
        events: prepared,
        resolve,
        reject,
      });
      this.queuedEvents += prepared.length;
      if (this.queuedEvents >= this.maxBatchEvents) this.flush();
      else this.flushTimer ??= setImmediate(() => this.flush());
    });
  }

  /** Reads one stream by revision (inclusive start); a missing stream reads as empty. */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const limit = toLimit(options.maxCount);
    if (limit === 0) return [];
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const fromRevision = from === 'start' ? 0n : from === 'end' ? INT64_MAX : clampRevision(from);
    const statement =
      direction === 'forwards' ? this.stmt.readStreamForwards : this.stmt.readStreamBackwards;
    const rows = statement.all({ streamName, fromRevision, limit }) as EventRow[];
    return rows.map(rowToEvent);
  }

  /** Reads the global log in commit order from a position (inclusive), optionally filtered. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const limit = toLimit(options.maxCount);
    if (limit === 0) return [];
    const fromOption = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    const from =
      fromOption === 'start' ? 0n : fromOption === 'end' ? INT64_MAX : clampPosition(fromOption);
    const filter = renderFilter(options.filter);
    const statement = this.filtered(`all:${direction}:${filter.key}`, () =>
      readAllSql(direction, filter.condition),
    );
    const rows = statement.all({ ...filter.params, from, limit }) as EventRow[];
    return rows.map(rowToEvent);
  }

  /** Catches up strictly after `fromPosition`, then delivers new events live, in order. */
  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const from = options.fromPosition ?? 'start';
    const after = from === 'start' ? 0n : clampPosition(from);
    const subscription = new SqliteSubscription(
      {
        readPage: (cursor, filter, limit) => this.readPage(cursor, filter, limit),
        onCommitted: (listener) => {
          this.commits.on(COMMITTED, listener);
          return () => this.commits.off(COMMITTED, listener);
        },
        release: (ended) => {
          this.subscriptions.delete(ended);
          if (this.subscriptions.size === 0) this.stopPolling();
        },
      },
      after,
      options.filter,
      this.pageSize,
    );
    this.subscriptions.add(subscription);
    this.startPolling();
    return subscription;
  }

  /** Commits pending appends, ends subscriptions and closes the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    this.stopPolling();
    this.db.close();
  }

  /** Settings in force and the head of the log. */
  diagnostics(): SqliteEventStoreDiagnostics {
    this.assertOpen();
    const head = this.currentHead();
    return {
      filename: this.filename,
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_NAMES[Number(this.db.pragma('synchronous', { simple: true }))],
      head: head === 0n ? null : toPosition(head),
      pendingAppends: this.queue.length,
    };
  }

  /** Runs SQLite's `integrity_check` (reads the whole file); `[]` means healthy. */
  async checkIntegrity(): Promise<string[]> {
    this.assertOpen();
    const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).filter((message) => message !== 'ok');
  }

  private migrate(): void {
    const version = Number(this.db.pragma('user_version', { simple: true }));
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${this.filename}: schema version ${version} is newer than this build supports (${SCHEMA_VERSION})`,
      );
    }
    // IMMEDIATE so two processes opening a new file at once do not both migrate.
    this.db.transaction(() => {
      this.db.exec(SCHEMA_SQL);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }

  private prepareEvents(streamName: string, events: readonly EventToAppend[]): PreparedEvent[] {
    const prepared: PreparedEvent[] = [];
    const seen = new Set<string>();
    let bytes = 0;
    for (const event of events) {
      if (typeof event.id !== 'string' || !UUID.test(event.id)) {
        throw new InvalidEventError(streamName, `event id ${String(event.id)} is not a UUID`);
      }
      // EventStoreDB stores ids as UUIDs and returns them lower-case; so does this store.
      const id = event.id.toLowerCase();
      if (seen.has(id)) throw new DuplicateEventIdError(streamName, id, null);
      seen.add(id);
      if (typeof event.type !== 'string' || event.type === '') {
        throw new InvalidEventError(streamName, `event ${id} has no type`);
      }
      const data = toJson(streamName, id, 'data', event.data);
      const metadata = toJson(streamName, id, 'metadata', event.metadata ?? {});
      bytes += Buffer.byteLength(data) + Buffer.byteLength(metadata);
      prepared.push({ id, type: event.type, data, metadata });
    }
    if (bytes > this.maxAppendBytes) {
      throw new MaximumAppendSizeExceededError(streamName, bytes, this.maxAppendBytes);
    }
    return prepared;
  }

  /**
   * Commits everything queued in one transaction and settles each append.
   *
   * Each append is checked against the stream as left by earlier appends of the same batch
   * (the index sees the transaction's own inserts). Promises settle only after COMMIT returns,
   * i.e. after the fsync: an acknowledged append is durable.
   */
  private flush(): void {
    if (this.flushing) {
      // Re-entered from a callback during a commit: leave the queue for the next turn.
      this.flushTimer ??= setImmediate(() => this.flush());
      return;
    }
    if (this.flushTimer) {
      clearImmediate(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    this.flushing = true;
    const started = performance.now();
    const outcomes: Outcome[] = [];
    try {
      const recordedAt = BigInt(this.clock().getTime());
      this.stmt.begin.run();
      for (const append of batch) outcomes.push(this.applyAppend(append, recordedAt));
      this.stmt.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.stmt.rollback.run();
      this.flushing = false;
      // Nothing of the batch is durable, so every append fails, including those that had
      // passed their checks: their callers may retry.
      const failure = new EventStoreUnavailableError('append failed: the transaction did not commit', {
        cause: error,
      });
      for (const append of batch) append.reject(failure);
      return;
    }
    this.flushing = false;

    let written = 0;
    let rejected = 0;
    let head = 0n;
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) {
        written += outcome.written;
        if (outcome.written > 0) head = outcome.result.position.commit;
        batch[i].resolve(outcome.result);
      } else {
        rejected += 1;
        batch[i].reject(outcome.error);
      }
    });
    if (head > this.announcedHead) {
      this.announcedHead = head;
      this.commits.emit(COMMITTED);
    }
    this.onBatchCommitted?.({
      appends: batch.length,
      events: written,
      rejected,
      durationMs: performance.now() - started,
    });
  }

  /** Checks and writes one append inside the batch transaction; never a partial write. */
  private applyAppend(append: PendingAppend, recordedAt: bigint): Outcome {
    const { streamName, expected, events } = append;
    const current = this.stmt.streamRevision.get({ streamName }) as bigint | undefined;

    if (!expectationHolds(expected, current)) {
      // EventStoreDB: a retry whose ids sit right after the expected revision is a success
      // that writes nothing (the first attempt's ack was lost). Anything else is a conflict.
      const idempotent =
        typeof expected === 'bigint' || expected === 'no_stream'
          ? this.findWritten(streamName, expected === 'no_stream' ? 0n : expected + 1n, events)
          : undefined;
      if (idempotent) return { ok: true, result: idempotent, written: 0 };
      return {
        ok: false,
        error: new WrongExpectedRevisionError(streamName, expected, current ?? 'no_stream'),
      };
    }

    if (events.length === 0) {
      return { ok: true, result: this.emptyAppendResult(streamName, current), written: 0 };
    }

    // A one-event append cannot be half-written; only longer ones need a savepoint.
    const guarded = events.length > 1;
    if (guarded) this.stmt.savepoint.run();
    let revision = current === undefined ? 0n : current + 1n;
    let position = 0n;
    try {
      for (const event of events) {
        const info = this.stmt.insertEvent.run({
          streamName,
          revision,
          eventId: event.id,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          recordedAt,
        });
        position = BigInt(info.lastInsertRowid);
        revision += 1n;
      }
    } catch (error) {
      if (guarded) {
        this.stmt.rollbackToSavepoint.run();
        this.stmt.release.run();
      }
      if (!isUniqueViolation(error)) throw error;
      return this.explainDuplicate(streamName, expected, events, error);
    }
    if (guarded) this.stmt.release.run();
    return {
      ok: true,
      result: { nextExpectedRevision: revision - 1n, position: toPosition(position) },
      written: events.length,
    };
  }

  /**
   * An insert hit the unique event id index. With `any` or `stream_exists` a retry whose ids
   * are already in this stream, in order, is idempotent (EventStoreDB does the same on a
   * best-effort basis); otherwise the id lives elsewhere and the append is refused.
   */
  private explainDuplicate(
    streamName: string,
    expected: ExpectedRevision,
    events: readonly PreparedEvent[],
    cause: unknown,
  ): Outcome {
    const first = this.stmt.eventById.get({ eventId: events[0].id }) as
      | [string, bigint]
      | undefined;
    if (first && first[0] === streamName && (expected === 'any' || expected === 'stream_exists')) {
      const idempotent = this.findWritten(streamName, first[1], events);
      if (idempotent) return { ok: true, result: idempotent, written: 0 };
    }
    for (const event of events) {
      const existing = this.stmt.eventById.get({ eventId: event.id }) as
        | [string, bigint]
        | undefined;
      if (existing) {
        return {
          ok: false,
          error: new DuplicateEventIdError(streamName, event.id, {
            streamName: existing[0],
            revision: existing[1],
          }),
        };
      }
    }
    // The unique violation was not about event ids: a bug, so fail the whole batch loudly.
    throw cause;
  }

  /** The original result when `events` are stored in `streamName` from `fromRevision` on. */
  private findWritten(
    streamName: string,
    fromRevision: bigint,
    events: readonly PreparedEvent[],
  ): AppendResult | undefined {
    if (events.length === 0) return undefined;
    const rows = this.stmt.idsFromRevision.all({
      streamName,
      fromRevision,
      limit: events.length,
    }) as Array<[revision: bigint, eventId: string, position: bigint]>;
    if (rows.length !== events.length) return undefined;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i][1] !== events[i].id) return undefined;
    }
    const last = rows[rows.length - 1];
    return { nextExpectedRevision: last[0], position: toPosition(last[2]) };
  }

  /**
   * An append of no events checks the expectation and writes nothing (EventStoreDB accepts
   * it too). It answers the stream's current revision (-1 when absent) and its last position.
   */
  private emptyAppendResult(streamName: string, current: bigint | undefined): AppendResult {
    if (current === undefined) {
      return { nextExpectedRevision: -1n, position: { commit: 0n, prepare: 0n } };
    }
    const position = this.stmt.streamRevisionPosition.get({ streamName, revision: current }) as
      | bigint
      | undefined;
    return { nextExpectedRevision: current, position: toPosition(position ?? 0n) };
  }

  private readPage(after: bigint, filter: EventFilter | undefined, limit: number): SubscriptionPage {
    this.assertOpen();
    // Everything at or below the head is already committed (positions are assigned in
    // commit order by the single writer), so bounding the page by it is safe.
    const head = this.currentHead();
    if (head <= after) return { events: [], scannedTo: after };
    const rendered = renderFilter(filter);
    const statement = this.filtered(`page:${rendered.key}`, () =>
      subscriptionPageSql(rendered.condition),
    );
    const rows = statement.all({ ...rendered.params, after, head, limit }) as EventRow[];
    // A short page means every row up to the head was considered; a full one stops at its end.
    const scannedTo = rows.length === limit ? rows[rows.length - 1][0] : head;
    return { events: rows.map(rowToEvent), scannedTo };
  }

  private filtered(key: string, sql: () => string): Database.Statement {
    let statement = this.filteredStatements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql()).safeIntegers(true).raw(true);
      this.filteredStatements.set(key, statement);
    }
    return statement;
  }

  private currentHead(): bigint {
    return (this.stmt.head.get() as bigint | null) ?? 0n;
  }

  /** Another process may append to the same file; only polling can notice its commits. */
  private startPolling(): void {
    if (this.pollTimer || this.pollIntervalMs <= 0 || this.filename === ':memory:') return;
    this.pollTimer = setInterval(() => this.poll(), this.pollIntervalMs);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private poll(): void {
    if (this.closed) return;
    const head = this.currentHead();
    if (head > this.announcedHead) {
      this.announcedHead = head;
      this.commits.emit(COMMITTED);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

function rowToEvent(row: EventRow): RecordedEvent {
  return {
    id: row[3],
    streamName: row[1],
    revision: row[2],
    position: toPosition(row[0]),
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as EventMetadata,
    recordedAt: new Date(Number(row[7])),
  };
}

/** One row, one position: both halves of EventStoreDB's pair carry the rowid. */
function toPosition(position: bigint): GlobalPosition {
  return { commit: position, prepare: position };
}

function expectationHolds(expected: ExpectedRevision, current: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

function checkExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  // Revisions are uint64 in EventStoreDB; reject what no stream can ever be at.
  if (typeof expected !== 'bigint' || expected < 0n || expected > INT64_MAX) {
    throw new RangeError(`expected revision must be any, no_stream, stream_exists or a revision >= 0n`);
  }
}

function checkStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || streamName === '') {
    throw new TypeError('stream name must be a non-empty string');
  }
}

function toJson(streamName: string, id: string, field: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // The message names the problem (BigInt, cycle), never the values.
    throw new InvalidEventError(
      streamName,
      `event ${id} ${field} is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (text === undefined) throw new InvalidEventError(streamName, `event ${id} has no ${field}`);
  return text;
}

/**
 * Duck-typed on purpose: better-sqlite3's native addon keeps the `SqliteError` class of the
 * first realm that loaded it, so `instanceof` fails under jest's per-file module registries.
 */
function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/** `maxCount` as a SQL LIMIT: absent or infinite is -1 (no limit). */
function toLimit(maxCount: number | undefined): number {
  if (maxCount === undefined || maxCount === Number.POSITIVE_INFINITY) return -1;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return maxCount;
}

function clampRevision(revision: bigint): bigint {
  if (revision < 0n) throw new RangeError(`revision must be >= 0n, got ${revision}`);
  return revision > INT64_MAX ? INT64_MAX : revision;
}

/** Positions from this store have commit = prepare; the commit half orders the log. */
function clampPosition(position: GlobalPosition): bigint {
  if (position.commit < 0n) return 0n;
  return position.commit > INT64_MAX ? INT64_MAX : position.commit;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function closedError(): EventStoreUnavailableError {
  return new EventStoreUnavailableError('the SQLite event store is closed');
}
