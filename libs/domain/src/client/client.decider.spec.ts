import { deciderSpec } from '../testing/decider-spec';
import type { ClientCommand, ClientInput } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent, ClientSettings, RegisteredClient } from './client.events';
import { activeSecretHashes, issuedSecretId, rotationSettingsOf, type ClientState } from './client.state';
import { clientIdFromStreamName, clientStreamName } from './client.stream';

const NOW = 1_700_000_000_000;
const LATER = NOW + 60_000;
const HASH = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const OTHER_HASH = 'scrypt:N=16384,r=8,p=1$c2FsdA$aGFzaA';
const PUBLIC_JWK = { kty: 'EC', crv: 'P-256', kid: 'k1', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };

const given = deciderSpec(clientDecider);
const invalid = (field: string) => ({ error: expect.objectContaining({ code: 'invalid_configuration', field }) });

function input(overrides: Partial<ClientInput> = {}): ClientInput {
  return {
    clientId: 'web-app',
    clientName: 'Web app',
    tokenEndpointAuthMethod: 'client_secret_basic',
    grantTypes: ['authorization_code', 'refresh_token'],
    secretHash: HASH,
    ...overrides,
  };
}

function registered(overrides: Partial<RegisteredClient> = {}): RegisteredClient {
  return {
    clientId: 'web-app',
    clientName: 'Web app',
    tokenEndpointAuthMethod: 'client_secret_basic',
    grantTypes: ['authorization_code', 'refresh_token'],
    jwks: null,
    refreshToken: { rotationType: 'ROTATE', leeway: 30 },
    secretHash: HASH,
    status: 'ACTIVE',
    ...overrides,
  };
}

const registeredEvent = (client = registered()): ClientEvent => ({ type: 'ClientRegistered', data: { client, registeredAt: NOW } });
const register = (client: ClientInput): ClientCommand => ({ type: 'RegisterClient', data: { client, now: NOW } });
const update = (client: ClientInput): ClientCommand => ({ type: 'UpdateClient', data: { client, now: LATER } });
const declare = (client: ClientInput, secretMatchesCurrent = false): ClientCommand => ({
  type: 'ApplyClientDeclaration',
  data: { client, secretMatchesCurrent, now: LATER },
});
const deletedEvent: ClientEvent = { type: 'ClientDeleted', data: { clientId: 'web-app', deletedAt: NOW } };
/** The settings part of a client, as `ClientUpdated` carries it. */
function settings(overrides: Partial<RegisteredClient> = {}): ClientSettings {
  const { secretHash: _secretHash, status: _status, ...rest } = registered(overrides);
  return rest;
}

describe('client stream name', () => {
  it('is client-<clientId>', () => {
    expect(clientStreamName('web-app')).toBe('client-web-app');
    expect(clientIdFromStreamName('client-web-app')).toBe('web-app');
    expect(clientIdFromStreamName('authorizationServer-default')).toBeNull();
  });
});

