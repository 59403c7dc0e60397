import { EventEmitter } from 'node:events';

import Database from 'better-sqlite3';

import {
  EventStoreUnavailableError,
  MaximumAppendSizeExceededError,
  StreamRemovalRefusedError,
  checkEventToAppend,
  checkStreamName,
  createPrivateFile,
  eventJson,
  type AppendOptions,
  type AppendResult,
  type EventDigest,
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

import { DuplicateEventIdError } from './sqlite-event-store.errors';
import {
  SCHEMA_SQL,
  SCHEMA_VERSION,
  MIGRATIONS,
  SQL,
  readAllSql,
  renderFilter,
  subscriptionPageSql,
  toPosition,
  type EventRow,
} from './sqlite-event-store.schema';
import type { AppendOutcome, PreparedAppend, PreparedEvent } from './sqlite-group-commit';
import { RecentEvents } from './sqlite-recent-events';
import { SqliteSubscription, type SubscriptionPage } from './sqlite-subscription';
import {
  InlineWriter,
  WorkerWriter,
  type CommitListener,
  type CommittedAppend,
  type CommittedBatch,
  type Writer,
} from './sqlite-writer';

export type { CommittedBatch } from './sqlite-writer';

/** Options of {@link SqliteEventStore}; only `filename` is required. */
export interface SqliteEventStoreOptions {
  /** Path of the database file (created 0600 with its `-wal`/`-shm`, its directory 0700 when missing), or `':memory:'` for tests. */
  readonly filename: string;
  /**
   * Where appends are committed.
   *
   * `'worker'` (default for files): a worker thread owns the write connection and runs the group
   * commit, so inserts and the fsync of each COMMIT never block the event loop; the calling
   * thread keeps a read-only connection for reads and subscriptions (WAL lets both run at once).
   * An append resolves after its COMMIT returned, so a read that starts afterwards sees it.
   *
   * `'inline'` (the only choice for `':memory:'`, which one connection alone can see): the group
   * commit runs on the calling thread, which each commit blocks for the whole batch.
   *
   * Both give the same results and the same durability.
   */
  readonly writer?: 'worker' | 'inline';
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
  /**
   * How many of the events this instance committed last are kept in memory, so subscriptions
   * read them without a query (and without parsing what their filter skips). Pages that start
   * before them, or after them (another process's commits), are read from the file. Default
   * 4096; 0 reads every page from the file.
   */
  readonly subscriptionTailEvents?: number;
  /** Largest append (data + metadata JSON, bytes), as EventStoreDB's default. Default 1 MiB. */
  readonly maxAppendBytes?: number;
  /**
   * With the writer thread: how often a thread of its own checkpoints the WAL (PASSIVE, never
   * blocking commits), in ms, instead of SQLite's automatic checkpoint inside the COMMIT that
   * crosses 1000 pages. Default 250: the more often it copies, the fewer frames are left for the
   * writer's rewind (see `walRestartBytes`) to copy while commits wait (rewinds of 2–5 ms instead
   * of ~10 ms at 1000). 0 keeps the automatic checkpoint.
   */
  readonly checkpointIntervalMs?: number;
  /**
   * With the checkpoint thread: WAL size in bytes since its last rewind above which the writer
   * thread rewinds it between two batches (a RESTART checkpoint of the frames the checkpoint
   * thread has not copied yet); under sustained appends PASSIVE checkpoints alone almost never
   * let it rewind. Default 32 MiB.
   */
  readonly walRestartBytes?: number;
  /** How long a commit waits for another process's write lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Source of `recordedAt`, read when `append` is called. Default `() => new Date()`. */
  readonly clock?: () => Date;
  /** Called after each group commit (metrics, tests), on the calling thread. Must not throw. */
  readonly onBatchCommitted?: (batch: CommittedBatch) => void;
}

/** Settings in force and the head of the log, for readiness checks and logs. */
export interface SqliteEventStoreDiagnostics {
  readonly filename: string;
  /** Where appends commit (see {@link SqliteEventStoreOptions.writer}). */
  readonly writer: 'worker' | 'inline';
  /** Why the writer thread stopped, if it died; appends fail until the store is reopened. */
  readonly writerFailure: string | null;
  /**
   * `'wal'` for files, `'memory'` for `:memory:`. This and `synchronous` describe the connection
   * that commits: the writer thread's as soon as it has started, this thread's before that.
   */
  readonly journalMode: string;
  readonly synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /** Pages after which a commit checkpoints the WAL itself; 0 when the checkpoint thread does. */
  readonly walAutocheckpoint: number;
  /** Position of the last event, or `null` when the log is empty. */
  readonly head: GlobalPosition | null;
  readonly pendingAppends: number;
  /**
   * Subscription pages served from the events this instance committed last (see
   * {@link SqliteEventStoreOptions.subscriptionTailEvents}), and pages read by a query, since
   * the store opened. A page found empty by the head check alone counts as neither.
   */
  readonly subscriptionPagesFromMemory: number;
  readonly subscriptionPagesFromDisk: number;
}

/** Largest value SQLite's INTEGER holds; open-ended ranges are clamped to it. */
const INT64_MAX = 2n ** 63n - 1n;
const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
const COMMITTED = 'committed';
/**
 * Characters of data and metadata the recent events may hold: the event count alone would let a
 * few thousand large events (up to `maxAppendBytes` each) pin gigabytes.
 */
const RECENT_EVENTS_MAX_CHARS = 16 * 1024 * 1024;

/** The files SQLite keeps beside the database, created with its mode (see `createPrivateFile`). */
const SQLITE_COMPANION_FILES = ['-wal', '-shm', '-journal'] as const;

/**
 * The embedded event store: SQLite through better-sqlite3, one file, WAL, group commit.
 *
 * Appends queued during one event-loop turn share one transaction (one fsync), which is what
 * makes durable appends fast: a commit costs far more than an insert. Each append is still
 * checked and settled on its own, so a conflicting append fails without affecting its
 * neighbours. Semantics mirror EventStoreDB (expected revisions, idempotent retries by event
 * id, inclusive `readAll`, exclusive `subscribeToAll`) so the two adapters are interchangeable.
 *
 * For files the commit runs in a worker thread (see {@link SqliteEventStoreOptions.writer});
 * this thread validates and serialises appends, reads, and drives subscriptions, which each
 * commit of this instance wakes at once and which read this instance's last commits from memory
 * (see {@link SqliteEventStoreOptions.subscriptionTailEvents}).
 *
 * Several processes on one host may open the same file (WAL needs shared memory, so not over
 * a network file system): writes are serialised by SQLite's lock and subscriptions notice
 * other processes' commits by polling.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly writer: Writer;
  private readonly filename: string;
  /** `:memory:` or `''` (a temporary file): a database no second connection can open. */
  private readonly privateDatabase: boolean;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly maxAppendBytes: number;
  /** `recordedAt` of an append being accepted, epoch milliseconds. */
  private readonly now: () => number;
  private readonly onBatchCommitted: ((batch: CommittedBatch) => void) | undefined;

  private readonly stmt: {
    readonly head: Database.Statement;
    readonly readStreamForwards: Database.Statement;
    readonly readStreamBackwards: Database.Statement;
    readonly streamRevision: Database.Statement;
    readonly readDigests: Database.Statement;
  };
  /** Filtered statements, keyed by kind and filter shape (a handful at most). */
  private readonly filteredStatements = new Map<string, Database.Statement>();

  /** Set when `close()` starts: no new appends or subscriptions. */
  private closing: Promise<void> | undefined;
  /** Set when the connection is closed: nothing works any more. */
  private closed = false;

  private readonly commits = new EventEmitter();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private pollTimer: NodeJS.Timeout | undefined;
  /** Highest position subscribers have been told about (own commits or the poll). */
  private announcedHead: bigint;
  /** This instance's last commits, which subscriptions read from memory. */
  private readonly recent: RecentEvents;
  private pagesFromMemory = 0;
  private pagesFromDisk = 0;

  constructor(options: SqliteEventStoreOptions) {
    this.filename = options.filename;
    this.privateDatabase = this.filename === ':memory:' || this.filename === '';
    const maxBatchEvents = positiveInteger(options.maxBatchEvents ?? 500, 'maxBatchEvents');
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.pageSize = positiveInteger(options.subscriptionPageSize ?? 500, 'subscriptionPageSize');
    this.recent = new RecentEvents(
      nonNegativeInteger(options.subscriptionTailEvents ?? 4096, 'subscriptionTailEvents'),
      RECENT_EVENTS_MAX_CHARS,
    );
    this.maxAppendBytes = positiveInteger(options.maxAppendBytes ?? 1024 * 1024, 'maxAppendBytes');
    this.now = options.clock ? epochMillis(options.clock) : Date.now;
    this.onBatchCommitted = options.onBatchCommitted;
    this.commits.setMaxListeners(0);
    const writerMode = options.writer ?? (this.privateDatabase ? 'inline' : 'worker');
    if (writerMode !== 'inline' && writerMode !== 'worker') {
      throw new RangeError(`writer must be 'worker' or 'inline', got ${String(writerMode)}`);
    }
    if (writerMode === 'worker' && this.privateDatabase) {
      throw new RangeError(`writer 'worker' needs a database file; '${this.filename}' is private to one connection`);
    }
    const synchronous = options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL';
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const checkpointIntervalMs = options.checkpointIntervalMs ?? 250;
    const walRestartBytes = options.walRestartBytes ?? 32 * 1024 * 1024;

    if (!this.privateDatabase) createPrivateFile(this.filename, SQLITE_COMPANION_FILES);
    this.db = new Database(this.filename, { timeout: busyTimeoutMs });
    try {
      // WAL: readers never block the writer, and a commit is one sequential WAL write + fsync.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${synchronous}`);
      // After a burst the WAL is truncated back to this size at the next checkpoint.
      this.db.pragma('journal_size_limit = 67108864');
      this.migrate();
      // With a writer thread this connection only reads: a write here would compete with the
      // thread for the lock (and wait up to busyTimeoutMs), so SQLite refuses any.
      if (writerMode === 'worker') this.db.pragma('query_only = ON');

      const prepare = (sql: string): Database.Statement => this.db.prepare(sql).safeIntegers(true).raw(true);
      this.stmt = {
        head: this.db.prepare(SQL.head).safeIntegers(true).pluck(true),
        readStreamForwards: prepare(SQL.readStreamForwards),
        readStreamBackwards: prepare(SQL.readStreamBackwards),
        streamRevision: this.db.prepare(SQL.streamRevision).safeIntegers(true).pluck(true),
        readDigests: prepare(SQL.readDigests),
      };
      this.announcedHead = this.currentHead();

      const onCommitted: CommitListener = (batch, head, appends, outcomes) =>
        this.committed(batch, head, appends, outcomes);
      // Last: nothing that can still fail leaves a thread behind.
      this.writer =
        writerMode === 'worker'
          ? new WorkerWriter({ filename: this.filename, synchronous, busyTimeoutMs, maxBatchEvents, checkpointIntervalMs, walRestartBytes, onCommitted })
          : new InlineWriter(this.db, maxBatchEvents, onCommitted);
    } catch (error) {
      this.db.close();
      throw error;
    }
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
    if (this.closing) return Promise.reject(closedError());
    let prepared: PreparedAppend;
    try {
      checkStreamName(streamName);
      checkExpectedRevision(options.expectedRevision);
      prepared = {
        streamName,
        expected: options.expectedRevision,
        recordedAt: this.now(),
        events: this.prepareEvents(streamName, events),
      };
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.append(prepared);
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

  /** The revision of the stream's last event (one index lookup, no event decoded). */
  async streamRevision(streamName: string): Promise<bigint | 'no_stream'> {
    this.assertOpen();
    const revision = this.stmt.streamRevision.get({ streamName }) as bigint | undefined;
    return revision ?? 'no_stream';
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

  /**
   * The log after `after` without the events' content: one row read per event, no JSON parsed
   * (what the sealer reads; see the port).
   */
  async readAllDigests(after: GlobalPosition | 'start', maxCount: number): Promise<EventDigest[]> {
    this.assertOpen();
    const limit = toLimit(maxCount);
    if (limit === 0) return [];
    const from = after === 'start' ? 0n : clampPosition(after);
    const rows = this.stmt.readDigests.all({ after: from, limit }) as [bigint, string, bigint, string, string | null][];
    return rows.map(([position, streamName, revision, type, contentHash]) => ({ streamName, revision, position: toPosition(position), type, contentHash }));
  }

  /** Catches up strictly after `fromPosition`, then delivers new events live, in order. */
  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    if (this.closing) throw closedError();
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

  /**
   * Removes whole streams (see `EventStore.removeStreams`): after the appends already accepted
   * have committed, deletes their rows in one transaction with `secure_delete` on, then
   * checkpoints and truncates the WAL; the events this instance keeps in memory for
   * subscriptions are forgotten.
   * A reader holding an older snapshot can keep the checkpoint from emptying the WAL; the
   * writer then tries again every 200 ms until it does (the old page images stay in the WAL
   * until then), and the removal still resolves: the rows are gone.
   * @throws StreamRemovalRefusedError when a stream holds the log's last event (nothing removed)
   * @throws EventStoreUnavailableError when the removal failed (nothing removed)
   */
  async removeStreams(streamNames: readonly string[]): Promise<void> {
    if (this.closing) throw closedError();
    const distinct = [...new Set(streamNames)];
    for (const streamName of distinct) checkStreamName(streamName);
    if (distinct.length === 0) return;
    const outcome = await this.writer.removeStreams(distinct);
    if (!outcome.ok) {
      throw new StreamRemovalRefusedError(
        outcome.streamName,
        'it holds the last event of the log, whose position the next append would reuse (append the removal record first)',
      );
    }
    // Everything held is dropped, not just these streams' events: the window must stay free of
    // holes (see RecentEvents), and the next pages are simply read from the file.
    if (outcome.removed > 0) this.recent.clear();
    if (!outcome.walTruncated) this.writer.truncateWalSoon();
  }

  /**
   * Ends subscriptions, commits pending appends (waiting for the writer thread to exit), then
   * closes the file. Appends are refused from the first call on. Safe to call twice.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** Settings in force and the head of the log. */
  diagnostics(): SqliteEventStoreDiagnostics {
    this.assertOpen();
    const head = this.currentHead();
    const committing = this.writer.connectionSettings ?? {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      walAutocheckpoint: Number(this.db.pragma('wal_autocheckpoint', { simple: true })),
    };
    return {
      filename: this.filename,
      writer: this.writer.mode,
      writerFailure: this.writer.failure?.message ?? null,
      journalMode: committing.journalMode,
      synchronous: SYNCHRONOUS_NAMES[committing.synchronous],
      walAutocheckpoint: committing.walAutocheckpoint,
      head: head === 0n ? null : toPosition(head),
      pendingAppends: this.writer.pendingAppends,
      subscriptionPagesFromMemory: this.pagesFromMemory,
      subscriptionPagesFromDisk: this.pagesFromDisk,
    };
  }

  /** Runs SQLite's `integrity_check` (reads the whole file); `[]` means healthy. */
  async checkIntegrity(): Promise<string[]> {
    this.assertOpen();
    const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).filter((message) => message !== 'ok');
  }

  private async shutDown(): Promise<void> {
    // Subscriptions end first, so none reads while the writer drains or after the file closes.
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    this.stopPolling();
    try {
      await this.writer.close();
    } finally {
      this.closed = true;
      this.db.close();
    }
  }

  /**
   * A commit of this instance: remember its events, wake subscriptions at once, then tell
   * `onBatchCommitted`.
   */
  private committed(
    batch: CommittedBatch,
    head: bigint,
    appends: readonly CommittedAppend[],
    outcomes: readonly AppendOutcome[],
  ): void {
    // Before the wake-up, so the subscriptions it wakes find this batch in memory. Events every
    // subscription has read are forgotten (with no subscription, all of those before it).
    let readUpTo = INT64_MAX;
    for (const subscription of this.subscriptions) if (subscription.readUpTo < readUpTo) readUpTo = subscription.readUpTo;
    this.recent.record(appends, outcomes, readUpTo);
    if (head > this.announcedHead) {
      this.announcedHead = head;
      this.commits.emit(COMMITTED);
    }
    this.onBatchCommitted?.(batch);
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
      const current = Number(this.db.pragma('user_version', { simple: true }));
      if (current === 0) {
        this.db.exec(SCHEMA_SQL);
      } else {
        for (let v = current; v < SCHEMA_VERSION; v++) this.db.exec(MIGRATIONS[v]);
      }
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }

  private prepareEvents(streamName: string, events: readonly EventToAppend[]): PreparedEvent[] {
    const prepared: PreparedEvent[] = [];
    const seen = new Set<string>();
    let bytes = 0;
    for (const event of events) {
      // Lower-cased, as EventStoreDB returns ids; so does this store.
      const id = checkEventToAppend(streamName, event);
      if (seen.has(id)) throw new DuplicateEventIdError(streamName, id, null);
      seen.add(id);
      // The command loop hands over the canonical JSON it hashed: stored as it is, the event
      // is serialised once per append instead of twice.
      const data = event.json?.data ?? eventJson(streamName, id, 'data', event.data);
      const metadata = event.json?.metadata ?? eventJson(streamName, id, 'metadata', event.metadata ?? {});
      bytes += Buffer.byteLength(data) + Buffer.byteLength(metadata);
      // The writer's hash is kept only with the very texts it hashed.
      const contentHash = event.json?.hash !== undefined && event.json.data === data && event.json.metadata === metadata ? event.json.hash : null;
      prepared.push({ id, type: event.type, data, metadata, contentHash });
    }
    if (bytes > this.maxAppendBytes) {
      throw new MaximumAppendSizeExceededError(streamName, { sizeBytes: bytes, maxBytes: this.maxAppendBytes });
    }
    return prepared;
  }

  private readPage(after: bigint, filter: EventFilter | undefined, limit: number): SubscriptionPage {
    this.assertOpen();
    if (this.recent.covers(after)) {
      const page = this.recent.page(after, filter, limit);
      this.pagesFromMemory += 1;
      // An empty page makes the subscription wait for the next announcement, and none may come
      // for commits already announced past the recent events (another process's, found by the
      // poll, or ours seen by the poll before the writer reported them): read those from the file.
      if (page.events.length > 0 || page.scannedTo >= this.announcedHead) return page;
      after = page.scannedTo;
    }
    // Everything at or below the head is already committed (positions are assigned in
    // commit order by the single writer), so bounding the page by it is safe.
    const head = this.currentHead();
    if (head <= after) return { events: [], scannedTo: after };
    const rendered = renderFilter(filter);
    const statement = this.filtered(`page:${rendered.key}`, () =>
      subscriptionPageSql(rendered.condition),
    );
    const rows = statement.all({ ...rendered.params, after, head, limit }) as EventRow[];
    this.pagesFromDisk += 1;
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
    if (this.pollTimer || this.pollIntervalMs <= 0 || this.privateDatabase) return;
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
    json: { data: row[5], metadata: row[6] },
  };
}

function checkExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  // Revisions are uint64 in EventStoreDB; reject what no stream can ever be at.
  if (typeof expected !== 'bigint' || expected < 0n || expected > INT64_MAX) {
    throw new RangeError(`expected revision must be any, no_stream, stream_exists or a revision >= 0n`);
  }
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

/** The clock option as epoch milliseconds; an invalid date fails the append, not the batch. */
function epochMillis(clock: () => Date): () => number {
  return () => {
    const millis = clock().getTime();
    if (!Number.isSafeInteger(millis)) throw new RangeError('the clock option returned an invalid date');
    return millis;
  };
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  return value;
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
