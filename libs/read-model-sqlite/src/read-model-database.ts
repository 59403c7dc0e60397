import Database from 'better-sqlite3';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createPrivateFile, formatPosition, parsePosition, type GlobalPosition } from '@ledger/event-sourcing';
import type { ProjectedEvent, ProjectionTables, ProjectionWriter, TablesMode } from './projection-tables';
import { PROJECTIONS, SAVE_CHECKPOINT_SQL, type WorkerBatchMessage, type WorkerReply } from './read-model-catalog';
import { ReadModelOwnerLock } from './read-model-owner-lock';
import { generationTables } from './token-families.tables';
import { TokenFamiliesQueries } from './token-families.queries';

/** Options of {@link ReadModelDatabase.open}; only `filename` is required. */
export interface ReadModelDatabaseOptions {
  /** The database file (created 0600 with its `-wal`/`-shm`, its directory 0700 when missing), or `':memory:'` for tests. */
  readonly filename: string;
  /** Page cache of the connection that writes, in MiB. Default 32. */
  readonly cacheSizeMiB?: number;
  /**
   * Whether {@link ReadModelDatabase.startWorkerBatch} gives batches (default true for a file;
   * `:memory:` never does). False leaves every batch to `begin`, on the calling thread.
   */
  readonly workerBatches?: boolean;
}

/** A projection's checkpoint: how far into the global log one generation of its tables is. */
export interface Checkpoint {
  /** Position of the last event applied; `null` before the first. */
  readonly position: GlobalPosition | null;
  /** Events the projection handled so far (in this generation). */
  readonly eventsApplied: number;
  /** `recordedAt` of the last event applied (epoch ms), for the lag in seconds. */
  readonly lastRecordedAt: number | null;
}

/** Which generations of a projection exist. */
export interface ProjectionGenerations {
  /** The generation the views point at. */
  readonly live: number;
  /** The generation being rebuilt beside it, if any. */
  readonly rebuild: number | null;
  /** Whether that rebuild is still in `bulk` mode (indexes not built yet). */
  readonly rebuildBulk: boolean;
  readonly rebuildStartedAt: number | null;
  /** The last rebuild that was swapped in. */
  readonly lastRebuild: { readonly generation: number; readonly startedAt: number; readonly finishedAt: number } | null;
}

/** One write transaction: rows of a batch and the checkpoints that cover them commit together. */
export interface WriteBatch {
  /** Applies events to a generation; returns how many the projection handles. */
  apply(projection: string, generation: number, events: readonly ProjectedEvent[]): number;
  /** Writes the rows `apply` kept in memory (documents changed by several events are written once). */
  flush(): void;
  /** Records how far a generation is; committed with the rows. */
  saveCheckpoint(projection: string, generation: number, checkpoint: Checkpoint): void;
  commit(): void;
  rollback(): void;
}

/**
 * A live batch applied and committed by the read-model file's worker thread (see
 * {@link ReadModelDatabase.startWorkerBatch}).
 */
export interface WorkerBatch {
  /**
   * Adds an event: its type and its data as JSON text (as the event store holds it). Events of
   * one event-loop turn go to the worker together, at the end of the turn.
   */
  add(type: string, data: string): void;
  /**
   * Has the worker apply every event added and commit the rows with the checkpoint of the
   * batch's last event (`position`, `lastRecordedAt`; `eventsApplied` continues `after`'s), in
   * one transaction. Resolves with how many of the events the projection handled, once the
   * commit is in the file; a rejection means nothing of the batch was committed.
   */
  commit(end: WorkerBatchEnd): Promise<number>;
  /** Drops the batch: nothing of it is written. */
  discard(): void;
}

/** Where a worker batch ends: the checkpoint it stores. */
export interface WorkerBatchEnd {
  /** The stored checkpoint the batch continues from. */
  readonly after: Checkpoint;
  readonly position: GlobalPosition;
  /** `recordedAt` (epoch ms) of the batch's last event. */
  readonly lastRecordedAt: number;
  /** Test-only: keep the transaction open this long between its rows and its checkpoint. */
  readonly holdMs?: number;
}