describe('RegisterClient', () => {
  it('registers a confidential client with Okta defaults (ROTATE, 30 s leeway, ACTIVE)', () => {
    given([]).when(register(input())).then([registeredEvent()]);
  });

  it('registers a public client without a secret', () => {
    given([])
      .when(register(input({ tokenEndpointAuthMethod: 'none', secretHash: undefined })))
      .then([registeredEvent(registered({ tokenEndpointAuthMethod: 'none', secretHash: null }))]);
  });

  it('registers a private_key_jwt client with its public keys', () => {
    given([])
      .when(register(input({ tokenEndpointAuthMethod: 'private_key_jwt', secretHash: undefined, jwks: { keys: [PUBLIC_JWK] }, grantTypes: ['client_credentials'] })))
      .then([
        registeredEvent(
          registered({ tokenEndpointAuthMethod: 'private_key_jwt', secretHash: null, jwks: { keys: [PUBLIC_JWK] }, grantTypes: ['client_credentials'] }),
        ),
      ]);
  });

  it.each([
    ['secretHash', input({ secretHash: undefined })],
    ['secretHash', input({ tokenEndpointAuthMethod: 'client_secret_post', secretHash: undefined })],
    ['secretHash', input({ secretHash: 'correct horse battery staple' })],
    ['secretHash', input({ tokenEndpointAuthMethod: 'none' })],
    ['secretHash', input({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [PUBLIC_JWK] } })],
    ['refreshToken.rotationType', input({ tokenEndpointAuthMethod: 'none', secretHash: undefined, refreshToken: { rotationType: 'STATIC' } })],
    ['refreshToken.rotationType', input({ refreshToken: { rotationType: 'SOMETIMES' as never } })],
    ['grantTypes', input({ tokenEndpointAuthMethod: 'none', secretHash: undefined, grantTypes: ['client_credentials'] })],
    ['grantTypes', input({ grantTypes: [] })],
    ['grantTypes[1]', input({ grantTypes: ['authorization_code', 'urn:example:magic'] })],
    ['jwks', input({ tokenEndpointAuthMethod: 'private_key_jwt', secretHash: undefined })],
    ['jwks.keys', input({ tokenEndpointAuthMethod: 'private_key_jwt', secretHash: undefined, jwks: { keys: [] } })],
    ['jwks.keys[0]', input({ tokenEndpointAuthMethod: 'private_key_jwt', secretHash: undefined, jwks: { keys: [{ kid: 'x' } as never] } })],
    ['jwks.keys[0].d', input({ tokenEndpointAuthMethod: 'private_key_jwt', secretHash: undefined, jwks: { keys: [{ ...PUBLIC_JWK, d: 'private' }] } })],
    ['jwks.keys[0].k', input({ jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } })],
    ['tokenEndpointAuthMethod', input({ tokenEndpointAuthMethod: 'client_secret_jwt' as never })],
    ['clientId', input({ clientId: 'has:colon' })],
    ['clientName', input({ clientName: ' ' })],
    ['status', input({ status: 'SUSPENDED' as never })],
  ])('refuses an invalid client (%s)', (field, client) => {
    given([]).when(register(client)).then(invalid(field));
  });

  it('never repeats a submitted secret-like value in the error', () => {
    const raw = 'correct horse battery staple';
    expect(() => clientDecider.decide(register(input({ secretHash: raw })), clientDecider.initialState())).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(raw) }) as never,
    );
  });

  it.each([
    [-1, false],
    [0, true],
    [30, true],
    [60, true],
    [61, false],
    [1.5, false],
  ])('leeway %p accepted: %p', (leeway, accepted) => {
    const command = register(input({ refreshToken: { leeway } }));
    if (accepted) given([]).when(command).then([registeredEvent(registered({ refreshToken: { rotationType: 'ROTATE', leeway } }))]);
    else given([]).when(command).then(invalid('refreshToken.leeway'));
  });

  it('accepts STATIC rotation for a confidential client', () => {
    given([])
      .when(register(input({ refreshToken: { rotationType: 'STATIC', leeway: 0 } })))
      .then([registeredEvent(registered({ refreshToken: { rotationType: 'STATIC', leeway: 0 } }))]);
  });

  it('refuses an id in use, and the id of a deleted client', () => {
    const conflict = { error: expect.objectContaining({ code: 'configuration_conflict', resource: 'client' }) };
    given([registeredEvent()]).when(register(input())).then(conflict);
    given([registeredEvent(), deletedEvent]).when(register(input())).then(conflict);
  });
});

