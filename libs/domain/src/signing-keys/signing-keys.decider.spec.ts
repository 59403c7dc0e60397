import type { SigningSettings } from '../authorization-server/authorization-server.events';
import { deciderSpec } from '../testing/decider-spec';
import {
  nextSigningKeyRotation,
  signingKeyRotationStep,
  nextSigningKeyRetirement,
  publishedSigningKeys,
  SIGNING_KEY_RETIREMENT_DELAY_MINUTES,
  signingKeyRetiresAt,
  signingKeysActiveFirst,
  signingKeysDecider,
  signingKeysStreamName,
  signingKeyStatusAt,
  type NewSigningKey,
  type SigningKeysCommand,
  type SigningKeysEvent,
  type SigningKeysState,
} from './signing-keys.decider';

const key = {
  authorizationServerId: 'default',
  kid: 'k1',
  alg: 'ES256',
  publicJwk: { kty: 'EC', x: 'x', y: 'y' },
  createdAt: 1_700_000_000_000,
  wrappedPrivateKey: 'jwe-k1',
  kekId: 'kek-1',
};

describe('signing keys decider', () => {
  it('records a new key once', () => {
    const events = signingKeysDecider.decide({ type: 'RecordSigningKey', data: key }, signingKeysDecider.initialState());
    expect(events).toEqual([{ type: 'SigningKeyCreated', data: key }]);
    const state = signingKeysDecider.evolve(signingKeysDecider.initialState(), events[0]);
    expect(signingKeysDecider.decide({ type: 'RecordSigningKey', data: key }, state)).toEqual([]);
    expect(state.keys).toEqual([
      { kid: 'k1', alg: 'ES256', publicJwk: key.publicJwk, createdAt: key.createdAt, activatedAt: key.createdAt, wrappedPrivateKey: 'jwe-k1', kekId: 'kek-1' },
    ]);
  });

  it('names the stream by category', () => {
    expect(signingKeysStreamName('default')).toBe('signingKeys-default');
  });
});

/** 2026-01-01T00:00:00Z: a fixed clock for the rotation specs. */
const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const AS = 'default';

/** A key as the service records it: public JWK, and the private half as an (opaque here) JWE. */
function publicKey(kid: string, createdAt: number): NewSigningKey {
  return {
    kid,
    alg: 'ES256',
    publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, kid, alg: 'ES256', use: 'sig' },
    createdAt,
    wrappedPrivateKey: `jwe-${kid}`,
    kekId: 'kek-1',
  };
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

const DAY = 86_400_000;
const AUTO_90: SigningSettings = { rotationMode: 'AUTO', algorithm: 'ES256', rotationPeriodDays: 90 };
const MANUAL: SigningSettings = { ...AUTO_90, rotationMode: 'MANUAL' };
const publish = (kid: string, now: number, signing: SigningSettings = AUTO_90, alg = 'ES256'): SigningKeysCommand => ({
  type: 'PublishNextSigningKey',
  data: { authorizationServerId: AS, key: { ...publicKey(kid, now), alg }, signing, now },
});
const activate = (now: number, signing: SigningSettings = AUTO_90): SigningKeysCommand => ({ type: 'ActivateNextSigningKey', data: { authorizationServerId: AS, signing, now } });

