import type { EpochMillis } from '../token-family/token-family.events';
import type { TrustedOrigin, TrustedOriginEvent } from './trusted-origin.events';

/** A trusted origin as held in the state: its configuration plus who changed it and when. */
export interface StoredTrustedOrigin extends TrustedOrigin {
  readonly created: EpochMillis;
  readonly createdBy: string;
  readonly lastUpdated: EpochMillis;
  readonly lastUpdatedBy: string;
}

/** The state of the `trustedOrigins-org` stream: the origins in creation order, and the ids deleted. */
export interface TrustedOriginsState {
  readonly origins: readonly StoredTrustedOrigin[];
  readonly deletedIds: readonly string[];
}

/** The state of a stream with no events. */
export function initialTrustedOriginsState(): TrustedOriginsState {
  return { origins: [], deletedIds: [] };
}

/** Applies one event. Total: an event that does not fit the state leaves it unchanged. */
export function evolveTrustedOrigins(state: TrustedOriginsState, event: TrustedOriginEvent): TrustedOriginsState {
  switch (event.type) {
    case 'TrustedOriginCreated': {
      const { trustedOrigin, createdAt, createdBy } = event.data;
      if (state.origins.some((o) => o.id === trustedOrigin.id) || state.deletedIds.includes(trustedOrigin.id)) return state;
      const stored: StoredTrustedOrigin = {
        ...trustedOrigin,
        scopes: [...trustedOrigin.scopes],
        created: createdAt,
        createdBy,
        lastUpdated: createdAt,
        lastUpdatedBy: createdBy,
      };
      return { ...state, origins: [...state.origins, stored] };
    }
    case 'TrustedOriginUpdated': {
      const { trustedOrigin, updatedAt, updatedBy } = event.data;
      return replace(state, trustedOrigin.id, (o) => ({
        ...o,
        name: trustedOrigin.name,
        origin: trustedOrigin.origin,
        scopes: [...trustedOrigin.scopes],
        lastUpdated: updatedAt,
        lastUpdatedBy: updatedBy,
      }));
    }
    case 'TrustedOriginActivated':
      return replace(state, event.data.id, (o) => ({ ...o, status: 'ACTIVE', lastUpdated: event.data.activatedAt, lastUpdatedBy: event.data.activatedBy }));
    case 'TrustedOriginDeactivated':
      return replace(state, event.data.id, (o) => ({
        ...o,
        status: 'INACTIVE',
        lastUpdated: event.data.deactivatedAt,
        lastUpdatedBy: event.data.deactivatedBy,
      }));
    case 'TrustedOriginDeleted':
      if (!state.origins.some((o) => o.id === event.data.id)) return state;
      return { origins: state.origins.filter((o) => o.id !== event.data.id), deletedIds: [...state.deletedIds, event.data.id] };
    default:
      return state;
  }
}

function replace(state: TrustedOriginsState, id: string, change: (o: StoredTrustedOrigin) => StoredTrustedOrigin): TrustedOriginsState {
  if (!state.origins.some((o) => o.id === id)) return state;
  return { ...state, origins: state.origins.map((o) => (o.id === id ? change(o) : o)) };
}

/**
 * The origins browsers may call the OAuth endpoints from: ACTIVE, with the `CORS` scope, in the
 * serialized form a browser sends in `Origin`.
 */
export function corsOriginsOf(state: TrustedOriginsState): ReadonlySet<string> {
  return new Set(state.origins.filter((o) => o.status === 'ACTIVE' && o.scopes.includes('CORS')).map((o) => o.origin));
}
