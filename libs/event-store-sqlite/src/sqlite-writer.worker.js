// @ts-check
'use strict';
/**
 * The writer thread of `SqliteEventStore` (`writer: 'worker'`): owns the store's only write
 * connection and runs the group commit (`sqlite-group-commit.js`) on its own event loop, so the
 * inserts and the fsync of each COMMIT never block the main thread.
 *
 * Protocol (one `MessagePort`, so messages keep their order both ways):
 *   main -> writer  { type: 'append', appends: PreparedAppend[] }   appends of one main-thread turn
 *                   { type: 'remove', streamNames }                 commit what is queued, then remove
 *                   { type: 'close' }                               commit what is queued, stop
 *   writer -> main  { type: 'ready', journalMode, synchronous, walAutocheckpoint }  its settings
 *                   { type: 'committed', outcomes, head, ... }      one per batch, after COMMIT
 *                   { type: 'failed', appends, error }              the batch did not commit
 *                   { type: 'removed', outcome } | { type: 'removeFailed', error }  one per remove
 * Batches report in queue order and cover every append exactly once, so the main thread
 * settles its appends first-in first-out without ids.
 *
 * Plain CommonJS for the reason given in `sqlite-group-commit.js`. better-sqlite3 is required by
 * the path the main thread resolved, so both threads load the same copy of the native addon.
 */
const { parentPort, workerData, Worker } = require('node:worker_threads');

const { GroupCommit, removeStreams, truncateWal } = require('./sqlite-group-commit');

/** @type {import('./sqlite-writer').WriterThreadData} */
const settings = workerData;
if (!parentPort) throw new Error('sqlite-writer.worker.js runs only as a worker thread');
const port = parentPort;

/** @type {typeof import('better-sqlite3')} */
const Database = require(settings.betterSqlite3);

