import { deciderSpec } from '../testing/decider-spec';
import { authorizationServerDecider } from './authorization-server.decider';
import { DEFAULT_ACCESS_TOKEN_CLAIMS, NO_EXTERNAL_ENDPOINTS, type AuthorizationServerEvent } from './authorization-server.events';
import { AS_ID, LATER, NOW, serverCreated, serverInput, serverSettings } from './authorization-server.fixtures';
import { toPolicyView } from './authorization-server.state';

const given = deciderSpec(authorizationServerDecider);
const { evolve, initialState } = authorizationServerDecider;
const invalid = (field: string) => ({ error: expect.objectContaining({ code: 'invalid_configuration', field }) });
const create = (overrides: Parameters<typeof serverInput>[0]) => ({
  type: 'CreateAuthorizationServer' as const,
  data: { authorizationServer: serverInput(overrides), now: NOW },
});

const ENDPOINTS = {
  authorization: 'https://login.example.com/oauth2/v1/authorize',
  endSession: 'https://login.example.com/oauth2/v1/logout',
  userinfo: 'https://login.example.com/oauth2/v1/userinfo',
  responseTypes: ['id_token'],
};

describe('authorization server: external endpoints', () => {
  it('records the endpoints the login service serves', () => {
    given([]).when(create({ endpoints: ENDPOINTS })).then([serverCreated(serverSettings({ endpoints: ENDPOINTS }))]);
  });

  it('fills an omitted member with null (responseTypes with [])', () => {
    given([])
      .when(create({ endpoints: { userinfo: ENDPOINTS.userinfo } }))
      .then([serverCreated(serverSettings({ endpoints: { ...NO_EXTERNAL_ENDPOINTS, userinfo: ENDPOINTS.userinfo } }))]);
  });

  it('records nothing for no endpoints, so the event reads as before the setting existed', () => {
    given([]).when(create({ endpoints: null })).then([serverCreated()]);
    given([]).when(create({ endpoints: { authorization: null } })).then([serverCreated()]);
  });

  it.each([
    ['http://127.0.0.1:8080/authorize'],
    ['http://localhost:3000/authorize'],
    ['http://[::1]/authorize'],
    ['https://login.example.com/authorize?tenant=a'],
  ])('accepts %s (http only on a loopback host)', (authorization) => {
    given([])
      .when(create({ endpoints: { authorization } }))
      .then([serverCreated(serverSettings({ endpoints: { ...NO_EXTERNAL_ENDPOINTS, authorization } }))]);
  });

  it.each([
    ['endpoints.authorization', { authorization: 'http://login.example.com/authorize' }],
    ['endpoints.authorization', { authorization: '/v1/authorize' }],
    ['endpoints.authorization', { authorization: 'https://login.example.com/authorize#x' }],
    ['endpoints.authorization', { authorization: 'https://user:pw@login.example.com/authorize' }],
    ['endpoints.authorization', { authorization: 'javascript:alert(1)' }],
    ['endpoints.endSession', { endSession: 'ftp://login.example.com/logout' }],
    ['endpoints.userinfo', { userinfo: 42 as never }],
    ['endpoints.userinfo', { userinfo: 'http://127.0.0.1.example.com/userinfo' }],
    ['endpoints.responseTypes[0]', { authorization: ENDPOINTS.authorization, responseTypes: ['code'] }],
    ['endpoints.responseTypes[1]', { authorization: ENDPOINTS.authorization, responseTypes: ['id_token', 'code id_token'] }],
    ['endpoints.responseTypes', { userinfo: ENDPOINTS.userinfo, responseTypes: ['id_token'] }],
    ['endpoints', 'https://login.example.com' as never],
  ])('refuses %s', (field, endpoints) => {
    given([]).when(create({ endpoints })).then(invalid(field));
  });

  it('names the field inside a declaration', () => {
    given([])
      .when({
        type: 'ApplyAuthorizationServerDeclaration',
        data: {
          declaration: { ...serverInput({ endpoints: { authorization: 'http://login.example.com/a' } }), policies: [] },
          knownClientIds: [],
          now: NOW,
        },
      })
      .then(invalid('endpoints.authorization'));
  });

  it('updates and clears them (a PUT without endpoints has none)', () => {
    const withEndpoints = serverCreated(serverSettings({ endpoints: ENDPOINTS }));
    given([withEndpoints])
      .when({ type: 'UpdateAuthorizationServer', data: { authorizationServer: serverInput(), now: LATER } })
      .then([{ type: 'AuthorizationServerUpdated', data: { authorizationServer: serverSettings(), updatedAt: LATER } }]);
    given([withEndpoints])
      .when({
        type: 'UpdateAuthorizationServer',
        data: { authorizationServer: serverInput({ endpoints: { ...ENDPOINTS, responseTypes: ['id_token', 'id_token'] } }), now: LATER },
      })
      .then([]);
  });
});

describe('authorization server: Okta access-token claims', () => {
  it('are on by default and recorded only when turned off', () => {
    given([]).when(create({ accessTokenClaims: { okta: true } })).then([serverCreated()]);
    given([])
      .when(create({ accessTokenClaims: { okta: false } }))
      .then([serverCreated(serverSettings({ accessTokenClaims: { okta: false } }))]);
  });

  it('refuses a value other than true or false', () => {
    given([]).when(create({ accessTokenClaims: { okta: 'yes' as never } })).then(invalid('accessTokenClaims.okta'));
    given([]).when(create({ accessTokenClaims: [] as never })).then(invalid('accessTokenClaims'));
  });

  it('turning them back on is an update; re-sending the default is not', () => {
    const off = serverCreated(serverSettings({ accessTokenClaims: { okta: false } }));
    given([off])
      .when({ type: 'UpdateAuthorizationServer', data: { authorizationServer: serverInput(), now: LATER } })
      .then([{ type: 'AuthorizationServerUpdated', data: { authorizationServer: serverSettings(), updatedAt: LATER } }]);
    given([serverCreated()])
      .when({ type: 'UpdateAuthorizationServer', data: { authorizationServer: serverInput({ accessTokenClaims: { okta: true } }), now: LATER } })
      .then([]);
  });
});

describe('authorization server settings recorded before endpoints and accessTokenClaims existed', () => {
  const legacy: AuthorizationServerEvent = serverCreated(serverSettings());

  it('replay with no endpoints and Okta claims on', () => {
    const state = [legacy].reduce(evolve, initialState());
    expect(state).toMatchObject({
      status: 'created',
      server: { id: AS_ID, endpoints: NO_EXTERNAL_ENDPOINTS, accessTokenClaims: DEFAULT_ACCESS_TOKEN_CLAIMS },
    });
    expect(toPolicyView(state, 0)).not.toBeNull();
  });

  it('are not rewritten by an update that restates them (a bootstrap file applied at every start)', () => {
    given([legacy])
      .when({ type: 'UpdateAuthorizationServer', data: { authorizationServer: serverInput(), now: LATER } })
      .then([]);
  });
});
