import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import type Database from 'better-sqlite3';

import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
} from '@ledger/event-sourcing';

import { DuplicateEventIdError } from './sqlite-event-store.errors';
import { SQL, toPosition } from './sqlite-event-store.schema';
import {
  GroupCommit,
  removeStreams,
  truncateWal,
  type AppendOutcome,
  type BatchReport,
  type GroupCommitSql,
  type PreparedAppend,
  type RemovalOutcome,
} from './sqlite-group-commit';

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

/** An append of a committed batch; its outcome sits at the same index of the batch's outcomes. */
export interface CommittedAppend {
  readonly append: PreparedAppend;
}

/**
 * Told after each commit, once the batch's promises are settled; `head` is 0n if none written.
 * `appends` (queue order) ended as `outcomes` (same index): the store learns which events it
 * just wrote where from the appends this thread already holds, so the writer thread sends back
 * nothing more than the outcomes.
 */
export type CommitListener = (
  batch: CommittedBatch,
  head: bigint,
  appends: readonly CommittedAppend[],
  outcomes: readonly AppendOutcome[],
) => void;

/** Settings of the connection that commits, as SQLite reports them. */
export interface WriterConnectionSettings {
  readonly journalMode: string;
  /** `PRAGMA wal_autocheckpoint`: 0 when the checkpoint thread checkpoints instead. */
  readonly walAutocheckpoint: number;
  /** `PRAGMA synchronous`: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  readonly synchronous: number;
}

/**
 * Where the store's appends are committed: the group commit of `sqlite-group-commit.js`, on the
 * main thread ({@link InlineWriter}) or in a worker thread ({@link WorkerWriter}).
 */
export interface Writer {
  readonly mode: 'inline' | 'worker';
  /** Queues a validated append; settles after the COMMIT of its batch (durable and visible). */
  append(append: PreparedAppend): Promise<AppendResult>;
  /**
   * Removes whole streams after committing the appends queued before (see `removeStreams` in
   * `sqlite-group-commit.js`); `streamNames` are distinct and checked.
   */
  removeStreams(streamNames: readonly string[]): Promise<RemovalOutcome>;
  /**
   * Retries a TRUNCATE checkpoint a reader kept from emptying the WAL after a removal, until it
   * succeeds (the worker writer already does so on its own thread).
   */
  truncateWalSoon(): void;
  /** Appends accepted and not yet settled. */
  readonly pendingAppends: number;
  /** Settings of the committing connection when it is not the caller's (worker, once started). */
  readonly connectionSettings: WriterConnectionSettings | undefined;
  /** Why the writer can no longer commit, when it stopped unexpectedly. */
  readonly failure: Error | undefined;
  /** Commits what is queued, then releases the writer. */
  close(): Promise<void>;
}

interface Ticket extends CommittedAppend {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Runs the group commit on the caller's thread and connection: required for `:memory:` (a
 * second connection would open a different, empty database) and available as
 * `writer: 'inline'`. Each commit blocks the event loop for the whole batch, fsync included.
 */
export class InlineWriter implements Writer {
  readonly mode = 'inline' as const;
  readonly connectionSettings = undefined;
  readonly failure = undefined;
  private readonly groupCommit: GroupCommit<Ticket>;
  private truncateTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database.Database,
    maxBatchEvents: number,
    onCommitted: CommitListener,
  ) {
    this.groupCommit = new GroupCommit<Ticket>(db, SQL, {
      maxBatchEvents,
      onBatch: (report: BatchReport<Ticket>) => {
        if (report.ok) settleBatch(report.tickets, report, onCommitted);
        else rejectAll(report.tickets, batchFailure(report.error));
      },
    });
  }

  get pendingAppends(): number {
    return this.groupCommit.pendingAppends;
  }

  append(append: PreparedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => this.groupCommit.enqueue(append, { append, resolve, reject }));
  }

  async removeStreams(streamNames: readonly string[]): Promise<RemovalOutcome> {
    this.groupCommit.flush();
    return removeStreams(this.db, streamNames);
  }

  truncateWalSoon(): void {
    if (this.truncateTimer) return;
    this.truncateTimer = setTimeout(() => {
      this.truncateTimer = undefined;
      let done = false;
      try {
        done = !this.db.open || truncateWal(this.db);
      } catch {
        // Locked now: the next attempt.
      }
      if (!done) this.truncateWalSoon();
    }, 200);
    this.truncateTimer.unref();
  }

  async close(): Promise<void> {
    if (this.truncateTimer) clearTimeout(this.truncateTimer);
    this.groupCommit.flush();
  }
}