describe('UpdateClient', () => {
  it('emits nothing when nothing changes (grant-type order carries no meaning)', () => {
    given([registeredEvent()]).when(update(input({ grantTypes: ['refresh_token', 'authorization_code'], secretHash: undefined }))).then([]);
  });

  it('replaces the settings and keeps the secret', () => {
    given([registeredEvent()])
      .when(update(input({ clientName: 'Web', secretHash: undefined })))
      .then([{ type: 'ClientUpdated', data: { client: settings({ clientName: 'Web' }), updatedAt: LATER } }]);
  });

  it('rotates the secret in the same decision when a new hash is given', () => {
    given([registeredEvent()])
      .when(update(input({ clientName: 'Web', secretHash: OTHER_HASH })))
      .then([
        { type: 'ClientUpdated', data: { client: settings({ clientName: 'Web' }), updatedAt: LATER } },
        { type: 'ClientSecretRotated', data: { clientId: 'web-app', secretHash: OTHER_HASH, rotatedAt: LATER } },
      ]);
  });

  it('drops the secret of a client that becomes public', () => {
    const events = clientDecider.decide(
      update(input({ tokenEndpointAuthMethod: 'none', secretHash: undefined })),
      clientDecider.evolve(clientDecider.initialState(), registeredEvent()),
    );
    expect(events).toEqual([{ type: 'ClientUpdated', data: { client: settings({ tokenEndpointAuthMethod: 'none' }), updatedAt: LATER } }]);
    const state = [registeredEvent(), ...events].reduce(clientDecider.evolve, clientDecider.initialState());
    expect(state).toMatchObject({ status: 'registered', client: { tokenEndpointAuthMethod: 'none', secrets: [] } });
  });

  it('requires a secret when a public client becomes confidential', () => {
    const publicClient = registeredEvent(registered({ tokenEndpointAuthMethod: 'none', secretHash: null }));
    given([publicClient]).when(update(input({ secretHash: undefined }))).then(invalid('secretHash'));
    given([publicClient])
      .when(update(input()))
      .then([
        { type: 'ClientUpdated', data: { client: settings(), updatedAt: LATER } },
        { type: 'ClientSecretRotated', data: { clientId: 'web-app', secretHash: HASH, rotatedAt: LATER } },
      ]);
  });

  it('refuses an unknown or deleted client', () => {
    const notFound = { error: expect.objectContaining({ code: 'configuration_not_found', resource: 'client', id: 'web-app' }) };
    given([]).when(update(input())).then(notFound);
    given([registeredEvent(), deletedEvent]).when(update(input())).then(notFound);
  });
});

describe('RotateClientSecret', () => {
  const rotate = (secretHash: string): ClientCommand => ({ type: 'RotateClientSecret', data: { clientId: 'web-app', secretHash, now: LATER } });

  it('replaces the hash; the same hash again is a no-op', () => {
    given([registeredEvent()])
      .when(rotate(OTHER_HASH))
      .then([{ type: 'ClientSecretRotated', data: { clientId: 'web-app', secretHash: OTHER_HASH, rotatedAt: LATER } }]);
    given([registeredEvent()]).when(rotate(HASH)).then([]);
  });

  it('refuses a value that is not a hash, and clients without a secret', () => {
    given([registeredEvent()]).when(rotate('plain-secret')).then(invalid('secretHash'));
    given([registeredEvent(registered({ tokenEndpointAuthMethod: 'none', secretHash: null }))]).when(rotate(HASH)).then(invalid('secretHash'));
  });
});

describe('DisableClient, EnableClient, DeleteClient', () => {
  const cmd = (type: 'DisableClient' | 'EnableClient' | 'DeleteClient'): ClientCommand => ({ type, data: { clientId: 'web-app', now: LATER } });
  const disabled: ClientEvent = { type: 'ClientDisabled', data: { clientId: 'web-app', disabledAt: LATER } };

  it('disables and enables, each only when it changes something', () => {
    given([registeredEvent()]).when(cmd('DisableClient')).then([disabled]);
    given([registeredEvent(), disabled]).when(cmd('DisableClient')).then([]);
    given([registeredEvent()]).when(cmd('EnableClient')).then([]);
    given([registeredEvent(), disabled])
      .when(cmd('EnableClient'))
      .then([{ type: 'ClientEnabled', data: { clientId: 'web-app', enabledAt: LATER } }]);
  });

  it('deletes once; deleting again is a no-op; an unknown client is not found', () => {
    given([registeredEvent()]).when(cmd('DeleteClient')).then([{ type: 'ClientDeleted', data: { clientId: 'web-app', deletedAt: LATER } }]);
    given([registeredEvent(), deletedEvent]).when(cmd('DeleteClient')).then([]);
    given([]).when(cmd('DeleteClient')).then({ error: expect.objectContaining({ code: 'configuration_not_found' }) });
  });
});

