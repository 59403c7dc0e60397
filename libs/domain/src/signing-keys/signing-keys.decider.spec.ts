import { signingKeysDecider, signingKeysStreamName } from './signing-keys.decider';

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