/** The files SQLite keeps beside the database, created with its mode (see `createPrivateFile`). */
const SQLITE_COMPANION_FILES = ['-wal', '-shm', '-journal'] as const;

const META_SQL = `
CREATE TABLE IF NOT EXISTS projection_state (
  projection               TEXT    NOT NULL PRIMARY KEY,
  schema_version           INTEGER NOT NULL,
  live_generation          INTEGER NOT NULL,
  rebuild_generation       INTEGER,
  rebuild_started_at       INTEGER,
  rebuild_bulk             INTEGER NOT NULL DEFAULT 0,
  last_rebuild_generation  INTEGER,
  last_rebuild_started_at  INTEGER,
  last_rebuild_finished_at INTEGER
);
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  projection       TEXT    NOT NULL,
  generation       INTEGER NOT NULL,
  position         TEXT,
  events_applied   INTEGER NOT NULL,
  last_recorded_at INTEGER,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (projection, generation)
);
`;

type StateRow = [
  schemaVersion: number,
  live: number,
  rebuild: number | null,
  rebuildStartedAt: number | null,
  rebuildBulk: number,
  lastGeneration: number | null,
  lastStartedAt: number | null,
  lastFinishedAt: number | null,
];

/**
 * The read models' own SQLite file (`<data dir>/read-models.db` by default), separate from
 * the event log: it can be deleted at any time and is rebuilt from the log.
 *
 * Two connections to a file: one writes (only the projection runner, one transaction at a
 * time), one reads (queries), so a query never sees a batch half-applied and never waits for
 * one (WAL). `synchronous = NORMAL`: a process crash loses nothing committed, and an OS crash
 * can only lose whole recent transactions, rows and checkpoint together, which the runner
 * re-applies from the older checkpoint. `:memory:` has one connection for both.
 */
export class ReadModelDatabase {
  /** Queries over the token-family read models (views over their live generation). */
  readonly tokenFamilies: TokenFamiliesQueries;
  private readonly writerDb: Database.Database;
  private readonly readerDb: Database.Database;
  private readonly tables = new Map<string, ProjectionTables>();
  private readonly writers = new Map<string, ProjectionWriter>();
  private readonly stmt: {
    readonly state: Database.Statement;
    readonly checkpoint: Database.Statement;
    readonly saveCheckpoint: Database.Statement;
  };
  private closed = false;
  /** This process's ownership of the file (none for `:memory:`), released by `close`. */
  private readonly ownerLock: ReadModelOwnerLock | null;
  /** The file's worker thread (live batches, WAL checkpoints); none for `:memory:`. */
  private readonly worker: ReadModelWorker | null;
  private readonly workerBatches: boolean;
  /** A worker batch is committing: nothing else may write until it has. */
  private workerBatchOpen = false;
  /** Names worker batches: each has its own, so one may fill while another commits. */
  private workerBatchCount = 0;