describe('ApplyClientDeclaration', () => {
  it('registers the declared client on an empty stream', () => {
    given([]).when(declare(input())).then([{ type: 'ClientRegistered', data: { client: registered(), registeredAt: LATER } }]);
  });

  it('emits nothing when re-applied with a re-hashed secret that verifies against the current hash', () => {
    given([registeredEvent()]).when(declare(input({ secretHash: OTHER_HASH }), true)).then([]);
  });

  it('rotates the secret when the declared one does not verify', () => {
    given([registeredEvent()])
      .when(declare(input({ secretHash: OTHER_HASH }), false))
      .then([{ type: 'ClientSecretRotated', data: { clientId: 'web-app', secretHash: OTHER_HASH, rotatedAt: LATER } }]);
  });

  it('keeps the current secret when the declaration names none', () => {
    given([registeredEvent()]).when(declare(input({ secretHash: undefined }))).then([]);
  });

  it('emits exactly one ClientUpdated when one setting changes', () => {
    given([registeredEvent()])
      .when(declare(input({ refreshToken: { leeway: 10 } }), true))
      .then([{ type: 'ClientUpdated', data: { client: settings({ refreshToken: { rotationType: 'ROTATE', leeway: 10 } }), updatedAt: LATER } }]);
  });

  it('follows the declared status', () => {
    given([registeredEvent()])
      .when(declare(input({ status: 'INACTIVE' }), true))
      .then([{ type: 'ClientDisabled', data: { clientId: 'web-app', disabledAt: LATER } }]);
  });

  it('refuses to resurrect a deleted client', () => {
    given([registeredEvent(), deletedEvent])
      .when(declare(input(), true))
      .then({ error: expect.objectContaining({ code: 'configuration_conflict', resource: 'client' }) });
  });

  it('is idempotent: applying the outcome again yields nothing', () => {
    const declared = input({ clientName: 'Renamed', grantTypes: ['refresh_token', 'authorization_code', 'client_credentials'], status: 'INACTIVE' });
    const state0 = clientDecider.evolve(clientDecider.initialState(), registeredEvent());
    const first = clientDecider.decide(declare(declared, true), state0);
    expect(first.map((e) => e.type)).toEqual(['ClientUpdated', 'ClientDisabled']);
    const state1 = first.reduce(clientDecider.evolve, state0);
    expect(clientDecider.decide(declare(declared, true), state1)).toEqual([]);
  });
});

describe('rotationSettingsOf', () => {
  it('maps the client setting to the shape token-family events record', () => {
    expect(rotationSettingsOf(registered({ refreshToken: { rotationType: 'STATIC', leeway: 5 } }))).toEqual({ type: 'STATIC', leewaySeconds: 5 });
  });
});

