import * as path from 'node:path';

/** How the read models are kept and when the service counts as ready (parsed once at start). */
export interface ReadModelsConfig {
  /** The read-model database (`LEDGER_READ_MODELS`, default `<data dir>/read-models.db`; `:memory:` for tests). */
  readonly file: string;
  /**
   * Rows of families revoked or expired longer ago than this many days are deleted from the
   * read models (`LEDGER_READ_MODEL_RETENTION_DAYS`; unset = keep everything). The event log
   * keeps them.
   */
  readonly retentionDays: number | null;
  /** `/health/ready` fails when a projection is more than this many events behind (`LEDGER_READY_MAX_LAG_EVENTS`, default 1000). */
  readonly readyMaxLagEvents: number;
  /** Most events per projection transaction (`LEDGER_PROJECTION_BATCH_SIZE`, default 1000). */
  readonly batchSize: number;
  /**
   * How long a live projection batch gathers events before it commits
   * (`LEDGER_PROJECTION_LINGER_MS`, default 100). The read models then trail the log by up to
   * this much; in exchange a busy service writes several times fewer read-model pages (a family
   * refreshed twice in the window is written once, index pages are shared), and that I/O competes
   * with the event store's commit fsyncs (measured: 100 ms answered ~10% more refreshes/s than
   * 10 ms, at a lower p99).
   */
  readonly lingerMs: number;
  /**
   * Test-only (`LEDGER_PROJECTION_BATCH_HOLD_MS`, default 0): hold each projection batch's
   * transaction open this many ms between writing its rows and its checkpoint, so the crash
   * test can kill the process in the middle of a batch. Never set it in production.
   */
  readonly batchHoldMs: number;
}

/** Parses the read-model variables; invalid values fail the start with a message naming the variable. */
export function loadReadModelsConfig(env: NodeJS.ProcessEnv, dataDir: string): ReadModelsConfig {
  const file = env.LEDGER_READ_MODELS?.trim();
  const retention = env.LEDGER_READ_MODEL_RETENTION_DAYS?.trim();
  return {
    file: !file ? path.join(dataDir, 'read-models.db') : file === ':memory:' ? file : path.resolve(file),
    retentionDays: retention ? integer('LEDGER_READ_MODEL_RETENTION_DAYS', retention, 1, 36_500) : null,
    readyMaxLagEvents: integer('LEDGER_READY_MAX_LAG_EVENTS', env.LEDGER_READY_MAX_LAG_EVENTS, 0, 1_000_000_000, 1000),
    batchSize: integer('LEDGER_PROJECTION_BATCH_SIZE', env.LEDGER_PROJECTION_BATCH_SIZE, 1, 100_000, 1000),
    lingerMs: integer('LEDGER_PROJECTION_LINGER_MS', env.LEDGER_PROJECTION_LINGER_MS, 0, 10_000, 100),
    batchHoldMs: integer('LEDGER_PROJECTION_BATCH_HOLD_MS', env.LEDGER_PROJECTION_BATCH_HOLD_MS, 0, 60_000, 0),
  };
}

function integer(name: string, raw: string | undefined, min: number, max: number, fallback?: number): number {
  if ((raw === undefined || raw.trim() === '') && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in ${min}..${max}`);
  return n;
}
