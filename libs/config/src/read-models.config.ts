import * as path from 'node:path';
import { intVar } from './env-vars';

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
  /**
   * `/health/ready` fails when a projection's oldest event not applied yet is older than this
   * many seconds (`LEDGER_READY_MAX_LAG_SECONDS`, default 5). Time, not a count: a projection
   * that keeps up still trails a busy log by a linger's worth of events (~900 at 9,000
   * events/s), and a bound in events made readiness flap under load exactly when an
   * orchestrator should leave the instance in service.
   */
  readonly readyMaxLagSeconds: number;
  /** And, when set, more than this many events behind (`LEDGER_READY_MAX_LAG_EVENTS`; unset = no bound in events). */
  readonly readyMaxLagEvents: number | null;
  /** Most events per projection transaction (`LEDGER_PROJECTION_BATCH_SIZE`, default 1000). */
  readonly batchSize: number;
  /**
   * How long a live projection batch gathers events before it commits
   * (`LEDGER_PROJECTION_LINGER_MS`, default 100). The read models then trail the log by up to
   * this much; in exchange a busy service writes several times fewer read-model pages (a family
   * refreshed twice in the window is written once, index pages are shared), and that work
   * competes with the token requests for the CPUs (measured: 100 ms answered ~10% more
   * refreshes/s than 10 ms, at a lower p99).
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
  return {
    file: !file ? path.join(dataDir, 'read-models.db') : file === ':memory:' ? file : path.resolve(file),
    retentionDays: env.LEDGER_READ_MODEL_RETENTION_DAYS?.trim() ? intVar(env, 'LEDGER_READ_MODEL_RETENTION_DAYS', 0, 1, 36_500) : null,
    readyMaxLagSeconds: intVar(env, 'LEDGER_READY_MAX_LAG_SECONDS', 5, 0, 86_400),
    readyMaxLagEvents: env.LEDGER_READY_MAX_LAG_EVENTS?.trim() ? intVar(env, 'LEDGER_READY_MAX_LAG_EVENTS', 0, 0, 1_000_000_000) : null,
    batchSize: intVar(env, 'LEDGER_PROJECTION_BATCH_SIZE', 1000, 1, 100_000),
    lingerMs: intVar(env, 'LEDGER_PROJECTION_LINGER_MS', 100, 0, 10_000),
    batchHoldMs: intVar(env, 'LEDGER_PROJECTION_BATCH_HOLD_MS', 0, 0, 60_000),
  };
}
