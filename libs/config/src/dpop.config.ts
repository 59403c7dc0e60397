import { intVar, onOffVar } from './env-vars';

/**
 * DPoP at the token endpoint (RFC 9449): how old a proof may be, and whether the server
 * demands its own nonce.
 */
export interface DpopConfig {
  /**
   * A proof's `iat` may be at most this many seconds old (`LEDGER_DPOP_PROOF_MAX_AGE_SECONDS`,
   * default 60, node-oidc-provider's and Okta's order of magnitude). Also how long a proof's
   * `jti` must be remembered.
   */
  readonly proofMaxAgeSeconds: number;
  /** Skew allowed for `iat` both ways (`LEDGER_DPOP_CLOCK_TOLERANCE_SECONDS`, default 5). */
  readonly clockToleranceSeconds: number;
  /**
   * Whether every proof must carry a server nonce (`LEDGER_DPOP_NONCE`: `off` (default) or
   * `on`). Okta always requires one; off by default here because the `iat` window and the
   * `jti` replay store already refuse replays, and a nonce costs every client an extra round
   * trip on its first request.
   */
  readonly nonceRequired: boolean;
  /** How long a nonce stays current (`LEDGER_DPOP_NONCE_LIFETIME_SECONDS`, default 300; accepted for up to twice that). */
  readonly nonceLifetimeSeconds: number;
}

/** Parses the DPoP variables; an invalid value fails the start naming the variable. */
export function loadDpopConfig(env: NodeJS.ProcessEnv): DpopConfig {
  return {
    proofMaxAgeSeconds: intVar(env, 'LEDGER_DPOP_PROOF_MAX_AGE_SECONDS', 60, 1, 3600),
    clockToleranceSeconds: intVar(env, 'LEDGER_DPOP_CLOCK_TOLERANCE_SECONDS', 5, 0, 300),
    nonceRequired: onOffVar(env, 'LEDGER_DPOP_NONCE', false),
    nonceLifetimeSeconds: intVar(env, 'LEDGER_DPOP_NONCE_LIFETIME_SECONDS', 300, 10, 86_400),
  };
}
