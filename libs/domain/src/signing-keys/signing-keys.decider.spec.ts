import { deciderSpec } from '../testing/decider-spec';
import {
  nextSigningKeyRetirement,
  publishedSigningKeys,
  SIGNING_KEY_RETIREMENT_DELAY_MINUTES,
  signingKeyRetiresAt,
  signingKeysActiveFirst,
  signingKeysDecider,
  signingKeysStreamName,
  signingKeyStatusAt,
  type PublicSigningKey,
  type SigningKeysCommand,
  type SigningKeysEvent,
  type SigningKeysState,
} from './signing-keys.decider';

const key = { authorizationServerId: 'default', kid: 'k1', alg: 'ES256', publicJwk: { kty: 'EC', x: 'x', y: 'y' }, createdAt: 1_700_000_000_000 };

describe('signing keys decider', () => {
  it('records a new key once', () => {
    const events = signingKeysDecider.decide({ type: 'RecordSigningKey', data: key }, signingKeysDecider.initialState());
    expect(events).toEqual([{ type: 'SigningKeyCreated', data: key }]);
    const state = signingKeysDecider.evolve(signingKeysDecider.initialState(), events[0]);
    expect(signingKeysDecider.decide({ type: 'RecordSigningKey', data: key }, state)).toEqual([]);
    expect(state.keys).toEqual([{ kid: 'k1', alg: 'ES256', publicJwk: key.publicJwk, createdAt: key.createdAt }]);
  });

  it('names the stream by category', () => {
    expect(signingKeysStreamName('default')).toBe('signingKeys-default');
  });
});

/** 2026-01-01T00:00:00Z: a fixed clock for the rotation specs. */
const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const AS = 'default';

function publicKey(kid: string, createdAt: number): PublicSigningKey {
  return { kid, alg: 'ES256', publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, kid, alg: 'ES256', use: 'sig' }, createdAt };
}
const created = (kid: string, createdAt: number): SigningKeysEvent => ({ type: 'SigningKeyCreated', data: { authorizationServerId: AS, ...publicKey(kid, createdAt) } });
const rotated = (newKid: string, previousKid: string, rotatedAt: number): SigningKeysEvent => ({
  type: 'SigningKeyRotated',
  data: { authorizationServerId: AS, newKid, previousKid, rotatedAt, previousRetiresAt: rotatedAt + 1445 * MINUTE },
});
const rotate = (kid: string, now: number): SigningKeysCommand => ({ type: 'RotateSigningKey', data: { authorizationServerId: AS, key: publicKey(kid, now), now } });
const record = (kid: string, createdAt: number): SigningKeysCommand => ({ type: 'RecordSigningKey', data: { authorizationServerId: AS, ...publicKey(kid, createdAt) } });
const fold = (events: readonly SigningKeysEvent[]): SigningKeysState => events.reduce(signingKeysDecider.evolve, signingKeysDecider.initialState());

const given = deciderSpec(signingKeysDecider);

describe('signing keys decider: first key', () => {
  it('records the first key, which signs at once', () => {
    given([]).when(record('k1', T0)).then([created('k1', T0)]);
    expect(fold([created('k1', T0)]).activeKid).toBe('k1');
  });

  it('records nothing on a restart (the kid is already recorded)', () => {
    given([created('k1', T0)]).when(record('k1', T0)).then([]);
  });

  it('records nothing when another replica recorded a different first key', () => {
    given([created('k1', T0)]).when(record('k2', T0 + 1)).then([]);
  });

  it('records nothing once the server has rotated (later keys come only by rotation)', () => {
    given([created('k1', T0), created('k2', T0 + MINUTE), rotated('k2', 'k1', T0 + MINUTE)]).when(record('k3', T0 + 2 * MINUTE)).then([]);
  });
});