  private constructor(options: ReadModelDatabaseOptions) {
    const memory = options.filename === ':memory:';
    // Before anything touches the file: a second writer (another replica on a shared volume)
    // would drop tables under the owner's feet on a rebuild, and could move rows backwards.
    this.ownerLock = memory ? null : ReadModelOwnerLock.acquire(options.filename);
    try {
      if (!memory) createPrivateFile(options.filename, SQLITE_COMPANION_FILES);
      this.writerDb = new Database(options.filename, { timeout: 5000 });
    } catch (error) {
      this.ownerLock?.release();
      throw error;
    }
    try {
      if (!memory) this.writerDb.pragma('journal_mode = WAL');
      this.writerDb.pragma('synchronous = NORMAL');
      this.writerDb.pragma(`cache_size = ${-1024 * (options.cacheSizeMiB ?? 32)}`);
      // Checkpoints copy the WAL into the file (and fsync it): tens of ms to seconds after a
      // big batch. They run on a connection of their own in a worker thread, never inside a
      // commit on this thread (see ReadModelWorker).
      if (!memory) this.writerDb.pragma('wal_autocheckpoint = 0');
      this.writerDb.pragma('journal_size_limit = 67108864');
      this.writerDb.exec(META_SQL);
      this.migrateMeta();
      this.stmt = {
        state: this.writerDb
          .prepare(
            'SELECT schema_version, live_generation, rebuild_generation, rebuild_started_at, rebuild_bulk, last_rebuild_generation, ' +
              'last_rebuild_started_at, last_rebuild_finished_at FROM projection_state WHERE projection = ?',
          )
          .raw(true),
        checkpoint: this.writerDb
          .prepare('SELECT position, events_applied, last_recorded_at FROM projection_checkpoints WHERE projection = ? AND generation = ?')
          .raw(true),
        saveCheckpoint: this.writerDb.prepare(SAVE_CHECKPOINT_SQL),
      };
      for (const t of PROJECTIONS) {
        this.tables.set(t.projection, t);
        this.install(t);
      }
      this.readerDb = memory ? this.writerDb : new Database(options.filename, { readonly: true, fileMustExist: true, timeout: 5000 });
      // `:memory:` is one connection's own database: no other connection can write or
      // checkpoint it.
      this.worker = memory ? null : new ReadModelWorker(options.filename, () => this.writerDb.pragma('wal_autocheckpoint = 1000'));
      this.workerBatches = options.workerBatches !== false;
      if (!memory) this.readerDb.pragma('cache_size = -16384');
      this.tokenFamilies = new TokenFamiliesQueries(this.readerDb);
    } catch (error) {
      this.writerDb.close();
      this.ownerLock?.release();
      throw error;
    }
  }

  /**
   * Opens (creating when needed) the read-model database, taking ownership of the file for
   * this process.
   *
   * @throws ReadModelFileInUseError when another process (or another open in this one) holds it
   */
  static open(options: ReadModelDatabaseOptions): ReadModelDatabase {
    return new ReadModelDatabase(options);
  }

  /** The projections kept here, with their read models. */
  projections(): readonly { readonly projection: string; readonly readModels: readonly string[] }[] {
    return [...this.tables.values()].map((t) => ({ projection: t.projection, readModels: t.readModels }));
  }

  generations(projection: string): ProjectionGenerations {
    const row = this.stmt.state.get(this.require(projection).projection) as StateRow;
    return {
      live: row[1],
      rebuild: row[2],
      rebuildStartedAt: row[3],
      rebuildBulk: row[2] !== null && row[4] === 1,
      lastRebuild: row[5] !== null ? { generation: row[5], startedAt: row[6] ?? 0, finishedAt: row[7] ?? 0 } : null,
    };
  }

  /** The stored checkpoint of one generation (an empty one if it has none yet). */
  checkpoint(projection: string, generation: number): Checkpoint {
    const row = this.stmt.checkpoint.get(projection, generation) as [string | null, number, number | null] | undefined;
    if (!row) return { position: null, eventsApplied: 0, lastRecordedAt: null };
    return { position: row[0] === null ? null : parsePosition(row[0]), eventsApplied: row[1], lastRecordedAt: row[2] };
  }

