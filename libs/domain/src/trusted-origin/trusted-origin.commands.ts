import type { EpochMillis } from '../token-family/token-family.events';
import type { TrustedOriginStatus } from './trusted-origin.events';

/**
 * A trusted origin as submitted: `origin` and `scopes` are raw (validated and normalized by
 * the decider). `scopes` holds Okta's scope types (`CORS`, `REDIRECT`).
 */
export interface TrustedOriginInput {
  readonly id: string;
  readonly name: unknown;
  readonly origin: unknown;
  readonly scopes: unknown;
}

/** Who changes the configuration, and when. */
interface Stamp {
  readonly now: EpochMillis;
  /** The actor, e.g. `admin:service`; shown as Okta's `createdBy` / `lastUpdatedBy`. */
  readonly actor: string;
}

/** Trusts a new origin (ACTIVE unless `status` says otherwise). */
export interface CreateTrustedOrigin {
  readonly type: 'CreateTrustedOrigin';
  readonly data: Stamp & { readonly trustedOrigin: TrustedOriginInput; readonly status?: TrustedOriginStatus };
}

/** Replaces name, origin and scopes (Okta's PUT); the status changes only by lifecycle. */
export interface UpdateTrustedOrigin {
  readonly type: 'UpdateTrustedOrigin';
  readonly data: Stamp & { readonly trustedOrigin: TrustedOriginInput };
}

/** Sets the origin ACTIVE; a no-op when it already is. */
export interface ActivateTrustedOrigin {
  readonly type: 'ActivateTrustedOrigin';
  readonly data: Stamp & { readonly id: string };
}

/** Sets the origin INACTIVE; a no-op when it already is. */
export interface DeactivateTrustedOrigin {
  readonly type: 'DeactivateTrustedOrigin';
  readonly data: Stamp & { readonly id: string };
}

/** Deletes the origin; deleting it again is a no-op. */
export interface DeleteTrustedOrigin {
  readonly type: 'DeleteTrustedOrigin';
  readonly data: Stamp & { readonly id: string };
}

/** Every command the trusted-origins decider accepts. */
export type TrustedOriginCommand =
  | CreateTrustedOrigin
  | UpdateTrustedOrigin
  | ActivateTrustedOrigin
  | DeactivateTrustedOrigin
  | DeleteTrustedOrigin;