describe('signing keys decider: rotation', () => {
  it('records the new key and the rotation in one decision, retiring the previous key after the longest token lifetime', () => {
    const now = T0 + 10 * MINUTE;
    given([created('k1', T0)])
      .when(rotate('k2', now))
      .then([
        created('k2', now),
        { type: 'SigningKeyRotated', data: { authorizationServerId: AS, newKid: 'k2', previousKid: 'k1', rotatedAt: now, previousRetiresAt: now + 1445 * MINUTE } },
      ]);
  });

  it('is idempotent: a rotation to a kid already recorded yields nothing', () => {
    given([created('k1', T0), created('k2', T0 + MINUTE), rotated('k2', 'k1', T0 + MINUTE)]).when(rotate('k2', T0 + 2 * MINUTE)).then([]);
    given([created('k1', T0)]).when(rotate('k1', T0 + MINUTE)).then([]);
  });

  it('records the key as the first one on a server that has none', () => {
    given([]).when(rotate('k1', T0)).then([created('k1', T0)]);
  });

  it('rotates from whichever key signs now, keeping each replaced key’s own retirement', () => {
    const second = T0 + 60 * MINUTE;
    given([created('k1', T0), created('k2', T0 + MINUTE), rotated('k2', 'k1', T0 + MINUTE)])
      .when(rotate('k3', second))
      .then([created('k3', second), rotated('k3', 'k2', second)]);
    const state = fold([created('k1', T0), created('k2', T0 + MINUTE), rotated('k2', 'k1', T0 + MINUTE), created('k3', second), rotated('k3', 'k2', second)]);
    expect(state.activeKid).toBe('k3');
    expect(state.keys.map((k) => [k.kid, k.replacedAt, k.retiresAt])).toEqual([
      ['k1', T0 + MINUTE, T0 + MINUTE + 1445 * MINUTE],
      ['k2', second, second + 1445 * MINUTE],
      ['k3', undefined, undefined],
    ]);
  });
});

describe('signing keys decider: retirement', () => {
  it('keeps a replaced key for the longest access-token lifetime (1440 min) plus a 5-minute grace', () => {
    expect(SIGNING_KEY_RETIREMENT_DELAY_MINUTES).toBe(1445);
    expect(signingKeyRetiresAt(T0)).toBe(T0 + 1445 * MINUTE);
  });

  const rotatedAt = T0 + MINUTE;
  const retiresAt = rotatedAt + 1445 * MINUTE;
  const state = fold([created('k1', T0), created('k2', rotatedAt), rotated('k2', 'k1', rotatedAt)]);
  const [k1, k2] = state.keys;

  it('publishes the replaced key as EXPIRED until retiresAt, then RETIRED and unpublished', () => {
    expect(signingKeyStatusAt(state, k2, rotatedAt)).toBe('ACTIVE');
    expect(signingKeyStatusAt(state, k1, rotatedAt)).toBe('EXPIRED');
    expect(signingKeyStatusAt(state, k1, retiresAt - 1)).toBe('EXPIRED');
    expect(signingKeyStatusAt(state, k1, retiresAt)).toBe('RETIRED');
    expect(publishedSigningKeys(state, retiresAt - 1).map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(publishedSigningKeys(state, retiresAt).map((k) => k.kid)).toEqual(['k2']);
  });

  it('keeps retired keys in the state (the history stays whole)', () => {
    expect(signingKeysActiveFirst(state).map((k) => k.kid)).toEqual(['k2', 'k1']);
  });

  it('tells when the published set next changes', () => {
    expect(nextSigningKeyRetirement(state, rotatedAt)).toBe(retiresAt);
    expect(nextSigningKeyRetirement(state, retiresAt)).toBeNull();
    expect(nextSigningKeyRetirement(fold([created('k1', T0)]), T0)).toBeNull();
  });

  it('calls a recorded key that never signed NEXT, and publishes it', () => {
    const staged = fold([created('k1', T0), created('k2', T0 + MINUTE)]);
    expect(staged.activeKid).toBe('k1');
    expect(signingKeyStatusAt(staged, staged.keys[1], T0 + MINUTE)).toBe('NEXT');
    expect(publishedSigningKeys(staged, T0 + 10_000 * MINUTE).map((k) => k.kid)).toEqual(['k1', 'k2']);
  });

  it('evolves totally: a replayed SigningKeyCreated changes nothing', () => {
    const once = fold([created('k1', T0)]);
    expect(signingKeysDecider.evolve(once, created('k1', T0))).toBe(once);
  });
});
