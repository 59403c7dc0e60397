/**
 * The read-model file's worker thread (started by `ReadModelWorker` in read-model-database.ts),
 * on a connection of its own, for the work the event loop should never do:
 *
 * - Live projection batches: the events' stored JSON arrives as the batch fills and is parsed
 *   here; at the commit the worker reads the rows they touch, evolves them with the same writers
 *   as the event loop's transactions, and commits rows and checkpoint in one `BEGIN IMMEDIATE`
 *   … `COMMIT`. Under the refresh load the row reads, evolving and statement recording were
 *   ~3% of the event loop's time, and holding a batch's events there while it lingered cost
 *   more in garbage collection.
 * - WAL checkpoints: a PASSIVE checkpoint when asked (it copies what no reader still needs and
 *   blocks neither writers nor readers), which keeps the WAL short.
 *
 * Messages are handled one at a time, in order; a batch's events always come before its commit.
 */
import Database from 'better-sqlite3';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { ProjectedEvent, ProjectionWriter } from './projection-tables';
import { PROJECTIONS, SAVE_CHECKPOINT_SQL, type WorkerBatchMessage, type WorkerReply } from './read-model-catalog';

interface WorkerData {
  readonly filename: string;
  /** See READ_MODEL_THREAD_NICE. */
  readonly nice: number;
}

type Message = WorkerBatchMessage | { readonly type: 'check' } | { readonly type: 'close' };

const port = parentPort;
if (!port) throw new Error('read-model.worker runs as a worker thread');
const { filename, nice } = workerData as WorkerData;

lowerOwnPriority(nice);
const db = new Database(filename, { fileMustExist: true, timeout: 5000 });
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
db.pragma('cache_size = -32768');
const saveCheckpoint = db.prepare(SAVE_CHECKPOINT_SQL);
const writers = new Map<string, ProjectionWriter>();
/** The events of each open batch, parsed as they arrive (or why one of them could not be). */
const open = new Map<string, { events: ProjectedEvent[]; error: string | null }>();
/** A 4-byte buffer to `Atomics.wait` on: the test-only hold sleeps without a timer. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

port.on('message', (message: Message) => {
  switch (message.type) {
    case 'close':
      db.close();
      port.close();
      return;
    case 'check':
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // A checkpoint that cannot run now runs after a later commit.
      }
      reply({ type: 'checked' });
      return;
    case 'events':
      receive(message);
      return;
    case 'discard':
      open.delete(message.batch);
      return;
    case 'commit': {
      const batch = open.get(message.batch) ?? { events: [], error: null };
      open.delete(message.batch);
      try {
        if (batch.error !== null) throw new Error(batch.error);
        reply({ type: 'committed', ok: true, handled: commit(message, batch.events) });
      } catch (error) {
        reply({ type: 'committed', ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
});

function receive(message: Extract<WorkerBatchMessage, { type: 'events' }>): void {
  let batch = open.get(message.batch);
  if (!batch) open.set(message.batch, (batch = { events: [], error: null }));
  if (batch.error !== null) return;
  try {
    const { events } = message;
    for (let i = 0; i < events.length; i += 2) batch.events.push({ type: events[i], data: JSON.parse(events[i + 1]) as unknown });
  } catch (error) {
    // Reported by the batch's commit, which then writes nothing.
    batch.error = error instanceof Error ? error.message : String(error);
  }
}

function commit(message: Extract<WorkerBatchMessage, { type: 'commit' }>, events: readonly ProjectedEvent[]): number {
  const writer = writerFor(message);
  db.exec('BEGIN IMMEDIATE');
  try {
    const handled = writer.apply(events);
    writer.flush();
    // Rows written, checkpoint not yet: the window a crash test kills the process in.
    if (message.holdMs > 0) Atomics.wait(sleeper, 0, 0, message.holdMs);
    saveCheckpoint.run(message.projection, message.generation, message.position, message.eventsAppliedBefore + handled, message.lastRecordedAt, Date.now());
    db.exec('COMMIT');
    return handled;
  } catch (error) {
    writer.discard();
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** One writer per generation and mode, made on first use (a generation's tables never change shape). */
function writerFor(batch: Extract<WorkerBatchMessage, { type: 'commit' }>): ProjectionWriter {
  const key = `${batch.projection}/${batch.generation}/${batch.mode}`;
  let writer = writers.get(key);
  if (!writer) {
    const tables = PROJECTIONS.find((t) => t.projection === batch.projection);
    if (!tables) throw new RangeError(`unknown projection: ${batch.projection}`);
    writer = tables.writer(db, batch.generation, batch.mode);
    writers.set(key, writer);
  }
  return writer;
}

function reply(message: WorkerReply): void {
  port!.postMessage(message);
}

/** Linux: per thread, through the thread's own id. Elsewhere, or when refused, nothing changes. */
function lowerOwnPriority(value: number): void {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), value);
  } catch {
    // The thread keeps the process's priority.
  }
}