  /**
   * Starts the one write transaction (`BEGIN IMMEDIATE`). The caller commits or rolls back;
   * nothing else may write until then.
   */
  begin(): WriteBatch {
    this.assertOpen();
    this.assertNoTransaction();
    this.writerDb.exec('BEGIN IMMEDIATE');
    let open = true;
    const used = new Set<ProjectionWriter>();
    const flush = () => {
      for (const writer of used) writer.flush();
    };
    return {
      apply: (projection, generation, events) => {
        const writer = this.writer(projection, generation);
        used.add(writer);
        return writer.apply(events);
      },
      flush,
      saveCheckpoint: (projection, generation, c) => {
        this.stmt.saveCheckpoint.run(
          projection,
          generation,
          c.position === null ? null : formatPosition(c.position),
          c.eventsApplied,
          c.lastRecordedAt,
          Date.now(),
        );
      },
      commit: () => {
        if (!open) return;
        flush();
        open = false;
        this.writerDb.exec('COMMIT');
        this.worker?.committed();
      },
      rollback: () => {
        for (const writer of used) writer.discard();
        // A failed statement may already have ended the transaction.
        if (open && this.writerDb.inTransaction) this.writerDb.exec('ROLLBACK');
        open = false;
      },
    };
  }

  /**
   * Starts a live batch that the file's worker thread applies and commits, so the event loop
   * does none of it: the worker parses the events' JSON as they arrive, and at `commit` reads
   * and evolves the rows they touch with the same writers as `begin`'s batches, then commits
   * rows and checkpoint in one transaction on its own connection. The events go over as they
   * are added, so the event loop keeps none of them while the batch lingers (see
   * `WorkerBatch.add`).
   *
   * `null` when there is no worker to take it (`:memory:`, `workerBatches: false`, or after a
   * worker batch failed): the caller applies its batch with `begin()` instead. Several batches
   * may be filling at once (the next one fills while one commits); they commit one at a time,
   * and from `commit` until it settles the caller must not write otherwise (the projection
   * engine's write lock sees to it).
   */
  startWorkerBatch(projection: string, generation: number): WorkerBatch | null {
    const worker = this.worker;
    if (!worker || !this.workerBatches || worker.failed) return null;
    this.assertOpen();
    this.require(projection);
    const name = `${projection}/${generation}/${++this.workerBatchCount}`;
    let pending: string[] = [];
    let scheduled = false;
    let done = false;
    const send = () => {
      scheduled = false;
      if (done || pending.length === 0) return;
      worker.post({ type: 'events', batch: name, events: pending });
      pending = [];
    };
    return {
      add: (type, data) => {
        if (done) throw new Error('this worker batch has ended');
        pending.push(type, data);
        if (!scheduled) {
          scheduled = true;
          setImmediate(send);
        }
      },
      commit: (end) => {
        if (done) return Promise.reject(new Error('this worker batch has ended'));
        this.assertOpen();
        this.assertNoTransaction();
        send();
        done = true;
        const { rebuild, rebuildBulk } = this.generations(projection);
        this.workerBatchOpen = true;
        return worker
          .commit({
            type: 'commit',
            batch: name,
            projection,
            generation,
            mode: generation === rebuild && rebuildBulk ? 'bulk' : 'indexed',
            eventsAppliedBefore: end.after.eventsApplied,
            position: formatPosition(end.position),
            lastRecordedAt: end.lastRecordedAt,
            holdMs: end.holdMs ?? 0,
          })
          .finally(() => {
            this.workerBatchOpen = false;
          });
      },
      discard: () => {
        if (done) return;
        done = true;
        pending = [];
        worker.post({ type: 'discard', batch: name });
      },
    };
  }

  /** Resolves once the WAL checkpoint asked for last has run on the worker (at once without one). */
  checkpointSettled(): Promise<void> {
    return this.worker?.checkpointSettled() ?? Promise.resolve();
  }

  /**
   * Creates the tables of a new generation beside the live one, with an empty checkpoint, and
   * records it as the projection's rebuild. Returns the existing one if a rebuild is underway.
   */
  startRebuild(projection: string, now: number): number {
    const t = this.require(projection);
    const current = this.generations(projection);
    if (current.rebuild !== null) return current.rebuild;
    const generation = current.live + 1;
    this.transaction(() => {
      t.drop(this.writerDb, generation);
      t.create(this.writerDb, generation, 'bulk');
      this.writerDb.prepare('DELETE FROM projection_checkpoints WHERE projection = ? AND generation = ?').run(projection, generation);
      this.writerDb
        .prepare('UPDATE projection_state SET rebuild_generation = ?, rebuild_started_at = ?, rebuild_bulk = 1 WHERE projection = ?')
        .run(generation, now, projection);
    });
    return generation;
  }