/** What the writer thread receives as `workerData`. */
export interface WriterThreadData {
  readonly filename: string;
  /** Resolved on the main thread, so both threads load the same better-sqlite3. */
  readonly betterSqlite3: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs: number;
  readonly maxBatchEvents: number;
  /** How often the checkpoint thread runs a PASSIVE checkpoint; 0 leaves SQLite's automatic one. */
  readonly checkpointIntervalMs: number;
  /** WAL size above which the writer thread rewinds the WAL (RESTART) between batches. */
  readonly walRestartBytes: number;
  /** The checkpoint thread's nice value ({@link CHECKPOINT_THREAD_NICE}). */
  readonly checkpointThreadNice: number;
  readonly sql: GroupCommitSql;
}

/**
 * The nice value of the checkpoint thread (Linux: per thread): its PASSIVE checkpoints are
 * background work, and a core it holds is one that the writer, the event loop or the signing
 * thread, all on every token response's path, may be waiting for.
 */
export const CHECKPOINT_THREAD_NICE = 19;

/** Messages to the writer thread (see `sqlite-writer.worker.js`). */
export type ToWriterThread =
  | { readonly type: 'append'; readonly appends: readonly PreparedAppend[] }
  | { readonly type: 'remove'; readonly streamNames: readonly string[] }
  | { readonly type: 'close' };

/** Messages from the writer thread. */
type FromWriterThread =
  | ({ readonly type: 'ready' } & WriterConnectionSettings)
  | {
      readonly type: 'committed';
      readonly outcomes: AppendOutcome[];
      readonly head: bigint;
      readonly events: number;
      readonly rejected: number;
      readonly durationMs: number;
    }
  | {
      readonly type: 'failed';
      readonly appends: number;
      readonly error: { readonly name: string; readonly message: string; readonly code?: string };
    }
  | { readonly type: 'removed'; readonly outcome: RemovalOutcome }
  | {
      readonly type: 'removeFailed';
      readonly error: { readonly name: string; readonly message: string; readonly code?: string };
    };

/** A removal sent to the writer thread; the thread answers removals in the order sent. */
interface RemovalTicket {
  readonly resolve: (outcome: RemovalOutcome) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A plain `.js` file next to this module, both in the sources (jest, register-ts) and in the
 * build, which copies it (`assets` in nest-cli.json): Node can start a worker from it without a
 * TypeScript compiler, and stack traces keep its real name and lines. Inlining the source as a
 * string with `eval: true` would need no build step, but the group commit would then exist twice
 * (a string for the worker, TypeScript for the inline writer); as files, both writers run
 * the same `sqlite-group-commit.js`.
 */
const WORKER_FILE = join(__dirname, 'sqlite-writer.worker.js');

/** Settings of the writer thread's connection and batches, and where commits are reported. */
export interface WorkerWriterOptions {
  readonly filename: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs: number;
  readonly maxBatchEvents: number;
  /** See `WriterThreadData.checkpointIntervalMs`. */
  readonly checkpointIntervalMs: number;
  /** See `WriterThreadData.walRestartBytes`. */
  readonly walRestartBytes: number;
  readonly onCommitted: CommitListener;
}

/**
 * Commits in a worker thread that owns the store's write connection, so the inserts and the
 * fsync of each COMMIT run beside the main thread instead of blocking it.
 *
 * The main thread sends the appends of each of its event-loop turns as one message; the thread
 * group-commits whatever arrived during a turn of its own loop and answers once per batch,
 * after COMMIT returned, so a read started after an append resolved sees it. Batches are
 * answered in the order appends were sent, so they settle first-in first-out.
 *
 * The thread keeps the process alive only while appends are pending, so an idle store does not
 * hold the process open. If it dies, pending appends fail with `event_store_unavailable` and
 * so does every later append, at once.
 */
export class WorkerWriter implements Writer {
  readonly mode = 'worker' as const;
  private readonly worker: Worker;
  private readonly maxBatchEvents: number;
  private readonly onCommitted: CommitListener;
  private readonly exited: Promise<void>;
  /** Appends of this turn, not yet posted. */
  private outbox: PreparedAppend[] = [];
  private outboxEvents = 0;
  private postTimer: NodeJS.Immediate | undefined;
  /** Every unsettled append, oldest first (posted ones, then the outbox). */
  private inFlight: Ticket[] = [];
  /** Removals posted and not answered yet, oldest first. */
  private removals: RemovalTicket[] = [];
  private closing = false;
  private stopped: EventStoreUnavailableError | undefined;
  private unexpectedStop: EventStoreUnavailableError | undefined;
  private settings: WriterConnectionSettings | undefined;

