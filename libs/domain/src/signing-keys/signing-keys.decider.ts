import { TOKEN_LIFETIME_LIMITS } from '../authorization-server/authorization-server.validation';
import type { Decider, DomainEvent } from '../decider';

/** A public signing key as recorded: never the private part (SPEC §9). */
export interface PublicSigningKey {
  readonly kid: string;
  readonly alg: string;
  /** The public JWK (`kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`). */
  readonly publicJwk: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/**
 * A key pair now exists and this is its public half. The authorization server's first key
 * signs from the moment it is recorded; any later key starts signing only with the
 * {@link SigningKeyRotated} appended alongside it.
 */
export type SigningKeyCreated = DomainEvent<'SigningKeyCreated', PublicSigningKey & { readonly authorizationServerId: string }>;

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
export type SigningKeysEvent = SigningKeyCreated | SigningKeyRotated;

/**
 * Record the authorization server's first key, which the key store created at start. A kid
 * already recorded, or a server that already has a signing key (another replica recorded its
 * own first), yields no event: later keys arrive only by {@link RotateSigningKey}.
 */
export interface RecordSigningKey {
  readonly type: 'RecordSigningKey';
  readonly data: PublicSigningKey & { readonly authorizationServerId: string };
}

/**
 * Make a freshly created key the signing key now (Okta's `keyRotate`). Idempotent: a kid already
 * recorded yields no event. On a server without keys the key is simply recorded as its first.
 */
export interface RotateSigningKey {
  readonly type: 'RotateSigningKey';
  readonly data: {
    readonly authorizationServerId: string;
    readonly key: PublicSigningKey;
    /** Epoch milliseconds: the rotation instant. */
    readonly now: number;
  };
}

/** Every command the signing-keys decider takes. */
export type SigningKeysCommand = RecordSigningKey | RotateSigningKey;

/** A recorded key and where it is in its life. */
export interface RecordedSigningKey extends PublicSigningKey {
  /** When a rotation replaced it as the signing key; absent while it signs (or never did). */
  readonly replacedAt?: number;
  /** From this instant it is neither published nor accepted; absent while it signs. */
  readonly retiresAt?: number;
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
 * - `NEXT`: recorded but not signing yet; published so verifiers learn it early. (The rotate
 *   operation activates its new key at once, so this only appears between the two events of one
 *   rotation or for keys a future pre-publication step records.)
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
 * The public history of an authorization server's signing keys: which key signed at any time,
 * which keys a verifier may still need, and when each was retired. The private keys live only in
 * the key store on disk.
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
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SigningKeyCreated': {
        const { authorizationServerId: _as, ...key } = event.data;
        if (isRecorded(state, key.kid)) return state;
        return { keys: [...state.keys, key], activeKid: state.activeKid ?? key.kid };
      }
      case 'SigningKeyRotated': {
        const { newKid, previousKid, rotatedAt, previousRetiresAt } = event.data;
        return {
          keys: state.keys.map((key) => (key.kid === previousKid ? { ...key, replacedAt: rotatedAt, retiresAt: previousRetiresAt } : key)),
          activeKid: newKid,
        };
      }
      default:
        return state;
    }
  },
};

function isRecorded(state: SigningKeysState, kid: string): boolean {
  return state.keys.some((key) => key.kid === kid);
}
