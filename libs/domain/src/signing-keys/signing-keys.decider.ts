import type { SigningSettings } from '../authorization-server/authorization-server.events';
import { TOKEN_LIFETIME_LIMITS } from '../authorization-server/authorization-server.validation';
import type { Decider, DomainEvent } from '../decider';

/** A public signing key as recorded (SPEC §9): its private half travels only wrapped, in {@link WrappedPrivateKey}. */
export interface PublicSigningKey {
  readonly kid: string;
  readonly alg: string;
  /** The public JWK (`kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`). */
  readonly publicJwk: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/**
 * A key's private half encrypted under a key-encryption key (KEK): a JWE that only a holder of
 * that KEK can open, so every replica reading the stream gets the key and nothing else does.
 * Never the private key itself.
 */
export interface WrappedPrivateKey {
  /** The private JWK as a JWE (compact serialisation). */
  readonly wrappedPrivateKey: string;
  /** The id of the KEK that wrapped it (derived from the KEK, never the KEK). */
  readonly kekId: string;
}

/** A key about to be recorded: its public half and its wrapped private half. */
export type NewSigningKey = PublicSigningKey & WrappedPrivateKey;

/**
 * A key pair now exists: its public half, and its private half wrapped. The authorization
 * server's first key signs from the moment it is recorded; any later key starts signing only
 * with the {@link SigningKeyRotated} appended alongside it.
 *
 * Keys recorded before private keys travelled in events have no wrapped half here: theirs was a
 * file in the data directory, brought in by {@link SigningKeyRewrapped} when it was imported.
 */
export type SigningKeyCreated = DomainEvent<
  'SigningKeyCreated',
  PublicSigningKey & Partial<WrappedPrivateKey> & { readonly authorizationServerId: string }
>;

/**
 * A recorded key's private half is now this one, wrapped under the KEK `kekId`: rewrapped under
 * a new KEK (the old one can then be retired), or imported from the key directory of earlier
 * versions. The key itself (its kid, its public half) is unchanged.
 */
export type SigningKeyRewrapped = DomainEvent<
  'SigningKeyRewrapped',
  WrappedPrivateKey & { readonly authorizationServerId: string; readonly kid: string }
>;

/**
 * The authorization server switched signing keys: `newKid` signs every token from `rotatedAt`;
 * `previousKid` signs nothing more but stays published, and accepted by introspection and
 * revocation, until `previousRetiresAt` (see {@link signingKeyRetiresAt}).
 */
export type SigningKeyRotated = DomainEvent<
  'SigningKeyRotated',
  {
    readonly authorizationServerId: string;
    readonly newKid: string;
    readonly previousKid: string;
    /** Epoch milliseconds. */
    readonly rotatedAt: number;
    /** Epoch milliseconds; from then on the previous key is neither published nor accepted. */
    readonly previousRetiresAt: number;
  }
>;

/** Every event of a `signingKeys-<as>` stream. */
export type SigningKeysEvent = SigningKeyCreated | SigningKeyRotated | SigningKeyRewrapped;

/**
 * Record the authorization server's first key, created at start (or imported from an old key
 * directory). A kid already recorded, or a server that already has a signing key (another
 * replica recorded its own first), yields no event: later keys arrive only by {@link RotateSigningKey}.
 */
export interface RecordSigningKey {
  readonly type: 'RecordSigningKey';
  readonly data: NewSigningKey & { readonly authorizationServerId: string };
}

/**
 * Record a recorded key's private half wrapped anew (under the current KEK, or imported from an
 * old key directory). Idempotent: an unknown kid, or a key already wrapped under `kekId`,
 * yields no event, so replicas racing to rewrap or import record it once.
 */
export interface RewrapSigningKey {
  readonly type: 'RewrapSigningKey';
  readonly data: WrappedPrivateKey & { readonly authorizationServerId: string; readonly kid: string };
}

/**
 * Make a freshly created key the signing key now (Okta's `keyRotate`). Idempotent: a kid already
 * recorded yields no event. On a server without keys the key is simply recorded as its first.
 */
export interface RotateSigningKey {
  readonly type: 'RotateSigningKey';
  readonly data: {
    readonly authorizationServerId: string;
    readonly key: NewSigningKey;
    /** Epoch milliseconds: the rotation instant. */
    readonly now: number;
  };
}

/**
 * AUTO rotation, first step: record a freshly created key as the `NEXT` one, published but not
 * signing, once {@link signingKeyRotationStep} says `publish` at `now`. Anything else (MANUAL,
 * not due yet, a `NEXT` key already recorded by another replica) yields no event.
 */
export interface PublishNextSigningKey {
  readonly type: 'PublishNextSigningKey';
  readonly data: {
    readonly authorizationServerId: string;
    readonly key: NewSigningKey;
    readonly signing: SigningSettings;
    /** Epoch milliseconds. */
    readonly now: number;
  };
}

/**
 * AUTO rotation, second step: the `NEXT` key signs from `now` and the active one becomes
 * `EXPIRED`, once {@link signingKeyRotationStep} says `activate`; otherwise no event.
 */
export interface ActivateNextSigningKey {
  readonly type: 'ActivateNextSigningKey';
  readonly data: {
    readonly authorizationServerId: string;
    readonly signing: SigningSettings;
    /** Epoch milliseconds. */
    readonly now: number;
  };
}

/**
 * A rotation to a key of the configured algorithm, when the active key is of another (the
 * algorithm setting changed): `RotateSigningKey` guarded by {@link signingKeyRotationStep}, so
 * replicas racing to apply the change rotate once.
 */
export interface ReplaceSigningKeyAlgorithm {
  readonly type: 'ReplaceSigningKeyAlgorithm';
  readonly data: {
    readonly authorizationServerId: string;
    readonly key: NewSigningKey;
    readonly signing: SigningSettings;
    /** Epoch milliseconds. */
    readonly now: number;
  };
}

/** Every command the signing-keys decider takes. */
export type SigningKeysCommand =
  | RecordSigningKey
  | RotateSigningKey
  | PublishNextSigningKey
  | ActivateNextSigningKey
  | ReplaceSigningKeyAlgorithm
  | RewrapSigningKey;

/**
 * A recorded key and where it is in its life. `wrappedPrivateKey` and `kekId` are absent only for
 * a key recorded before private keys travelled in events and not imported since.
 */
export interface RecordedSigningKey extends PublicSigningKey, Partial<WrappedPrivateKey> {
  /** When a rotation replaced it as the signing key; absent while it signs (or never did). */
  readonly replacedAt?: number;
  /** From this instant it is neither published nor accepted; absent while it signs. */
  readonly retiresAt?: number;
  /** When it started signing (its creation for a server's first key); absent while `NEXT`. */
  readonly activatedAt?: number;
}

/** An authorization server's keys as folded from its stream. */
export interface SigningKeysState {
  /** Oldest first, every key ever recorded (retired ones stay: auditors need them). */
  readonly keys: readonly RecordedSigningKey[];
  /** The key new tokens are signed with; `null` before the first key is recorded. */
  readonly activeKid: string | null;
}

/**
 * Where a key is in its life at a given instant, named after Okta's key statuses:
 * - `ACTIVE`: signs new tokens; published.
 * - `NEXT`: recorded but not signing yet; published so verifiers learn it early. AUTO rotation
 *   publishes it {@link nextSigningKeyLeadMs} ahead (the rotate operation activates its new key
 *   at once).
 * - `EXPIRED`: signed until a rotation; still published and accepted until `retiresAt`, because
 *   tokens it signed may still be alive (Okta also calls the previous key `EXPIRED`).
 * - `RETIRED`: past `retiresAt`; no longer published or accepted, kept in the history only.
 *   Okta drops such keys from its listing; the ledger keeps them because history is the point.
 */
export type SigningKeyStatus = 'ACTIVE' | 'NEXT' | 'EXPIRED' | 'RETIRED';

/** Okta's fixed ID-token lifetime, the only JWT besides the access token that a key signs. */
export const ID_TOKEN_LIFETIME_MINUTES = 60;

/**
 * Margin past the longest token lifetime before a replaced key retires. It covers replicas
 * that keep signing with the previous key until they next re-read the key stream (well under a
 * minute), clock skew between replicas, and verifiers' usual clock tolerance.
 */
export const SIGNING_KEY_RETIREMENT_GRACE_MINUTES = 5;

/**
 * How long a replaced key stays published: the longest lifetime of any token it can have
 * signed (the 1440-minute access-token maximum a rule may set; ID tokens live 60) plus
 * {@link SIGNING_KEY_RETIREMENT_GRACE_MINUTES}. A token signed just before the rotation is dead
 * by then, so no live token ever loses its key. Tracking the latest `exp` per key instead would
 * cost a write on every signature, on the refresh hot path, to retire a key a little earlier.
 */
export const SIGNING_KEY_RETIREMENT_DELAY_MINUTES =
  Math.max(TOKEN_LIFETIME_LIMITS.accessTokenMinutes.max, ID_TOKEN_LIFETIME_MINUTES) + SIGNING_KEY_RETIREMENT_GRACE_MINUTES;

/** When a key replaced at `rotatedAt` (epoch ms) retires (epoch ms). */
export function signingKeyRetiresAt(rotatedAt: number): number {
  return rotatedAt + SIGNING_KEY_RETIREMENT_DELAY_MINUTES * 60_000;
}

/** Stream of an authorization server's public signing keys. */
export function signingKeysStreamName(authorizationServerId: string): string {
  return `signingKeys-${authorizationServerId}`;
}

/** The status of a recorded key at `now` (epoch ms). */
export function signingKeyStatusAt(state: SigningKeysState, key: RecordedSigningKey, now: number): SigningKeyStatus {
  if (key.kid === state.activeKid) return 'ACTIVE';
  if (key.retiresAt === undefined) return 'NEXT';
  return now >= key.retiresAt ? 'RETIRED' : 'EXPIRED';
}

/**
 * How far ahead of its activation an AUTO rotation publishes the `NEXT` key: 14 days, or half
 * the rotation period when that is shorter, so verifiers that cache the JWKS for a day or a
 * week have fetched it before any token carries its kid.
 */
export const NEXT_SIGNING_KEY_LEAD_DAYS = 14;

const DAY_MS = 86_400_000;

/** The lead time of {@link NEXT_SIGNING_KEY_LEAD_DAYS} for a rotation period, in ms. */
export function nextSigningKeyLeadMs(rotationPeriodDays: number): number {
  return Math.min(NEXT_SIGNING_KEY_LEAD_DAYS * DAY_MS, (rotationPeriodDays * DAY_MS) / 2);
}

/** The key published ahead of its activation (the newest, should there be two), if any. */
export function nextSigningKey(state: SigningKeysState): RecordedSigningKey | undefined {
  return [...state.keys].reverse().find((key) => key.kid !== state.activeKid && key.retiresAt === undefined);
}

/** When the active key is due to be replaced under AUTO rotation (epoch ms), or `null` (MANUAL, no key). */
export function nextSigningKeyRotation(state: SigningKeysState, signing: SigningSettings): number | null {
  if (signing.rotationMode !== 'AUTO') return null;
  const active = state.keys.find((key) => key.kid === state.activeKid);
  if (!active) return null;
  return (active.activatedAt ?? active.createdAt) + signing.rotationPeriodDays * DAY_MS;
}

/** What rotation the settings call for at an instant, and when to look again. */
export interface SigningKeyRotationStep {
  /**
   * - `replace`: the active key is not of the configured algorithm: rotate to a new one now
   *   (either mode; a changed algorithm applies at once, the old key stays published).
   * - `publish`: AUTO and the publication of the `NEXT` key is due.
   * - `activate`: AUTO and the `NEXT` key is due to sign.
   * - `none`: nothing to do now.
   */
  readonly action: 'replace' | 'publish' | 'activate' | 'none';
  /** Epoch ms of the next step when `action` is `none`; `null` when none is scheduled. */
  readonly dueAt: number | null;
}

/** The rotation step due at `now` (epoch ms) for a server's keys under its signing settings. */
export function signingKeyRotationStep(state: SigningKeysState, signing: SigningSettings, now: number): SigningKeyRotationStep {
  const active = state.keys.find((key) => key.kid === state.activeKid);
  if (!active) return { action: 'none', dueAt: null };
  if (active.alg !== signing.algorithm) return { action: 'replace', dueAt: now };
  const rotation = nextSigningKeyRotation(state, signing);
  if (rotation === null) return { action: 'none', dueAt: null };
  const next = nextSigningKey(state);
  if (next && next.alg === signing.algorithm) {
    // Never sooner than the lead after its publication: a server down past both instants
    // publishes on its return and activates a lead time later, not at once.
    const activateAt = Math.max(rotation, next.createdAt + nextSigningKeyLeadMs(signing.rotationPeriodDays));
    return now >= activateAt ? { action: 'activate', dueAt: activateAt } : { action: 'none', dueAt: activateAt };
  }
  const publishAt = rotation - nextSigningKeyLeadMs(signing.rotationPeriodDays);
  return now >= publishAt ? { action: 'publish', dueAt: publishAt } : { action: 'none', dueAt: publishAt };
}

/** Every recorded key, the active one first, then newest first (Okta lists ACTIVE, NEXT, EXPIRED). */
export function signingKeysActiveFirst(state: SigningKeysState): RecordedSigningKey[] {
  const rank = (key: RecordedSigningKey) => (key.kid === state.activeKid ? 0 : 1);
  return [...state.keys].sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0));
}

