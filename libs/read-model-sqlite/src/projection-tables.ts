import type Database from 'better-sqlite3';

/** An event as a projection sees it: its type and payload (positions stay with the runner). */
export interface ProjectedEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Applies events to one generation of a projection's tables, inside the caller's transaction.
 * Holds the prepared statements of that generation, and what a transaction has changed but not
 * written yet (so a document changed by many events of one transaction is written once).
 */
export interface ProjectionWriter {
  /** Applies `events` in order; returns how many of them the projection handles. */
  apply(events: readonly ProjectedEvent[]): number;
  /** Writes what `apply` has kept in memory; called before the transaction commits. */
  flush(): void;
  /** Forgets what was not flushed (the transaction rolled back). */
  discard(): void;
}

/**
 * How a generation's tables are written: `indexed` (every index maintained, queryable), or
 * `bulk` (a rebuild from zero: secondary indexes deferred and append-only staging instead of
 * random-key inserts, turned into `indexed` by {@link ProjectionTables.finalizeBulk}).
 */
export type TablesMode = 'indexed' | 'bulk';

/**
 * How one projection keeps its read models in SQLite. Each generation has its own physical
 * tables (`<read model>_g<generation>`), and each read model is a view over the generation in
 * service, so a rebuild fills new tables while the old ones keep answering, and the swap is
 * one transaction that re-points the views.
 */
export interface ProjectionTables {
  /** The projection's name: the unit that has one checkpoint and is rebuilt as a whole. */
  readonly projection: string;
  /** Its read models (the view names queries use), in the order they are listed. */
  readonly readModels: readonly string[];
  /** Bumped when the tables change shape; a stored projection of another version starts over. */
  readonly schemaVersion: number;
  /** Creates one generation's tables (with their indexes unless `bulk`). */
  create(db: Database.Database, generation: number, mode: TablesMode): void;
  /**
   * The statements that turn a `bulk` generation into an `indexed` one (sorted loads from the
   * staging tables, then the secondary indexes), run in one transaction.
   */
  finalizeBulk(generation: number): readonly string[];
  /** Drops one generation's tables (and with them, their indexes). */
  drop(db: Database.Database, generation: number): void;
  /** (Re)creates the read models' views over `generation`. */
  publish(db: Database.Database, generation: number): void;
  /**
   * A writer over `generation`'s tables in `mode`, its statements prepared on `db`: the
   * connection whose transactions it runs in (the event loop's write connection, or the
   * read-model worker's own for live batches).
   */
  writer(db: Database.Database, generation: number, mode: TablesMode): ProjectionWriter;
}