  constructor(options: WorkerWriterOptions) {
    if (!existsSync(WORKER_FILE)) {
      throw new Error(
        `${WORKER_FILE} is missing: the build must copy it next to the compiled adapter (assets in nest-cli.json)`,
      );
    }
    this.maxBatchEvents = options.maxBatchEvents;
    this.onCommitted = options.onCommitted;
    const workerData: WriterThreadData = {
      filename: options.filename,
      betterSqlite3: require.resolve('better-sqlite3'),
      synchronous: options.synchronous,
      busyTimeoutMs: options.busyTimeoutMs,
      maxBatchEvents: options.maxBatchEvents,
      checkpointIntervalMs: options.checkpointIntervalMs,
      walRestartBytes: options.walRestartBytes,
      checkpointThreadNice: CHECKPOINT_THREAD_NICE,
      sql: {
        insertEvent: SQL.insertEvent,
        streamRevision: SQL.streamRevision,
        streamRevisionPosition: SQL.streamRevisionPosition,
        idsFromRevision: SQL.idsFromRevision,
        eventById: SQL.eventById,
      },
    };
    // No inherited `execArgv`: `--require` preloads (the TypeScript hook of the e2e children,
    // the bench's signal handling) would run again inside the thread.
    this.worker = new Worker(WORKER_FILE, { workerData, execArgv: [] });
    this.worker.on('message', (message: FromWriterThread) => this.receive(message));
    this.worker.on('error', (error) => {
      this.stop(
        new EventStoreUnavailableError(`the SQLite writer thread failed: ${error.message}`, { cause: error }),
      );
    });
    this.worker.on('messageerror', (error) => {
      this.stop(new EventStoreUnavailableError('the SQLite writer thread sent an unreadable message', { cause: error }));
      void this.worker.terminate();
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.stop(
          new EventStoreUnavailableError(
            this.closing
              ? 'the SQLite event store is closed'
              : `the SQLite writer thread exited unexpectedly (code ${code})`,
          ),
        );
        resolve();
      });
    });
    this.worker.unref();
  }

  get pendingAppends(): number {
    return this.inFlight.length;
  }

  removeStreams(streamNames: readonly string[]): Promise<RemovalOutcome> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<RemovalOutcome>((resolve, reject) => {
      this.worker.ref();
      this.removals.push({ resolve, reject });
      // The appends of this turn go first: the thread handles messages in order.
      this.post();
      this.send({ type: 'remove', streamNames });
    });
  }

  /** The writer thread retries on its own (`sqlite-writer.worker.js` `truncateSoon`). */
  truncateWalSoon(): void {}

  get connectionSettings(): WriterConnectionSettings | undefined {
    return this.settings;
  }

  get failure(): Error | undefined {
    return this.unexpectedStop;
  }

  append(append: PreparedAppend): Promise<AppendResult> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<AppendResult>((resolve, reject) => {
      // Pending work keeps the process alive until it is committed.
      if (this.inFlight.length === 0) this.worker.ref();
      this.inFlight.push({ append, resolve, reject });
      this.outbox.push(append);
      this.outboxEvents += append.events.length;
      if (this.outboxEvents >= this.maxBatchEvents) this.post();
      else this.postTimer ??= setImmediate(() => this.post());
    });
  }

  /** Sends what is queued, lets the thread commit it and exit, and waits for the exit. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      if (!this.stopped) {
        this.post();
        // Keep the process alive until the thread has committed and exited.
        this.worker.ref();
        this.send({ type: 'close' });
      }
    }
    await this.exited;
  }

  private post(): void {
    if (this.postTimer) {
      clearImmediate(this.postTimer);
      this.postTimer = undefined;
    }
    if (this.outbox.length === 0) return;
    const appends = this.outbox;
    this.outbox = [];
    this.outboxEvents = 0;
    this.send({ type: 'append', appends });
  }

  private send(message: ToWriterThread): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWriterThread): void {
    switch (message.type) {
      case 'ready':
        this.settings = { journalMode: message.journalMode, synchronous: message.synchronous, walAutocheckpoint: message.walAutocheckpoint };
        return;
      case 'committed': {
        const tickets = this.take(message.outcomes.length);
        if (tickets) settleBatch(tickets, message, this.onCommitted);
        return;
      }
      case 'removed':
      case 'removeFailed': {
        const removal = this.removals.shift();
        if (this.idle()) this.worker.unref();
        if (!removal) return;
        if (message.type === 'removed') removal.resolve(message.outcome);
        else removal.reject(new EventStoreUnavailableError(`removing streams failed: ${message.error.message}`, { cause: toCause(message.error) }));
        return;
      }
      case 'failed': {
        const tickets = this.take(message.appends);
        if (tickets) {
          rejectAll(tickets, batchFailure(toCause(message.error)));
        }
        return;
      }
    }
  }

  /** The oldest `count` unsettled appends, which the batch just reported covers. */
  private take(count: number): Ticket[] | undefined {
    if (count > this.inFlight.length - this.outbox.length) {
      // A report for appends never sent: the protocol is broken, trust nothing that follows.
      this.stop(new EventStoreUnavailableError(`the SQLite writer thread reported ${count} appends it was not sent`));
      void this.worker.terminate();
      return undefined;
    }
    const tickets = this.inFlight.splice(0, count);
    if (this.idle()) this.worker.unref();
    return tickets;
  }

  /** Nothing pending that should keep the process alive. */
  private idle(): boolean {
    return this.inFlight.length === 0 && this.removals.length === 0 && !this.closing;
  }

  /** The writer can no longer commit: fail what is pending and everything after it. */
  private stop(error: EventStoreUnavailableError): void {
    if (this.stopped) return;
    this.stopped = error;
    if (!this.closing) this.unexpectedStop = error;
    if (this.postTimer) clearImmediate(this.postTimer);
    this.postTimer = undefined;
    this.outbox = [];
    this.outboxEvents = 0;
    rejectAll(this.inFlight.splice(0), error);
    for (const removal of this.removals.splice(0)) removal.reject(error);
  }
}