const db = new Database(settings.filename, { timeout: settings.busyTimeoutMs });
// The main thread created the file, set WAL (persistent) and migrated the schema. `synchronous`
// is per connection, and this is the connection whose commits must be durable: without it
// better-sqlite3's build default for WAL (NORMAL) would apply.
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${settings.synchronous}`);
// After a burst the WAL is truncated back to this size when it is next rewound.
db.pragma('journal_size_limit = 67108864');
/** Set when the checkpoint thread reports a WAL to rewind; see {@link rewindWal}. */
let rewindDue = false;
const checkpointer = startCheckpointer();
port.postMessage({
  type: 'ready',
  journalMode: String(db.pragma('journal_mode', { simple: true })),
  synchronous: Number(db.pragma('synchronous', { simple: true })),
  walAutocheckpoint: Number(db.pragma('wal_autocheckpoint', { simple: true })),
});

/** @type {GroupCommit<undefined>} */
const groupCommit = new GroupCommit(db, settings.sql, {
  maxBatchEvents: settings.maxBatchEvents,
  onBatch: (report) => {
    if (report.ok) {
      const { outcomes, head, events, rejected, durationMs } = report;
      port.postMessage({ type: 'committed', outcomes, head, events, rejected, durationMs });
    } else {
      port.postMessage({ type: 'failed', appends: report.tickets.length, error: describe(report.error) });
    }
    // Between two transactions, once the batch's outcome is on its way: the only moment this
    // connection, the one writer, can rewind the WAL without anyone waiting on a lock.
    if (rewindDue) rewindWal();
  },
});

port.on('message', (/** @type {import('./sqlite-writer').ToWriterThread} */ message) => {
  switch (message.type) {
    case 'append':
      for (const append of message.appends) groupCommit.enqueue(append, undefined);
      break;
    case 'remove':
      // After the appends sent before it, which are committed (and reported) first.
      groupCommit.flush();
      try {
        const outcome = removeStreams(db, message.streamNames);
        if (outcome.ok && !outcome.walTruncated) truncateSoon();
        port.postMessage({ type: 'removed', outcome });
      } catch (error) {
        port.postMessage({ type: 'removeFailed', error: describe(error) });
      }
      break;
    case 'close':
      groupCommit.flush();
      if (truncateTimer) {
        // Last chance for a truncation a reader kept waiting (the store's readers are closing).
        clearTimeout(truncateTimer);
        truncateTimer = undefined;
        try {
          truncateWal(db);
        } catch {
          // Still locked: the next open's checkpoints copy the frames; the WAL is reset then.
        }
      }
      checkpointer?.postMessage('close');
      db.close();
      // Nothing else keeps this thread alive: it exits once the reports above are delivered.
      port.close();
      break;
  }
});

/** @type {NodeJS.Timeout | undefined} */
let truncateTimer;
const TRUNCATE_RETRY_MS = 200;

/**
 * A removal's TRUNCATE checkpoint was kept from emptying the WAL by a reader on an older
 * snapshot: the old page images of the removed rows are still in it. Try again shortly, until
 * it works (readers' snapshots are short-lived); the timer does not keep the thread alive.
 */
function truncateSoon() {
  if (truncateTimer) return;
  truncateTimer = setTimeout(tryTruncate, TRUNCATE_RETRY_MS);
  truncateTimer.unref();
}

function tryTruncate() {
  truncateTimer = undefined;
  let done = false;
  try {
    done = truncateWal(db);
  } catch {
    // Locked now: the next attempt.
  }
  if (!done && db.open) truncateSoon();
}

/**
 * An error as plain data (SQLite's errors carry a `code` such as `SQLITE_BUSY`).
 * @param {unknown} error
 */
function describe(error) {
  if (error instanceof Error) {
    const code = /** @type {{ code?: unknown }} */ (error).code;
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: String(error), code: undefined };
}

/**
 * WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses its threshold (1000 pages), on this thread: that batch's appends then wait for a copy
 * of the WAL into the database file and its fsync, which showed as a latency spike on every
 * request committed meanwhile, several times a second under load. Instead a thread of its own,
 * with its own connection, runs a PASSIVE checkpoint (it never blocks this writer) every
 * `checkpointIntervalMs`; between them the WAL grows (up to what a burst writes in that time,
 * truncated back to `journal_size_limit` afterwards), and each index page rewritten many times
 * meanwhile is copied once. If that thread cannot run, the automatic checkpoint is restored.
 * @returns {Worker | undefined}
 */
function startCheckpointer() {
  if (!(settings.checkpointIntervalMs > 0)) return undefined;
  const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.filename, { fileMustExist: true, timeout: 2000 });
// Background work, below the threads a token response waits for (CHECKPOINT_THREAD_NICE).
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, workerData.nice);
} catch {
  // Not Linux, or not allowed: the thread keeps the process's priority.
}
const pageSize = Number(db.pragma('page_size', { simple: true }));
const timer = setInterval(() => {
  try {
    // PASSIVE copies what it can without waiting for anyone. Under sustained appends it never
    // reaches the WAL's end at the moment the writer starts a transaction, so the writer never
    // rewinds the WAL and the file would grow without bound: once the WAL holds more than the
    // limit since its last rewind, the writer is asked to rewind it.
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log * pageSize > workerData.restartAboveBytes) parentPort.postMessage('rewind');
  } catch {
    // Busy or locked now: the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});`;
  let worker;
  try {
    worker = new Worker(source, {
      eval: true,
      execArgv: [],
      workerData: { filename: settings.filename, betterSqlite3: settings.betterSqlite3, intervalMs: settings.checkpointIntervalMs, restartAboveBytes: settings.walRestartBytes, nice: settings.checkpointThreadNice },
    });
  } catch {
    return undefined;
  }
  db.pragma('wal_autocheckpoint = 0');
  worker.on('error', () => db.open && db.pragma('wal_autocheckpoint = 1000'));
  worker.on('message', (message) => {
    if (message === 'rewind') rewindDue = true;
  });
  return worker;
}

/**
 * Rewinds the WAL from this connection, the one writer, between two transactions: a RESTART
 * checkpoint copies the frames appended since the checkpoint thread's last PASSIVE, so the next
 * commit writes the WAL from its start again. Run by the writer, it waits for no commit. Run by
 * the checkpoint thread, it had to win the write lock from a writer committing every few ms,
 * and then held it while commits waited on it, both sides polling in SQLite's busy-handler
 * sleeps (1, 2, 5, 10 ms): 11–22 ms once a second, and the requests committed meanwhile were
 * most of the slowest 1%.
 *
 * It does not wait for readers either: with a zero busy timeout, a reader on an old snapshot
 * makes it give up after copying what it can, and the checkpoint thread's next report asks again.
 */
function rewindWal() {
  rewindDue = false;
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // Busy or locked now: the checkpoint thread's next report asks again.
  } finally {
    db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
  }
}
