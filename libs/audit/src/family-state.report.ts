import {
  isAccessTokenRevoked,
  tokenFamilyAsOf,
  tokenFamilyEventInstant,
  type FamilyStatus,
  type Provenance,
  type RefreshFailureReason,
  type RevokeReason,
  type RotationSettings,
} from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-sourcing';
import { asTokenFamilyEvents, readFamilyEvents } from './family-events';
import { isoOrNull } from './iso-time';
import type { SubjectKeys } from './subject-keys';

/** How "at T" is read; stated in every answer so nobody has to guess. */
export const AS_OF_SEMANTICS =
  'Folds, in stream order, the events whose own instant (TokenIssued.issuedAt, TokenRefreshed.refreshedAt, ' +
  'TokenRevoked.revokedAt, AccessTokenRevoked.revokedAt: the clock of the decision) is at or before `at`, with the domain decider\'s evolve; ' +
  'recordedAt (when the store wrote the event) is not used. Expiry is judged at `at` with the checks of a refresh.';

/** One event of the fold, as the answer lists it. */
export interface ConsideredEvent {
  readonly revision: string;
  readonly type: string;
  /** The event's own instant (ISO 8601). */
  readonly at: string | null;
  readonly recordedAt: string;
}

/** The answer to "what was this family's state at T, and why". */
export interface FamilyStateReport {
  readonly familyId: string;
  readonly at: string;
  readonly semantics: string;
  readonly status: FamilyStatus;
  /** Whether the current refresh token would have been accepted at `at`. */
  readonly active: boolean;
  /** The stable reason code (SPEC §6.1) a refresh at `at` would have been refused with; `null` when accepted. */
  readonly reason: RefreshFailureReason | null;
  readonly revocation: {
    readonly reason: RevokeReason;
    readonly requestedBy: string;
    readonly revokedAt: string;
    readonly tokenId: string | null;
  } | null;
  readonly family: {
    readonly authorizationServerId: string;
    readonly clientId: string;
    readonly subject: string;
    readonly scopes: readonly string[];
    readonly grantType: string;
    readonly issuedAt: string;
    readonly rotation: RotationSettings;
  } | null;
  readonly currentRefreshToken: {
    readonly id: string;
    readonly sequence: number;
    /** When it stops working (the earlier of idle and absolute expiry), or stopped. */
    readonly expiresAt: string | null;
    readonly idleExpiresAt: string | null;
    readonly absoluteExpiresAt: string | null;
  } | null;
  /** The previous refresh token while a retry with it still returns the same successor. */
  readonly leewayRetry: { readonly tokenId: string; readonly until: string } | null;
  /** The refresh lifetimes fixed at issuance and the configuration that set them. */
  readonly lifetimes: {
    readonly refreshTokenMinutes: number;
    readonly refreshTokenWindowMinutes: number;
    readonly provenance: Provenance;
    readonly decidedAt: string;
  } | null;
  /** The access token current at `at`, its lifetime and the configuration that set it. */
  readonly accessToken: {
    readonly jti: string;
    readonly issuedAt: string;
    readonly expiresAt: string;
    readonly active: boolean;
    readonly lifetimeMinutes: number;
    readonly provenance: Provenance;
    readonly decidedAt: string;
  } | null;
  readonly eventsConsidered: readonly ConsideredEvent[];
  /** Events of the stream after `at`, not folded. */
  readonly eventsAfter: number;
}

/**
 * The state of a family at `at` (epoch ms) from its recorded events: the audit API's
 * `GET …/state?at=` and the CLI's `state --at` both answer with this, from the same fold
 * ({@link tokenFamilyAsOf}).
 */
export function familyStateReport(familyId: string, records: readonly RecordedEvent[], at: number): FamilyStateReport {
  const events = asTokenFamilyEvents(records);
  const asOf = tokenFamilyAsOf(events, at);
  const { state, verdict } = asOf;
  const considered = records.slice(0, asOf.considered).map((record, i) => ({
    revision: record.revision.toString(),
    type: record.type,
    at: isoOrNull(tokenFamilyEventInstant(events[i])),
    recordedAt: record.recordedAt.toISOString(),
  }));
  const base = {
    familyId,
    at: new Date(at).toISOString(),
    semantics: AS_OF_SEMANTICS,
    status: verdict.status,
    active: verdict.reason === null,
    reason: verdict.reason,
    eventsConsidered: considered,
    eventsAfter: records.length - asOf.considered,
  };
  if (state.status === 'empty') {
    return { ...base, revocation: null, family: null, currentRefreshToken: null, leewayRetry: null, lifetimes: null, accessToken: null };
  }
  const current = state.currentRefreshToken;
  const access = asOf.lastAccessToken;
  return {
    ...base,
    revocation:
      state.status === 'revoked'
        ? { reason: state.reason, requestedBy: state.requestedBy, revokedAt: new Date(state.revokedAt).toISOString(), tokenId: state.revokedTokenId }
        : null,
    family: {
      authorizationServerId: state.authorizationServerId,
      clientId: state.clientId,
      subject: state.subject,
      scopes: state.scopes,
      grantType: state.grantType,
      issuedAt: new Date(state.issuedAt).toISOString(),
      rotation: state.rotation,
    },
    currentRefreshToken: current && {
      id: current.id,
      sequence: current.sequence,
      expiresAt: isoOrNull(earliest(state.idleExpiresAt, state.refreshExpiresAt)),
      idleExpiresAt: isoOrNull(state.idleExpiresAt),
      absoluteExpiresAt: isoOrNull(state.refreshExpiresAt),
    },
    leewayRetry:
      asOf.leewayRetryUntil !== null && state.previousRefreshToken
        ? { tokenId: state.previousRefreshToken.id, until: new Date(asOf.leewayRetryUntil).toISOString() }
        : null,
    lifetimes: {
      refreshTokenMinutes: state.lifetimes.refreshTokenMinutes,
      refreshTokenWindowMinutes: state.lifetimes.refreshTokenWindowMinutes,
      provenance: state.provenance,
      decidedAt: new Date(state.issuedAt).toISOString(),
    },
    accessToken: access && {
      jti: access.accessToken.jti,
      issuedAt: new Date(access.accessToken.iat * 1_000).toISOString(),
      expiresAt: new Date(access.accessToken.exp * 1_000).toISOString(),
      // As introspection judges it: the family not revoked, the token not revoked on its own, `exp` not reached.
      active: state.status === 'active' && !isAccessTokenRevoked(state, access.accessToken.jti) && at < access.accessToken.exp * 1_000,
      lifetimeMinutes: access.accessTokenLifetimeMinutes,
      provenance: access.provenance,
      decidedAt: new Date(access.decidedAt).toISOString(),
    },
  };
}

/**
 * Reads the family and reports its state at `at`; `null` when the store holds no such family.
 * The subject is read through its data key (`[erased]` once destroyed).
 */
export async function readFamilyStateReport(store: EventStore, keys: SubjectKeys, familyId: string, at: number): Promise<FamilyStateReport | null> {
  const records = await readFamilyEvents(store, familyId);
  return records.length === 0 ? null : familyStateReport(familyId, await keys.decodeRecords(records), at);
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
