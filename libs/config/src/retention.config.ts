import { intVar } from './env-vars';

/** Retention of the event log itself (parsed once at start). */
export interface RetentionConfig {
  /**
   * Token families that ended (revoked, or expired) longer ago than this many days, and the
   * used-once streams of `private_key_jwt` assertions and DPoP proofs whose `exp` passed longer
   * ago, are removed from the event log, each removal recorded first in `ledgerRemovals`
   * (`LEDGER_RETENTION_DAYS`; unset = keep everything, the default).
   */
  readonly days: number | null;
  /** How often the retention janitor runs (`LEDGER_RETENTION_INTERVAL_MS`, default 3600000: hourly). */
  readonly intervalMs: number;
  /** How long after start it first runs (`LEDGER_RETENTION_FIRST_RUN_MS`, default 60000; at most the interval). */
  readonly firstRunMs: number;
}

/**
 * Parses the retention variables. The read models' own retention must not drop a family's row
 * before the log's retention has found it there: `LEDGER_READ_MODEL_RETENTION_DAYS`, when both
 * are set, must be at least `LEDGER_RETENTION_DAYS`.
 */
export function loadRetentionConfig(env: NodeJS.ProcessEnv, readModelRetentionDays: number | null): RetentionConfig {
  const days = env.LEDGER_RETENTION_DAYS?.trim() ? intVar(env, 'LEDGER_RETENTION_DAYS', 0, 1, 36_500) : null;
  if (days !== null && readModelRetentionDays !== null && readModelRetentionDays < days) {
    throw new Error(
      'LEDGER_READ_MODEL_RETENTION_DAYS must be at least LEDGER_RETENTION_DAYS: the log retention finds ended families in the read models',
    );
  }
  const intervalMs = intVar(env, 'LEDGER_RETENTION_INTERVAL_MS', 3_600_000, 1000, 7 * 24 * 3_600_000);
  const firstRunMs = Math.min(intVar(env, 'LEDGER_RETENTION_FIRST_RUN_MS', 60_000, 0, 7 * 24 * 3_600_000), intervalMs);
  return { days, intervalMs, firstRunMs };
}
