import type { DomainEvent } from '../decider';
import type { EpochMillis } from '../token-family/token-family.events';

/**
 * What an origin is trusted for (Okta's trusted-origin scope types): `CORS` lets browser code
 * on that origin call the OAuth endpoints cross-origin; `REDIRECT` is recorded for Okta
 * compatibility (this service serves no login redirects).
 */
export type TrustedOriginScopeType = 'CORS' | 'REDIRECT';

/** Every {@link TrustedOriginScopeType}. */
export const TRUSTED_ORIGIN_SCOPE_TYPES: readonly TrustedOriginScopeType[] = ['CORS', 'REDIRECT'];

/** Okta's trusted-origin status: an INACTIVE origin is kept but trusted for nothing. */
export type TrustedOriginStatus = 'ACTIVE' | 'INACTIVE';

/** A trusted origin's settings apart from its status (which has its own events). */
export interface TrustedOriginSettings {
  readonly id: string;
  readonly name: string;
  /** Serialized as a browser sends it in `Origin`: `scheme://host[:port]`, lowercase, no default port. */
  readonly origin: string;
  readonly scopes: readonly TrustedOriginScopeType[];
}

/** A trusted origin's whole configuration. */
export interface TrustedOrigin extends TrustedOriginSettings {
  readonly status: TrustedOriginStatus;
}

/** A new trusted origin, normalized. `createdBy` is the actor (e.g. `admin:service`). */
export interface TrustedOriginCreatedData {
  readonly trustedOrigin: TrustedOrigin;
  readonly createdAt: EpochMillis;
  readonly createdBy: string;
}

/** State-carrying: the settings after a replacement (PUT). */
export interface TrustedOriginUpdatedData {
  readonly trustedOrigin: TrustedOriginSettings;
  readonly updatedAt: EpochMillis;
  readonly updatedBy: string;
}

/** The origin is trusted again. */
export interface TrustedOriginActivatedData {
  readonly id: string;
  readonly activatedAt: EpochMillis;
  readonly activatedBy: string;
}

/** The origin is kept but trusted for nothing. */
export interface TrustedOriginDeactivatedData {
  readonly id: string;
  readonly deactivatedAt: EpochMillis;
  readonly deactivatedBy: string;
}

/** The origin is gone; its id is never used again. */
export interface TrustedOriginDeletedData {
  readonly id: string;
  readonly deletedAt: EpochMillis;
  readonly deletedBy: string;
}

/** A trusted origin was created. */
export type TrustedOriginCreated = DomainEvent<'TrustedOriginCreated', TrustedOriginCreatedData>;
/** A trusted origin's name, origin or scopes changed. */
export type TrustedOriginUpdated = DomainEvent<'TrustedOriginUpdated', TrustedOriginUpdatedData>;
/** A trusted origin became ACTIVE. */
export type TrustedOriginActivated = DomainEvent<'TrustedOriginActivated', TrustedOriginActivatedData>;
/** A trusted origin became INACTIVE. */
export type TrustedOriginDeactivated = DomainEvent<'TrustedOriginDeactivated', TrustedOriginDeactivatedData>;
/** A trusted origin was deleted. */
export type TrustedOriginDeleted = DomainEvent<'TrustedOriginDeleted', TrustedOriginDeletedData>;

/** Every event of the `trustedOrigins-org` stream. */
export type TrustedOriginEvent =
  | TrustedOriginCreated
  | TrustedOriginUpdated
  | TrustedOriginActivated
  | TrustedOriginDeactivated
  | TrustedOriginDeleted;

/** The event types of {@link TrustedOriginEvent}. */
export const TRUSTED_ORIGIN_EVENT_TYPES = [
  'TrustedOriginCreated',
  'TrustedOriginUpdated',
  'TrustedOriginActivated',
  'TrustedOriginDeactivated',
  'TrustedOriginDeleted',
] as const satisfies readonly TrustedOriginEvent['type'][];