/** The keys a verifier may still need at `now`: every key not retired, the active one first. */
export function publishedSigningKeys(state: SigningKeysState, now: number): RecordedSigningKey[] {
  return signingKeysActiveFirst(state).filter((key) => signingKeyStatusAt(state, key, now) !== 'RETIRED');
}

/** The next instant after `now` at which a published key retires, or `null` when none will. */
export function nextSigningKeyRetirement(state: SigningKeysState, now: number): number | null {
  let next: number | null = null;
  for (const key of state.keys) {
    if (key.kid === state.activeKid || key.retiresAt === undefined || key.retiresAt <= now) continue;
    if (next === null || key.retiresAt < next) next = key.retiresAt;
  }
  return next;
}

/**
 * The history of an authorization server's signing keys: which key signed at any time, which
 * keys a verifier may still need, when each was retired, and each key's private half wrapped
 * under a key-encryption key (which the service unwraps; the decider only carries it).
 */
export const signingKeysDecider: Decider<SigningKeysCommand, SigningKeysEvent, SigningKeysState> = {
  initialState: () => ({ keys: [], activeKid: null }),
  decide(command, state) {
    switch (command.type) {
      case 'RecordSigningKey': {
        if (state.activeKid !== null || isRecorded(state, command.data.kid)) return [];
        return [{ type: 'SigningKeyCreated', data: command.data }];
      }
      case 'RotateSigningKey': {
        const { authorizationServerId, key, now } = command.data;
        if (isRecorded(state, key.kid)) return [];
        const created: SigningKeyCreated = { type: 'SigningKeyCreated', data: { authorizationServerId, ...key } };
        if (state.activeKid === null) return [created];
        return [
          created,
          {
            type: 'SigningKeyRotated',
            data: { authorizationServerId, newKid: key.kid, previousKid: state.activeKid, rotatedAt: now, previousRetiresAt: signingKeyRetiresAt(now) },
          },
        ];
      }
      case 'ReplaceSigningKeyAlgorithm': {
        const { authorizationServerId, key, signing, now } = command.data;
        if (key.alg !== signing.algorithm || signingKeyRotationStep(state, signing, now).action !== 'replace') return [];
        return signingKeysDecider.decide({ type: 'RotateSigningKey', data: { authorizationServerId, key, now } }, state);
      }
      case 'PublishNextSigningKey': {
        const { authorizationServerId, key, signing, now } = command.data;
        if (isRecorded(state, key.kid) || key.alg !== signing.algorithm) return [];
        if (signingKeyRotationStep(state, signing, now).action !== 'publish') return [];
        return [{ type: 'SigningKeyCreated', data: { authorizationServerId, ...key } }];
      }
      case 'RewrapSigningKey': {
        const { kid, kekId } = command.data;
        const key = state.keys.find((k) => k.kid === kid);
        if (!key || (key.kekId === kekId && key.wrappedPrivateKey !== undefined)) return [];
        return [{ type: 'SigningKeyRewrapped', data: command.data }];
      }
      case 'ActivateNextSigningKey': {
        const { authorizationServerId, signing, now } = command.data;
        const next = nextSigningKey(state);
        if (!next || state.activeKid === null || signingKeyRotationStep(state, signing, now).action !== 'activate') return [];
        return [
          {
            type: 'SigningKeyRotated',
            data: { authorizationServerId, newKid: next.kid, previousKid: state.activeKid, rotatedAt: now, previousRetiresAt: signingKeyRetiresAt(now) },
          },
        ];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SigningKeyCreated': {
        const { authorizationServerId: _as, ...key } = event.data;
        if (isRecorded(state, key.kid)) return state;
        if (state.activeKid === null) return { keys: [...state.keys, { ...key, activatedAt: key.createdAt }], activeKid: key.kid };
        return { keys: [...state.keys, key], activeKid: state.activeKid };
      }
      case 'SigningKeyRotated': {
        const { newKid, previousKid, rotatedAt, previousRetiresAt } = event.data;
        return {
          keys: state.keys.map((key) => {
            if (key.kid === previousKid) return { ...key, replacedAt: rotatedAt, retiresAt: previousRetiresAt };
            if (key.kid === newKid) return { ...key, activatedAt: rotatedAt };
            // A NEXT key passed over (a manual rotation or an algorithm change came first) never
            // signed, so no verifier needs it: it retires at once.
            if (key.kid !== state.activeKid && key.retiresAt === undefined) return { ...key, retiresAt: rotatedAt };
            return key;
          }),
          activeKid: newKid,
        };
      }
      case 'SigningKeyRewrapped': {
        const { kid, wrappedPrivateKey, kekId } = event.data;
        if (!isRecorded(state, kid)) return state;
        return { keys: state.keys.map((key) => (key.kid === kid ? { ...key, wrappedPrivateKey, kekId } : key)), activeKid: state.activeKid };
      }
      default:
        return state;
    }
  },
};

function isRecorded(state: SigningKeysState, kid: string): boolean {
  return state.keys.some((key) => key.kid === kid);
}