describe('client secrets (two during a rotation, as Okta)', () => {
  const FIRST = issuedSecretId(1);
  const SECOND = 'ocsRandomSecondId0001';
  const THIRD_HASH = 'sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae';
  const add = (secretId: string, secretHash: string, status?: 'ACTIVE' | 'INACTIVE'): ClientCommand => ({
    type: 'AddClientSecret',
    data: { clientId: 'web-app', secretId, secretHash, ...(status ? { status } : {}), now: LATER },
  });
  const added = (secretId: string, secretHash: string, status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE'): ClientEvent => ({
    type: 'ClientSecretAdded',
    data: { clientId: 'web-app', secretId, secretHash, status, addedAt: LATER },
  });
  const lifecycle = (type: 'ActivateClientSecret' | 'DeactivateClientSecret' | 'DeleteClientSecret', secretId: string): ClientCommand =>
    ({ type, data: { clientId: 'web-app', secretId, now: LATER } }) as ClientCommand;
  const deactivated = (secretId: string): ClientEvent => ({
    type: 'ClientSecretDeactivated',
    data: { clientId: 'web-app', secretId, deactivatedAt: LATER },
  });
  const fold = (events: ClientEvent[]): ClientState => events.reduce(clientDecider.evolve, clientDecider.initialState());
  const secretsOf = (state: ClientState) => (state.status === 'registered' ? state.client.secrets : []);
  const notFoundSecret = { error: expect.objectContaining({ code: 'configuration_not_found', resource: 'clientSecret' }) };

  it('replays a registration from before secret ids to one ACTIVE secret with a stable id', () => {
    const state = fold([registeredEvent()]);
    expect(secretsOf(state)).toEqual([{ secretId: FIRST, hash: HASH, status: 'ACTIVE', createdAt: NOW, lastUpdated: NOW }]);
    expect(secretsOf(fold([registeredEvent()]))).toEqual(secretsOf(state));
  });

  it('numbers each secret a rotation issues, so a replay derives the same ids', () => {
    const rotated: ClientEvent = { type: 'ClientSecretRotated', data: { clientId: 'web-app', secretHash: OTHER_HASH, rotatedAt: LATER } };
    expect(secretsOf(fold([registeredEvent(), rotated]))).toEqual([
      { secretId: issuedSecretId(2), hash: OTHER_HASH, status: 'ACTIVE', createdAt: LATER, lastUpdated: LATER },
    ]);
    expect(issuedSecretId(2)).not.toBe(FIRST);
  });

  it('adds a second secret (ACTIVE by default, or INACTIVE); both ACTIVE hashes authenticate', () => {
    given([registeredEvent()]).when(add(SECOND, OTHER_HASH)).then([added(SECOND, OTHER_HASH)]);
    given([registeredEvent()]).when(add(SECOND, OTHER_HASH, 'INACTIVE')).then([added(SECOND, OTHER_HASH, 'INACTIVE')]);
    const state = fold([registeredEvent(), added(SECOND, OTHER_HASH)]);
    expect(state.status === 'registered' && activeSecretHashes(state.client)).toEqual([HASH, OTHER_HASH]);
    const inactive = fold([registeredEvent(), added(SECOND, OTHER_HASH, 'INACTIVE')]);
    expect(inactive.status === 'registered' && activeSecretHashes(inactive.client)).toEqual([HASH]);
  });

  it('refuses a third secret, a raw secret, a reused id and clients without a secret', () => {
    given([registeredEvent(), added(SECOND, OTHER_HASH)]).when(add('ocsAnotherRandomId001', THIRD_HASH)).then(invalid('secrets'));
    given([registeredEvent()]).when(add(SECOND, 'plain-secret')).then(invalid('secretHash'));
    given([registeredEvent()]).when(add(FIRST, OTHER_HASH)).then(invalid('secretId'));
    given([registeredEvent(registered({ tokenEndpointAuthMethod: 'none', secretHash: null }))]).when(add(SECOND, OTHER_HASH)).then(invalid('secretHash'));
    given([registeredEvent(registered({ tokenEndpointAuthMethod: 'none', secretHash: null }))]).when(lifecycle('DeactivateClientSecret', FIRST)).then(invalid('secretHash'));
    given([registeredEvent(), deletedEvent]).when(add(SECOND, OTHER_HASH)).then({ error: expect.objectContaining({ code: 'configuration_not_found', resource: 'client' }) });
  });

  it('deactivates a secret while another is ACTIVE; again is a no-op; the last ACTIVE one is refused', () => {
    given([registeredEvent(), added(SECOND, OTHER_HASH)]).when(lifecycle('DeactivateClientSecret', FIRST)).then([deactivated(FIRST)]);
    given([registeredEvent(), added(SECOND, OTHER_HASH), deactivated(FIRST)]).when(lifecycle('DeactivateClientSecret', FIRST)).then([]);
    given([registeredEvent(), added(SECOND, OTHER_HASH), deactivated(FIRST)]).when(lifecycle('DeactivateClientSecret', SECOND)).then(invalid('status'));
    given([registeredEvent()]).when(lifecycle('DeactivateClientSecret', FIRST)).then(invalid('status'));
    const state = fold([registeredEvent(), added(SECOND, OTHER_HASH), deactivated(FIRST)]);
    expect(state.status === 'registered' && activeSecretHashes(state.client)).toEqual([OTHER_HASH]);
  });

  it('activates an INACTIVE secret; an ACTIVE one is a no-op', () => {
    given([registeredEvent(), added(SECOND, OTHER_HASH), deactivated(FIRST)])
      .when(lifecycle('ActivateClientSecret', FIRST))
      .then([{ type: 'ClientSecretActivated', data: { clientId: 'web-app', secretId: FIRST, activatedAt: LATER } }]);
    given([registeredEvent()]).when(lifecycle('ActivateClientSecret', FIRST)).then([]);
  });

  it('deletes only an INACTIVE secret, which frees room for another', () => {
    const deleted: ClientEvent = { type: 'ClientSecretDeleted', data: { clientId: 'web-app', secretId: FIRST, deletedAt: LATER } };
    given([registeredEvent(), added(SECOND, OTHER_HASH), deactivated(FIRST)]).when(lifecycle('DeleteClientSecret', FIRST)).then([deleted]);
    given([registeredEvent(), added(SECOND, OTHER_HASH)]).when(lifecycle('DeleteClientSecret', FIRST)).then(invalid('status'));
    given([registeredEvent(), added(SECOND, OTHER_HASH), deactivated(FIRST), deleted]).when(add('ocsAnotherRandomId001', THIRD_HASH)).then([added('ocsAnotherRandomId001', THIRD_HASH)]);
    given([registeredEvent(), added(SECOND, OTHER_HASH), deactivated(FIRST), deleted]).when(lifecycle('DeleteClientSecret', FIRST)).then(notFoundSecret);
    given([registeredEvent()]).when(lifecycle('ActivateClientSecret', 'ocsUnknown')).then(notFoundSecret);
  });

  it('newSecret replaces both secrets with one; the only secret again is a no-op', () => {
    const rotate: ClientCommand = { type: 'RotateClientSecret', data: { clientId: 'web-app', secretHash: THIRD_HASH, now: LATER } };
    const rotated: ClientEvent = { type: 'ClientSecretRotated', data: { clientId: 'web-app', secretHash: THIRD_HASH, rotatedAt: LATER } };
    given([registeredEvent(), added(SECOND, OTHER_HASH)]).when(rotate).then([rotated]);
    expect(secretsOf(fold([registeredEvent(), added(SECOND, OTHER_HASH), rotated])).map((s) => [s.secretId, s.hash])).toEqual([[issuedSecretId(2), THIRD_HASH]]);
    // Two secrets, one of them the submitted hash: the other must still go.
    const withSame: ClientCommand = { type: 'RotateClientSecret', data: { clientId: 'web-app', secretHash: HASH, now: LATER } };
    expect(clientDecider.decide(withSame, fold([registeredEvent(), added(SECOND, OTHER_HASH)]))).toHaveLength(1);
  });

  it('drops every secret when the client becomes public', () => {
    const toPublic: ClientEvent = { type: 'ClientUpdated', data: { client: settings({ tokenEndpointAuthMethod: 'none' }), updatedAt: LATER } };
    expect(secretsOf(fold([registeredEvent(), added(SECOND, OTHER_HASH), toPublic]))).toEqual([]);
  });

  it('keeps both secrets when a declaration names one that verifies', () => {
    given([registeredEvent(), added(SECOND, OTHER_HASH)]).when(declare(input({ secretHash: OTHER_HASH }), true)).then([]);
  });
});