  /**
   * Turns a rebuild's `bulk` tables into indexed ones (sorted load of the staged index
   * entries, then every secondary index), in one transaction. For a file this runs on its own
   * connection in a worker thread, so the few seconds it takes for millions of rows never
   * block the event loop; the caller must not write meanwhile (the runner holds its write lock).
   */
  async finalizeRebuild(projection: string): Promise<void> {
    const t = this.require(projection);
    const { rebuild, rebuildBulk } = this.generations(projection);
    if (rebuild === null || !rebuildBulk) return;
    this.assertNoTransaction();
    const statements = [
      ...t.finalizeBulk(rebuild),
      `UPDATE projection_state SET rebuild_bulk = 0 WHERE projection = '${projection.replace(/'/g, "''")}'`,
    ];
    if (this.readerDb === this.writerDb) {
      this.transaction(() => {
        for (const sql of statements) this.writerDb.exec(sql);
      });
    } else {
      await runInWorker(this.writerDb.name, statements);
    }
    // Its statements name the staging table, which is gone.
    this.forgetWriter(projection, rebuild);
  }

  /**
   * Swaps a rebuilt generation in, in one transaction: the views point at it, the old tables
   * and checkpoint are dropped. Readers see the old tables or the new ones, never a mix.
   */
  completeRebuild(projection: string, now: number): number {
    const t = this.require(projection);
    const current = this.generations(projection);
    const rebuilt = current.rebuild;
    if (rebuilt === null) throw new Error(`projection ${projection} has no rebuild to complete`);
    if (current.rebuildBulk) throw new Error(`projection ${projection}: finalize the rebuild before swapping it in`);
    this.transaction(() => {
      t.publish(this.writerDb, rebuilt);
      t.drop(this.writerDb, current.live);
      this.writerDb.prepare('DELETE FROM projection_checkpoints WHERE projection = ? AND generation = ?').run(projection, current.live);
      this.writerDb
        .prepare(
          'UPDATE projection_state SET live_generation = ?, rebuild_generation = NULL, rebuild_started_at = NULL, ' +
            'last_rebuild_generation = ?, last_rebuild_started_at = ?, last_rebuild_finished_at = ? WHERE projection = ?',
        )
        .run(rebuilt, rebuilt, current.rebuildStartedAt ?? now, now, projection);
    });
    this.forgetWriter(projection, current.live);
    return rebuilt;
  }

  /**
   * Retention: deletes up to `limit` families (with their `token_index` entries) revoked, or
   * expired, before `cutoff`, in one transaction; returns how many. `family_counts` keeps
   * counting them: the counts are of the whole log, the rows of what is kept.
   */
  deleteFamiliesEndedBefore(cutoff: number, limit: number): number {
    const { families, tokens, counts } = generationTables(this.generations('token_families').live);
    let deleted = 0;
    this.transaction(() => {
      const revoked = this.writerDb
        .prepare(`SELECT family_id FROM ${families} WHERE revoked_at IS NOT NULL AND revoked_at < ? LIMIT ?`)
        .pluck()
        .all(cutoff, limit) as string[];
      // Per client, so the partial (client_id, expires_at) index of open families is a range seek.
      const expired =
        revoked.length < limit
          ? (this.writerDb
              .prepare(
                `SELECT family_id FROM ${families} WHERE client_id IN (SELECT client_id FROM ${counts} WHERE state = 'open') ` +
                  'AND revoked_at IS NULL AND expires_at < ? LIMIT ?',
              )
              .pluck()
              .all(cutoff, limit - revoked.length) as string[])
          : [];
      // A family's token ids all start with `<familyId>.`: one range of the primary key
      // ('/' is the character after '.').
      const deleteTokens = this.writerDb.prepare(`DELETE FROM ${tokens} WHERE token_id >= ? AND token_id < ?`);
      const deleteFamily = this.writerDb.prepare(`DELETE FROM ${families} WHERE family_id = ?`);
      for (const familyId of [...revoked, ...expired]) {
        deleteTokens.run(`${familyId}.`, `${familyId}/`);
        deleteFamily.run(familyId);
        deleted += 1;
      }
    });
    return deleted;
  }

