// @ts-check
'use strict';
/**
 * The group commit of the embedded store: the one implementation of the append protocol
 * (expected revisions, idempotent retries by event id, one transaction and one fsync per batch),
 * shared by both writers. The worker writer runs it in `sqlite-writer.worker.js` on its own
 * connection; the inline writer (`:memory:`, or `writer: 'inline'`) runs it on the main thread.
 *
 * Plain CommonJS, not TypeScript, because the writer thread loads it with Node's own `require`:
 * there is no TypeScript compiler in that thread, neither under jest nor in production, and a
 * `.js` file needs none. `nest build` copies it next to the compiled adapter (`assets` in
 * nest-cli.json). Types for the TypeScript side: `sqlite-group-commit.d.ts`.
 *
 * It knows no error classes: outcomes are plain data (they cross the thread boundary by
 * structured clone; bigints included) and the store turns them into its errors.
 */

/** @typedef {import('./sqlite-group-commit').PreparedAppend} PreparedAppend */
/** @typedef {import('./sqlite-group-commit').PreparedEvent} PreparedEvent */
/** @typedef {import('./sqlite-group-commit').AppendOutcome} AppendOutcome */
/** @typedef {import('./sqlite-group-commit').GroupCommitSql} GroupCommitSql */

/**
 * Queues appends and commits everything queued during one turn of the event loop of the thread
 * it runs on (or `maxBatchEvents` events, whichever comes first) in one transaction.
 * @template Ticket
 */