/** An error of the writer thread, sent as plain data, as an Error again. */
function toCause(error: { readonly name: string; readonly message: string; readonly code?: string }): Error {
  return Object.assign(new Error(error.message), { name: error.name, code: error.code });
}

/** Settles the appends of a committed batch in order, then tells the listener. */
function settleBatch(
  tickets: readonly Ticket[],
  batch: {
    readonly outcomes: readonly AppendOutcome[];
    readonly head: bigint;
    readonly events: number;
    readonly rejected: number;
    readonly durationMs: number;
  },
  onCommitted: CommitListener,
): void {
  for (let i = 0; i < tickets.length; i++) {
    const ticket = tickets[i];
    const outcome = batch.outcomes[i];
    if (outcome.ok) {
      ticket.resolve({ nextExpectedRevision: outcome.revision, position: toPosition(outcome.position) });
    } else {
      ticket.reject(toError(ticket.append, outcome));
    }
  }
  onCommitted(
    {
      appends: tickets.length,
      events: batch.events,
      rejected: batch.rejected,
      durationMs: batch.durationMs,
    },
    batch.head,
    tickets,
    batch.outcomes,
  );
}

/** Re-creates the store's error classes from an outcome (plain data from either writer). */
function toError(append: PreparedAppend, outcome: Extract<AppendOutcome, { ok: false }>): Error {
  switch (outcome.code) {
    case 'wrong_expected_revision':
      return new WrongExpectedRevisionError(append.streamName, append.expected, outcome.actual);
    case 'duplicate_event_id':
      return new DuplicateEventIdError(append.streamName, outcome.eventId, outcome.existing);
  }
}

function rejectAll(tickets: readonly Ticket[], error: Error): void {
  for (const ticket of tickets) ticket.reject(error);
}

function batchFailure(cause: unknown): EventStoreUnavailableError {
  return new EventStoreUnavailableError('append failed: the transaction did not commit', { cause });
}