  /** How SQLite would run a query on the read connection (specs check index use). */
  explain(sql: string, ...params: unknown[]): string[] {
    return (this.readerDb.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  }

  /** Closes both connections. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.writerDb.inTransaction) this.writerDb.exec('ROLLBACK');
    this.worker?.close();
    if (this.readerDb !== this.writerDb) this.readerDb.close();
    // The last connection out copies the WAL back into the file, leaving it small on disk.
    if (this.worker) this.writerDb.pragma('wal_checkpoint(TRUNCATE)');
    this.writerDb.close();
    this.ownerLock?.release();
  }

  /** Columns added to `projection_state` after its first release. */
  private migrateMeta(): void {
    const columns = (this.writerDb.pragma('table_info(projection_state)') as { name: string }[]).map((c) => c.name);
    if (!columns.includes('rebuild_bulk')) this.writerDb.exec('ALTER TABLE projection_state ADD COLUMN rebuild_bulk INTEGER NOT NULL DEFAULT 0');
  }

  /** Creates a projection's first generation, or starts it over when its schema changed. */
  private install(t: ProjectionTables): void {
    const row = this.stmt.state.get(t.projection) as StateRow | undefined;
    if (row && row[0] === t.schemaVersion) return;
    this.transaction(() => {
      let generation = 1;
      if (row) {
        // Tables of another shape cannot be read or written: drop them and re-project from
        // the start of the log into a fresh generation.
        for (const g of [row[1], row[2]]) if (g !== null) t.drop(this.writerDb, g);
        this.writerDb.prepare('DELETE FROM projection_checkpoints WHERE projection = ?').run(t.projection);
        this.writerDb.prepare('DELETE FROM projection_state WHERE projection = ?').run(t.projection);
        generation = Math.max(row[1], row[2] ?? 0) + 1;
      }
      t.create(this.writerDb, generation, 'indexed');
      t.publish(this.writerDb, generation);
      this.writerDb
        .prepare('INSERT INTO projection_state (projection, schema_version, live_generation) VALUES (?, ?, ?)')
        .run(t.projection, t.schemaVersion, generation);
    });
  }

  /** One writer per generation, made on first use, its statements on the write connection. */
  private writer(projection: string, generation: number): ProjectionWriter {
    const key = `${projection}/${generation}`;
    let writer = this.writers.get(key);
    if (!writer) {
      const { rebuild, rebuildBulk } = this.generations(projection);
      const mode: TablesMode = generation === rebuild && rebuildBulk ? 'bulk' : 'indexed';
      writer = this.require(projection).writer(this.writerDb, generation, mode);
      this.writers.set(key, writer);
    }
    return writer;
  }

  private forgetWriter(projection: string, generation: number): void {
    this.writers.delete(`${projection}/${generation}`);
  }

  private transaction(body: () => void): void {
    this.assertOpen();
    this.assertNoTransaction();
    this.writerDb.transaction(body).immediate();
    this.worker?.committed();
  }

  /**
   * One transaction at a time: a second one would nest as a savepoint of the first and share
   * its fate (a rollback of a batch would take a rebuild's new tables with it).
   */
  private assertNoTransaction(): void {
    if (this.writerDb.inTransaction || this.workerBatchOpen) throw new Error('a read-model write transaction is already open');
  }

  private require(projection: string): ProjectionTables {
    const t = this.tables.get(projection);
    if (!t) throw new RangeError(`unknown projection: ${projection}`);
    return t;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the read-model database is closed');
  }
}

/**
 * Runs statements in one transaction on a connection of its own, in a worker thread. The
 * worker's code is inline (no extra file to ship next to the build); it loads the very
 * better-sqlite3 this thread resolved.
 */
function runInWorker(filename: string, statements: readonly string[]): Promise<void> {
  const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.filename, { timeout: 60000 });
try {
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -16384');
  db.exec('BEGIN IMMEDIATE');
  for (const sql of workerData.statements) db.exec(sql);
  db.exec('COMMIT');
  parentPort.postMessage({ ok: true });
} catch (error) {
  if (db.inTransaction) db.exec('ROLLBACK');
  parentPort.postMessage({ ok: false, error: error && error.message ? error.message : String(error) });
} finally {
  db.close();
}`;
  return new Promise((resolve, reject) => {
    // No inherited `execArgv` (as the event store's writer): a main-thread `--require` preload is
    // not meant for these plain-JS workers.
    const worker = new Worker(source, {
      eval: true,
      execArgv: [],
      workerData: { filename, statements, betterSqlite3: require.resolve('better-sqlite3') },
    });
    let settled = false;
    worker.once('message', (m: { ok: boolean; error?: string }) => {
      settled = true;
      if (m.ok) resolve();
      else reject(new Error(`finalizing a rebuild failed: ${m.error}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the rebuild worker exited with code ${code}`));
    });
  });
}

/**
 * At most one checkpoint every this many ms. Measured under the refresh load: one a second
 * copied and fsynced a second's worth of WAL at once (a ~30 ms latency spike on every request,
 * once a second); four smaller ones a second spread that work out. Re-measured with the thread
 * at nice 19 (alternating runs): 1 s raised the refresh p99 by ~5 ms, 100 ms by ~1.5 ms.
 */
const CHECKPOINT_INTERVAL_MS = 250;

/**
 * The nice value of the read-model worker thread (Linux: per thread). Its commits and WAL
 * checkpoints (and, since it applies live batches itself, evolving their rows)
 * come as 15-40 ms bursts of CPU, ~20% of a core under the refresh load, and on a
 * 2-core machine each burst took a core from the threads every token response waits for (the
 * event loop, the signing thread, the event log's writer): with projections switched off the
 * refresh p99 was ~8 ms lower. At 19 the thread still has all of an idle core and ~1.5% of a
 * contended one, so under sustained overload the read models trail the log further (readiness
 * reports the lag) while the token API keeps its latency. Measured over five runs each of the
 * refresh bench: p99 30.8 ms (nice 0), 27.6 ms (nice 10), 26.5 ms (nice 19).
 */
export const READ_MODEL_THREAD_NICE = 19;

/**
 * The event loop's side of the read-model file's worker thread (`read-model.worker.ts`, with a
 * connection of its own), for the two writes the event loop should never run:
 *
 * - Live batches (`ReadModelDatabase.startWorkerBatch`), one commit at a time. After a failure worker
 *   batches stop: that batch's promise rejects (the engine re-applies from its checkpoint) and
 *   later batches run on the caller's thread.
 * - WAL checkpoints: after a commit, at most once every CHECKPOINT_INTERVAL_MS, a PASSIVE one
 *   keeps the WAL short. If the worker cannot run, `onFailure` restores SQLite's automatic
 *   checkpoints on the writer.
 */
class ReadModelWorker {
  private readonly worker: Worker;
  private pending: { resolve: (handled: number) => void; reject: (error: Error) => void } | null = null;
  private checking = false;
  private checkedWaiters: (() => void)[] = [];
  private lastCheckAt = 0;
  private dead = false;
  /** True once worker batches are no longer possible (a failed batch, a dead worker). */
  failed = false;

  constructor(
    filename: string,
    private readonly onFailure: () => void,
  ) {
    // No inherited execArgv (flags and preloads are the main thread's); only a TypeScript hook
    // when this runs from the sources.
    this.worker = new Worker(workerBootstrap(), { eval: true, execArgv: [], workerData: { filename, nice: READ_MODEL_THREAD_NICE } });
    // Idle, it must never keep a process alive (tests, CLI); a batch in flight refs it.
    this.worker.unref();
    this.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'checked') {
        this.checking = false;
        this.releaseCheckedWaiters();
        return;
      }
      const pending = this.pending;
      this.pending = null;
      if (m.ok) {
        pending?.resolve(m.handled);
        // The worker's own commits need checkpoints as much as this thread's: without this, under
        // steady load (live batches only) the WAL was never copied back and grew by ~850 MiB a
        // minute at 2k refreshes/s.
        this.committed();
        return;
      }
      this.failed = true;
      pending?.reject(new Error(`committing a read-model batch failed: ${m.error}`));
    });
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', () => this.die(new Error('the read-model worker exited')));
  }

  /** Sends a batch's events, or drops the batch; no answer comes. */
  post(message: WorkerBatchMessage): void {
    if (!this.dead) this.worker.postMessage(message);
  }

  /** Commits a batch (its events were posted before); resolves with the events handled. */
  commit(message: WorkerBatchMessage & { type: 'commit' }): Promise<number> {
    if (this.failed) return Promise.reject(new Error('read-model worker batches have stopped after a failure'));
    if (this.pending) return Promise.reject(new Error('a read-model batch is already committing'));
    return new Promise<number>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.ref();
      this.worker.postMessage(message);
    }).finally(() => this.worker.unref());
  }

  /** Resolves once the checkpoint asked for last (if any) has run. */
  checkpointSettled(): Promise<void> {
    if (!this.checking || this.dead) return Promise.resolve();
    return new Promise<void>((resolve) => this.checkedWaiters.push(resolve));
  }

  /** A transaction committed (on any connection): ask for a checkpoint unless one ran lately. */
  committed(): void {
    if (this.checking || this.dead) return;
    const now = Date.now();
    if (now - this.lastCheckAt < CHECKPOINT_INTERVAL_MS) return;
    this.lastCheckAt = now;
    this.checking = true;
    this.worker.postMessage({ type: 'check' });
  }

  close(): void {
    if (this.dead) return;
    this.stop(new Error('the read-model database was closed'));
    this.worker.postMessage({ type: 'close' });
  }

  private die(error: Error): void {
    if (this.dead) return;
    this.stop(error);
    this.onFailure();
  }

  private releaseCheckedWaiters(): void {
    const waiters = this.checkedWaiters;
    this.checkedWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private stop(error: Error): void {
    this.releaseCheckedWaiters();
    this.dead = true;
    this.failed = true;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}

/**
 * The worker's entry code. Built, it is `read-model.worker.js` beside this file. From the
 * TypeScript sources (jest, the e2e suites' child processes), `read-model.worker.ts` and its
 * imports need the require hook that compiled this thread's modules: whoever runs the sources
 * names it in `LEDGER_TS_REQUIRE_HOOK` (the tests' hook does when it is loaded, and so does
 * jest's setup), so nothing that ships knows where the tests keep it.
 */
function workerBootstrap(): string {
  const extension = extname(__filename);
  const entry = join(__dirname, `read-model.worker${extension}`);
  if (extension !== '.ts') return `require(${JSON.stringify(entry)});\n`;
  const hook = process.env.LEDGER_TS_REQUIRE_HOOK;
  // Without it the worker would die on its first line and batches would quietly move to the event loop.
  if (!hook) throw new Error('read-model.worker.ts runs from the sources only with a TypeScript require hook: set LEDGER_TS_REQUIRE_HOOK to its file');
  return `require(${JSON.stringify(hook)});\nrequire(${JSON.stringify(entry)});\n`;
}