describe('client decider: dpop_bound_access_tokens (RFC 9449 §5.2)', () => {
  it('records the setting only when true, so clients without DPoP keep their event shape', () => {
    given([]).when(register(input({ dpopBoundAccessTokens: true }))).then([registeredEvent(registered({ dpopBoundAccessTokens: true }))]);
    given([]).when(register(input({ dpopBoundAccessTokens: false }))).then([registeredEvent()]);
  });

  it('updates the setting both ways, and an unchanged one is a no-op', () => {
    given([registeredEvent()])
      .when(update(input({ dpopBoundAccessTokens: true })))
      .then([{ type: 'ClientUpdated', data: { client: settings({ dpopBoundAccessTokens: true }), updatedAt: LATER } }]);
    given([registeredEvent(registered({ dpopBoundAccessTokens: true }))])
      .when(update(input({ dpopBoundAccessTokens: false })))
      .then([{ type: 'ClientUpdated', data: { client: settings(), updatedAt: LATER } }]);
    given([registeredEvent(registered({ dpopBoundAccessTokens: true }))]).when(update(input({ dpopBoundAccessTokens: true }))).then([]);
  });

  it('refuses a value that is not a boolean', () => {
    given([]).when(register(input({ dpopBoundAccessTokens: 'yes' as unknown as boolean }))).then(invalid('dpopBoundAccessTokens'));
  });
});
