import { intVar, onOffVar } from './env-vars';

/**
 * Request and credential-failure budgets (parsed once at start). Counted per replica, in
 * memory, in fixed windows aligned on the epoch: a replica refuses what it alone has seen, so
 * N replicas behind a balancer admit up to N times each budget. Sharing the counts would put a
 * store round trip on every refresh, which costs more than the flood it would stop.
 */
export interface RateLimitsConfig {
  /** Whether the budgets are enforced (`LEDGER_RATE_LIMITS`: on (default) or off). */
  readonly enabled: boolean;
  /** Length of a counting window in ms (`LEDGER_RATE_LIMIT_WINDOW_SECONDS`, default 60, as Okta's per-minute buckets). */
  readonly windowMs: number;
  /**
   * Requests one client id may make to one of the token, introspection and revocation endpoints
   * per window (`LEDGER_RATE_LIMIT_CLIENT_REQUESTS`, default 600000: 10,000/s, above what one
   * replica serves, so only a configured budget ever throttles a well-behaved client).
   */
  readonly clientRequests: number;
  /** The same per source address (`LEDGER_RATE_LIMIT_ADDRESS_REQUESTS`, default 600000). */
  readonly addressRequests: number;
  /**
   * Failed client authentications (wrong secret, bad assertion, unknown client) one client id may
   * accumulate per window before every request naming it is refused, a right secret included,
   * until the window ends (`LEDGER_RATE_LIMIT_CLIENT_FAILURES`, default 20; 0 turns this budget off).
   */
  readonly clientFailures: number;
  /**
   * Failed credentials one source address may present per window, counted separately for client
   * credentials and for the admin/auditor credentials (`LEDGER_RATE_LIMIT_ADDRESS_FAILURES`,
   * default 20; 0 turns this budget off).
   */
  readonly addressFailures: number;
}

/** Reads the `LEDGER_RATE_LIMIT*` variables; invalid values fail the start naming the variable. */
export function loadRateLimitsConfig(env: NodeJS.ProcessEnv): RateLimitsConfig {
  return {
    enabled: onOffVar(env, 'LEDGER_RATE_LIMITS', true),
    windowMs: intVar(env, 'LEDGER_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400) * 1000,
    clientRequests: intVar(env, 'LEDGER_RATE_LIMIT_CLIENT_REQUESTS', 600_000, 1, 1_000_000_000),
    addressRequests: intVar(env, 'LEDGER_RATE_LIMIT_ADDRESS_REQUESTS', 600_000, 1, 1_000_000_000),
    clientFailures: intVar(env, 'LEDGER_RATE_LIMIT_CLIENT_FAILURES', 20, 0, 1_000_000_000),
    addressFailures: intVar(env, 'LEDGER_RATE_LIMIT_ADDRESS_FAILURES', 20, 0, 1_000_000_000),
  };
}