describe('signing keys decider: AUTO rotation (Okta rotationMode AUTO)', () => {
  const rotationAt = T0 + 90 * DAY;
  const publishAt = rotationAt - 14 * DAY;

  it('schedules the rotation one period after the active key started signing, the NEXT key 14 days before', () => {
    const state = fold([created('k1', T0)]);
    expect(nextSigningKeyRotation(state, AUTO_90)).toBe(rotationAt);
    expect(signingKeyRotationStep(state, AUTO_90, T0)).toEqual({ action: 'none', dueAt: publishAt });
    expect(signingKeyRotationStep(state, AUTO_90, publishAt)).toEqual({ action: 'publish', dueAt: publishAt });
  });

  it('publishes no NEXT key before its time', () => {
    given([created('k1', T0)]).when(publish('k2', publishAt - 1)).then([]);
  });

  it('publishes the NEXT key ahead of its use: published, not signing', () => {
    given([created('k1', T0)]).when(publish('k2', publishAt)).then([created('k2', publishAt)]);
    const state = fold([created('k1', T0), created('k2', publishAt)]);
    expect(state.activeKid).toBe('k1');
    expect(signingKeyStatusAt(state, state.keys[1], publishAt)).toBe('NEXT');
    expect(publishedSigningKeys(state, publishAt).map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(signingKeyRotationStep(state, AUTO_90, publishAt)).toEqual({ action: 'none', dueAt: rotationAt });
  });

  it('publishes one NEXT key only: a second replica racing with its own key records nothing', () => {
    given([created('k1', T0), created('k2', publishAt)]).when(publish('k2b', publishAt + 1)).then([]);
  });

  it('activates the NEXT key at the rotation time, not before; the replaced key becomes EXPIRED', () => {
    const history = [created('k1', T0), created('k2', publishAt)];
    given(history).when(activate(rotationAt - 1)).then([]);
    given(history).when(activate(rotationAt)).then([rotated('k2', 'k1', rotationAt)]);
    const state = fold([...history, rotated('k2', 'k1', rotationAt)]);
    expect(state.activeKid).toBe('k2');
    expect(signingKeyStatusAt(state, state.keys[0], rotationAt)).toBe('EXPIRED');
    // A second replica's activation finds nothing left to do.
    given([...history, rotated('k2', 'k1', rotationAt)]).when(activate(rotationAt + 1)).then([]);
  });

  it('keeps the EXPIRED key published until every token it signed has expired, then retires it', () => {
    const state = fold([created('k1', T0), created('k2', publishAt), rotated('k2', 'k1', rotationAt)]);
    const retiresAt = rotationAt + 1445 * MINUTE;
    expect(publishedSigningKeys(state, retiresAt - 1).map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(publishedSigningKeys(state, retiresAt).map((k) => k.kid)).toEqual(['k2']);
  });

  it('schedules the following rotation one period after the activation', () => {
    const state = fold([created('k1', T0), created('k2', publishAt), rotated('k2', 'k1', rotationAt)]);
    expect(nextSigningKeyRotation(state, AUTO_90)).toBe(rotationAt + 90 * DAY);
  });

  it('publishes on return when the server was down past both instants, and activates only a lead time later', () => {
    const late = rotationAt + 30 * DAY;
    given([created('k1', T0)]).when(publish('k2', late)).then([created('k2', late)]);
    const history = [created('k1', T0), created('k2', late)];
    given(history).when(activate(late)).then([]);
    expect(signingKeyRotationStep(fold(history), AUTO_90, late)).toEqual({ action: 'none', dueAt: late + 14 * DAY });
    given(history).when(activate(late + 14 * DAY)).then([rotated('k2', 'k1', late + 14 * DAY)]);
  });

  it('leads by half the period when that is under 14 days', () => {
    const weekly: SigningSettings = { ...AUTO_90, rotationPeriodDays: 7 };
    const state = fold([created('k1', T0)]);
    expect(signingKeyRotationStep(state, weekly, T0)).toEqual({ action: 'none', dueAt: T0 + 3.5 * DAY });
  });

  it('MANUAL never rotates by itself, however late', () => {
    const history = [created('k1', T0)];
    given(history).when(publish('k2', T0 + 3650 * DAY, MANUAL)).then([]);
    given([...history, created('k2', T0 + DAY)]).when(activate(T0 + 3650 * DAY, MANUAL)).then([]);
    expect(signingKeyRotationStep(fold(history), MANUAL, T0 + 3650 * DAY)).toEqual({ action: 'none', dueAt: null });
  });

  it('a manual rotation while a NEXT key waits retires that key, which never signed', () => {
    const state = fold([created('k1', T0), created('k2', publishAt), created('k3', publishAt + DAY), rotated('k3', 'k1', publishAt + DAY)]);
    expect(state.activeKid).toBe('k3');
    expect(signingKeyStatusAt(state, state.keys[1], publishAt + DAY)).toBe('RETIRED');
    expect(publishedSigningKeys(state, publishAt + DAY).map((k) => k.kid)).toEqual(['k3', 'k1']);
  });
});

describe('signing keys decider: a changed algorithm', () => {
  const RS256: SigningSettings = { ...MANUAL, algorithm: 'RS256' };
  const replace = (kid: string, now: number, alg: string): SigningKeysCommand => ({
    type: 'ReplaceSigningKeyAlgorithm',
    data: { authorizationServerId: AS, key: { ...publicKey(kid, now), alg }, signing: RS256, now },
  });

  it('rotates at once to a key of the new algorithm, the old key staying published', () => {
    expect(signingKeyRotationStep(fold([created('k1', T0)]), RS256, T0 + DAY)).toEqual({ action: 'replace', dueAt: T0 + DAY });
    given([created('k1', T0)])
      .when(replace('r1', T0 + DAY, 'RS256'))
      .then([{ type: 'SigningKeyCreated', data: { authorizationServerId: AS, ...publicKey('r1', T0 + DAY), alg: 'RS256' } }, rotated('r1', 'k1', T0 + DAY)]);
  });

  it('rotates once when replicas race, and never to a key of the wrong algorithm', () => {
    const afterRace = [created('k1', T0), { type: 'SigningKeyCreated', data: { authorizationServerId: AS, ...publicKey('r1', T0), alg: 'RS256' } } as SigningKeysEvent, rotated('r1', 'k1', T0)];
    given(afterRace).when(replace('r2', T0 + 1, 'RS256')).then([]);
    given([created('k1', T0)]).when(replace('e2', T0 + 1, 'ES256')).then([]);
  });
});

describe('signing keys decider: wrapped private keys', () => {
  const rewrap = (kid: string, kekId: string): SigningKeysCommand => ({
    type: 'RewrapSigningKey',
    data: { authorizationServerId: AS, kid, wrappedPrivateKey: `jwe-${kid}-${kekId}`, kekId },
  });
  const rewrapped = (kid: string, kekId: string): SigningKeysEvent => ({
    type: 'SigningKeyRewrapped',
    data: { authorizationServerId: AS, kid, wrappedPrivateKey: `jwe-${kid}-${kekId}`, kekId },
  });
  /** A key recorded before private keys travelled in events: no wrapped half. */
  const legacyCreated = (kid: string, createdAt: number): SigningKeysEvent => {
    const { wrappedPrivateKey: _w, kekId: _k, ...publicOnly } = publicKey(kid, createdAt);
    return { type: 'SigningKeyCreated', data: { authorizationServerId: AS, ...publicOnly } };
  };

  it('carries the wrapped private half of a created key into the state', () => {
    expect(fold([created('k1', T0)]).keys[0]).toMatchObject({ wrappedPrivateKey: 'jwe-k1', kekId: 'kek-1' });
  });

  it('records a rewrap under another key-encryption key, and replaces the wrapped half of that key only', () => {
    given([created('k1', T0), created('k2', T0 + MINUTE)]).when(rewrap('k1', 'kek-2')).then([rewrapped('k1', 'kek-2')]);
    const state = fold([created('k1', T0), created('k2', T0 + MINUTE), rewrapped('k1', 'kek-2')]);
    expect(state.keys.map((k) => [k.kid, k.kekId, k.wrappedPrivateKey])).toEqual([
      ['k1', 'kek-2', 'jwe-k1-kek-2'],
      ['k2', 'kek-1', 'jwe-k2'],
    ]);
    expect(state.activeKid).toBe('k1');
  });

  it('yields nothing for a key already wrapped under that key-encryption key, or a kid never recorded', () => {
    given([created('k1', T0)]).when(rewrap('k1', 'kek-1')).then([]);
    given([created('k1', T0), rewrapped('k1', 'kek-2')]).when(rewrap('k1', 'kek-2')).then([]);
    given([created('k1', T0)]).when(rewrap('k9', 'kek-2')).then([]);
  });

  it('imports the private half of a key recorded without one (the old key directory)', () => {
    given([legacyCreated('k1', T0)]).when(rewrap('k1', 'kek-1')).then([rewrapped('k1', 'kek-1')]);
    expect(fold([legacyCreated('k1', T0)]).keys[0].wrappedPrivateKey).toBeUndefined();
    expect(fold([legacyCreated('k1', T0), rewrapped('k1', 'kek-1')]).keys[0]).toMatchObject({ wrappedPrivateKey: 'jwe-k1-kek-1', kekId: 'kek-1', activatedAt: T0 });
  });

  it('ignores a rewrap of a kid it never saw created (a stream cut short by hand stays foldable)', () => {
    expect(fold([created('k1', T0), rewrapped('k9', 'kek-2')])).toEqual(fold([created('k1', T0)]));
  });
});