class GroupCommit {
  /**
   * @param {import('better-sqlite3').Database} db an open connection in WAL mode
   * @param {GroupCommitSql} sql the statements of `sqlite-event-store.schema.ts`
   * @param {import('./sqlite-group-commit').GroupCommitOptions<Ticket>} options
   */
  constructor(db, sql, options) {
    this.db = db;
    this.maxBatchEvents = options.maxBatchEvents;
    this.onBatch = options.onBatch;
    /** @type {Array<{ append: PreparedAppend, ticket: Ticket }>} */
    this.queue = [];
    this.queuedEvents = 0;
    /** @type {NodeJS.Immediate | undefined} */
    this.flushTimer = undefined;
    this.flushing = false;

    /** @param {string} text */
    const prepare = (text) => db.prepare(text).safeIntegers(true);
    this.stmt = {
      // IMMEDIATE takes the write lock up front: a deferred transaction that reads and then
      // writes can fail with SQLITE_BUSY_SNAPSHOT when another connection commits in between.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append_one'),
      release: db.prepare('RELEASE append_one'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append_one'),
      insertEvent: prepare(sql.insertEvent),
      streamRevision: prepare(sql.streamRevision).pluck(true),
      streamRevisionPosition: prepare(sql.streamRevisionPosition).pluck(true),
      idsFromRevision: prepare(sql.idsFromRevision).raw(true),
      eventById: prepare(sql.eventById).raw(true),
    };
  }

  /** Appends queued and not yet committed. */
  get pendingAppends() {
    return this.queue.length;
  }

  /**
   * Queues one validated append; `onBatch` reports its outcome with `ticket`.
   * @param {PreparedAppend} append
   * @param {Ticket} ticket
   */
  enqueue(append, ticket) {
    this.queue.push({ append, ticket });
    this.queuedEvents += append.events.length;
    if (this.queuedEvents >= this.maxBatchEvents) this.flush();
    else this.flushTimer ??= setImmediate(() => this.flush());
  }

  /**
   * Commits everything queued in one transaction and reports each append's outcome.
   *
   * Each append is checked against the stream as left by earlier appends of the same batch
   * (the index sees the transaction's own inserts). The report goes out only after COMMIT
   * returned, i.e. after the fsync: an acknowledged append is durable, and visible to every
   * read transaction that starts afterwards, on any connection.
   */
  flush() {
    if (this.flushing) {
      // Re-entered from `onBatch` during a report: leave the queue for the next turn.
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
    const tickets = batch.map((queued) => queued.ticket);
    const started = performance.now();
    /** @type {AppendOutcome[]} */
    const outcomes = [];
    try {
      this.stmt.begin.run();
      for (const { append } of batch) outcomes.push(this.applyAppend(append));
      this.stmt.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.stmt.rollback.run();
      // Nothing of the batch is durable, so every append fails, including those that had
      // passed their checks: their callers may retry.
      this.report({ ok: false, tickets, error });
      return;
    }

    let events = 0;
    let rejected = 0;
    let head = 0n;
    for (const outcome of outcomes) {
      if (!outcome.ok) rejected += 1;
      else if (outcome.written > 0) {
        events += outcome.written;
        head = outcome.position;
      }
    }
    this.report({
      ok: true,
      tickets,
      outcomes,
      head,
      events,
      rejected,
      durationMs: performance.now() - started,
    });
  }

  /** @param {import('./sqlite-group-commit').BatchReport<Ticket>} report */
  report(report) {
    this.flushing = true;
    try {
      this.onBatch(report);
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Checks and writes one append inside the batch transaction; never a partial write.
   * @param {PreparedAppend} append
   * @returns {AppendOutcome}
   */
  applyAppend(append) {
    const { streamName, expected, events } = append;
    const current = /** @type {bigint | undefined} */ (this.stmt.streamRevision.get({ streamName }));

    if (!expectationHolds(expected, current)) {
      // EventStoreDB: a retry whose ids sit right after the expected revision is a success
      // that writes nothing (the first attempt's ack was lost). Anything else is a conflict.
      const idempotent =
        typeof expected === 'bigint' || expected === 'no_stream'
          ? this.findWritten(streamName, expected === 'no_stream' ? 0n : expected + 1n, events)
          : undefined;
      if (idempotent) return idempotent;
      return { ok: false, code: 'wrong_expected_revision', actual: current ?? 'no_stream' };
    }

    if (events.length === 0) return this.emptyAppendOutcome(streamName, current);

    // A one-event append cannot be half-written; only longer ones need a savepoint.
    const guarded = events.length > 1;
    if (guarded) this.stmt.savepoint.run();
    let revision = current === undefined ? 0n : current + 1n;
    let position = 0n;
    const recordedAt = BigInt(append.recordedAt);
    try {
      for (const event of events) {
        const info = this.stmt.insertEvent.run({
          streamName,
          revision,
          eventId: event.id,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          contentHash: event.contentHash,
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
    return { ok: true, revision: revision - 1n, position, written: events.length };
  }

  /**
   * An insert hit the unique event id index. With `any` or `stream_exists` a retry whose ids
   * are already in this stream, in order, is idempotent (EventStoreDB does the same on a
   * best-effort basis); otherwise the id lives elsewhere and the append is refused.
   * @param {string} streamName
   * @param {PreparedAppend['expected']} expected
   * @param {readonly PreparedEvent[]} events
   * @param {unknown} cause
   * @returns {AppendOutcome}
   */
  explainDuplicate(streamName, expected, events, cause) {
    const first = this.eventById(events[0].id);
    if (first && first[0] === streamName && (expected === 'any' || expected === 'stream_exists')) {
      const idempotent = this.findWritten(streamName, first[1], events);
      if (idempotent) return idempotent;
    }
    for (const event of events) {
      const existing = this.eventById(event.id);
      if (existing) {
        return {
          ok: false,
          code: 'duplicate_event_id',
          eventId: event.id,
          existing: { streamName: existing[0], revision: existing[1] },
        };
      }
    }
    // The unique violation was not about event ids: a bug, so fail the whole batch loudly.
    throw cause;
  }

  /**
   * @param {string} eventId
   * @returns {[streamName: string, revision: bigint] | undefined}
   */
  eventById(eventId) {
    return /** @type {[string, bigint] | undefined} */ (this.stmt.eventById.get({ eventId }));
  }

  /**
   * The original outcome when `events` are stored in `streamName` from `fromRevision` on.
   * @param {string} streamName
   * @param {bigint} fromRevision
   * @param {readonly PreparedEvent[]} events
   * @returns {AppendOutcome | undefined}
   */
  findWritten(streamName, fromRevision, events) {
    if (events.length === 0) return undefined;
    const rows = /** @type {Array<[revision: bigint, eventId: string, position: bigint]>} */ (
      this.stmt.idsFromRevision.all({ streamName, fromRevision, limit: events.length })
    );
    if (rows.length !== events.length) return undefined;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i][1] !== events[i].id) return undefined;
    }
    const last = rows[rows.length - 1];
    return { ok: true, revision: last[0], position: last[2], written: 0 };
  }

  /**
   * An append of no events checks the expectation and writes nothing (EventStoreDB accepts
   * it too). It answers the stream's current revision (-1 when absent) and its last position.
   * @param {string} streamName
   * @param {bigint | undefined} current
   * @returns {AppendOutcome}
   */
  emptyAppendOutcome(streamName, current) {
    if (current === undefined) return { ok: true, revision: -1n, position: 0n, written: 0 };
    const position = /** @type {bigint | undefined} */ (
      this.stmt.streamRevisionPosition.get({ streamName, revision: current })
    );
    return { ok: true, revision: current, position: position ?? 0n, written: 0 };
  }
}

/**
 * Removes whole streams (`EventStore.removeStreams`), on the connection that commits appends,
 * after committing the appends queued before it: removals and appends keep the order in which
 * the store received them.
 *
 * One IMMEDIATE transaction with `secure_delete` on, so SQLite overwrites the deleted rows'
 * bytes (and pages freed by the delete) instead of only unlinking them; then a TRUNCATE
 * checkpoint copies the pages back into the database file and empties the WAL, which would
 * otherwise keep the old page images until it is rewound. The checkpoint waits for readers (up
 * to the busy timeout); if one still holds an old snapshot it reports `walTruncated: false` and
 * the writer tries again until it succeeds (see {@link truncateWal}).
 *
 * Refused, with nothing removed, when a stream holds the log's last event: positions are the
 * rowid (max + 1, no AUTOINCREMENT), so the next append would take that event's position again
 * and subscribers already past it would skip the new event. Removers append their removal
 * record first, so the last event is never theirs.
 * @param {import('better-sqlite3').Database} db
 * @param {readonly string[]} streamNames distinct
 * @returns {import('./sqlite-group-commit').RemovalOutcome}
 */
function removeStreams(db, streamNames) {
  const lastStream = db.prepare('SELECT stream_name FROM events ORDER BY position DESC LIMIT 1').pluck(true);
  const remove = db.prepare('DELETE FROM events WHERE stream_name = @streamName');
  const secureDelete = Number(db.pragma('secure_delete', { simple: true }));
  db.pragma('secure_delete = ON');
  /** @type {string | undefined} */
  let refused;
  let removed = 0;
  try {
    // The head is read inside the write transaction: another process cannot append meanwhile.
    db.transaction(() => {
      const head = /** @type {string | undefined} */ (lastStream.get());
      if (head !== undefined && streamNames.includes(head)) {
        refused = head;
        return;
      }
      for (const streamName of streamNames) removed += remove.run({ streamName }).changes;
    }).immediate();
  } finally {
    db.pragma(`secure_delete = ${secureDelete}`);
  }
  if (refused !== undefined) return { ok: false, code: 'holds_last_event', streamName: refused };
  const walTruncated = removed === 0 || truncateWal(db);
  return { ok: true, removed, walTruncated };
}

/**
 * A TRUNCATE checkpoint: copies every WAL frame into the database file and empties the WAL, so
 * the page images from before a removal are gone from it. It waits (busy handler) for readers on
 * older snapshots, but not for another checkpoint in progress (the writer thread's checkpoint
 * thread runs PASSIVE ones every 250 ms): SQLite then answers busy at once, without calling the
 * busy handler (`sqlite3_wal_checkpoint_v2`). Either way it is left undone (`false`): call it
 * again later.
 * @param {import('better-sqlite3').Database} db
 * @returns {boolean} true when the WAL is empty (or the database has none)
 */
function truncateWal(db) {
  if (String(db.pragma('journal_mode', { simple: true })) !== 'wal') return true;
  const [{ busy }] = /** @type {Array<{ busy: number }>} */ (db.pragma('wal_checkpoint(TRUNCATE)'));
  return busy === 0;
}

/**
 * @param {PreparedAppend['expected']} expected
 * @param {bigint | undefined} current
 */
function expectationHolds(expected, current) {
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

/**
 * Duck-typed on purpose: better-sqlite3's native addon keeps the `SqliteError` class of the
 * first realm that loaded it, so `instanceof` fails under jest's per-file module registries.
 * @param {unknown} error
 */
function isUniqueViolation(error) {
  return (
    typeof error === 'object' &&
    error !== null &&
    /** @type {{ code?: unknown }} */ (error).code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

module.exports = { GroupCommit, removeStreams, truncateWal };
