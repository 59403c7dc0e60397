import type { AuthorizationServerCommand, AuthorizationServerDeclaration } from './authorization-server/authorization-server.commands';
import { authorizationServerDecider } from './authorization-server/authorization-server.decider';
import type { AuthorizationServerEvent } from './authorization-server/authorization-server.events';
import { AS_ID, LATER, NOW, policy, policyCreated, policyInput, rule, ruleCreated, ruleInput, serverCreated, serverInput, serverSettings } from './authorization-server/authorization-server.fixtures';
import { evolveAuthorizationServer, initialAuthorizationServerState } from './authorization-server/authorization-server.state';
import { authorizationServerIdFromStreamName, authorizationServerStreamName } from './authorization-server/authorization-server.stream';
import type { ClientCommand, ClientInput } from './client/client.commands';
import { clientDecider } from './client/client.decider';
import type { ClientEvent, RegisteredClient } from './client/client.events';
import { clientIdFromStreamName, clientStreamName } from './client/client.stream';
import { ID_RULE, isValidId, requireId } from './ids';
import { deciderSpec } from './testing/decider-spec';

/** Ids every kind takes: Okta's and the generated shapes, a dash or underscore inside, both lengths at the limits. */
const ACCEPTED = ['default', 'a', '7', 'aus1a2b3c4d5e6f7g8h9', '0oaAbC-_9x', 'my-server', 'A_b', 'z'.repeat(64)];

/** Ids no kind takes, with why. */
const REFUSED: readonly (readonly [string, unknown])[] = [
  ['a dot', 'x.y'],
  ['a tilde', 'a~b'],
  ['a path', '../x'],
  ['a slash', 'a/b'],
  ['nothing', ''],
  ['65 characters', 'z'.repeat(65)],
  ['non-ASCII letters', 'sérveur'],
  ['a look-alike letter (Cyrillic а)', 'dеfault'],
  ['a NUL byte', 'a\u0000b'],
  ['a space', 'a b'],
  ['a leading dash', '-x'],
  ['a leading underscore', '_x'],
  ['a trailing newline', 'x\n'],
  ['a number', 42],
  ['null', null],
];

const conflictOn = (id: string) => ({ error: expect.objectContaining({ code: 'configuration_conflict', id }) });
const invalid = (field: string) => ({ error: expect.objectContaining({ code: 'invalid_configuration', field, reason: ID_RULE }) });

describe('the id rule', () => {
  it.each(ACCEPTED)('takes %j', (id) => {
    expect(isValidId(id)).toBe(true);
    expect(requireId(id, 'id')).toBe(id);
  });

  it.each(REFUSED)('refuses %s, naming the field and never the value', (_case, id) => {
    expect(isValidId(id)).toBe(false);
    expect(() => requireId(id, 'policies[0].id')).toThrow(
      expect.objectContaining({ code: 'invalid_configuration', field: 'policies[0].id', reason: ID_RULE, message: `policies[0].id: ${ID_RULE}` }),
    );
  });

  it('takes an id already recorded, by an older version under a looser rule, and only that one', () => {
    expect(requireId('x.y', 'id', ['x.y'])).toBe('x.y');
    expect(() => requireId('x.z', 'id', ['x.y'])).toThrow(expect.objectContaining({ field: 'id' }));
  });

  it.each(ACCEPTED)('keeps %j whole through the stream names (the category ends at the first dash)', (id) => {
    expect(authorizationServerIdFromStreamName(authorizationServerStreamName(id))).toBe(id);
    expect(clientIdFromStreamName(clientStreamName(id))).toBe(id);
  });
});

describe('every decider that takes a chosen id applies the rule before deciding any event', () => {
  const server = deciderSpec(authorizationServerDecider);
  const createServer = (id: string): AuthorizationServerCommand => ({
    type: 'CreateAuthorizationServer',
    data: { authorizationServer: serverInput({ id }), now: NOW },
  });
  const createPolicy = (id: string): AuthorizationServerCommand => ({
    type: 'CreateAccessPolicy',
    data: { authorizationServerId: AS_ID, policy: policyInput({ id }), knownClientIds: [], now: LATER },
  });
  const createRule = (id: string): AuthorizationServerCommand => ({
    type: 'CreatePolicyRule',
    data: { authorizationServerId: AS_ID, rule: ruleInput({ id }), now: LATER },
  });
  const atLater = <E extends AuthorizationServerEvent>(event: E): AuthorizationServerEvent =>
    ({ ...event, data: { ...event.data, createdAt: LATER } }) as AuthorizationServerEvent;

  describe.each(ACCEPTED)('takes %j', (id) => {
    it('as an authorization server id', () => {
      server([]).when(createServer(id)).then([serverCreated(serverSettings({ id }))]);
    });
    it('as a policy id', () => {
      server([serverCreated()]).when(createPolicy(id)).then([atLater(policyCreated(policy({ id })))]);
    });
    it('as a rule id', () => {
      server([serverCreated(), policyCreated()]).when(createRule(id)).then([atLater(ruleCreated(rule({ id })))]);
    });
    it('as a client id', () => {
      client([]).when(register(id)).then([registered(id)]);
    });
  });

  describe.each(REFUSED)('refuses %s', (_case, id) => {
    const chosen = id as string;
    it('as an authorization server id', () => {
      server([]).when(createServer(chosen)).then(invalid('id'));
    });
    it('as a policy id', () => {
      server([serverCreated()]).when(createPolicy(chosen)).then(invalid('id'));
    });
    it('as a rule id', () => {
      server([serverCreated(), policyCreated()]).when(createRule(chosen)).then(invalid('id'));
    });
    it('as a client id', () => {
      client([]).when(register(chosen)).then(invalid('clientId'));
    });
    it('in a declaration, as the server, a policy or a rule id, naming where it is', () => {
      server([]).when(declare({ serverId: chosen })).then(invalid('id'));
      server([]).when(declare({ policyId: chosen })).then(invalid('policies[0].id'));
      server([]).when(declare({ ruleId: chosen })).then(invalid('policies[0].rules[0].id'));
      client([]).when(declareClient(chosen)).then(invalid('clientId'));
    });
  });
});

describe('ids recorded under the previous rule (1..100 characters, "." and "~" too)', () => {
  const server = deciderSpec(authorizationServerDecider);
  const legacyServer = serverCreated(serverSettings({ id: 'x.y' }));
  const legacyPolicy: AuthorizationServerEvent = {
    type: 'AccessPolicyCreated',
    data: { authorizationServerId: 'x.y', policy: policy({ id: 'p.1' }), createdAt: NOW },
  };
  const legacyRule: AuthorizationServerEvent = {
    type: 'PolicyRuleCreated',
    data: { authorizationServerId: 'x.y', rule: rule({ id: 'r~1', policyId: 'p.1' }), createdAt: NOW },
  };
  const legacy = [legacyServer, legacyPolicy, legacyRule];

  it('fold as any other: evolve refuses nothing', () => {
    const state = legacy.reduce(evolveAuthorizationServer, initialAuthorizationServerState());
    expect(state).toMatchObject({ status: 'created', server: { id: 'x.y' }, policies: [{ id: 'p.1' }], rules: [{ id: 'r~1' }] });
  });

  it('can still be updated and redeclared, and a declaration that matches them decides nothing', () => {
    server(legacy)
      .when({ type: 'UpdateAuthorizationServer', data: { authorizationServer: serverInput({ id: 'x.y', name: 'Renamed' }), now: LATER } })
      .then([{ type: 'AuthorizationServerUpdated', data: { authorizationServer: serverSettings({ id: 'x.y', name: 'Renamed' }), updatedAt: LATER } }]);
    server(legacy)
      .when({ type: 'UpdateAccessPolicy', data: { authorizationServerId: 'x.y', policy: policyInput({ id: 'p.1', name: 'Renamed' }), knownClientIds: [], now: LATER } })
      .then([{ type: 'AccessPolicyUpdated', data: { authorizationServerId: 'x.y', policy: policy({ id: 'p.1', name: 'Renamed' }), updatedAt: LATER } }]);
    server(legacy)
      .when({ type: 'UpdatePolicyRule', data: { authorizationServerId: 'x.y', rule: ruleInput({ id: 'r~1', policyId: 'p.1', name: 'Renamed' }), now: LATER } })
      .then([{ type: 'PolicyRuleUpdated', data: { authorizationServerId: 'x.y', rule: rule({ id: 'r~1', policyId: 'p.1', name: 'Renamed' }), updatedAt: LATER } }]);
    server(legacy).when(declare({ serverId: 'x.y', policyId: 'p.1', ruleId: 'r~1' })).then([]);
  });

  it('are not a way in for new ids of the same form', () => {
    server(legacy)
      .when({ type: 'CreateAccessPolicy', data: { authorizationServerId: 'x.y', policy: policyInput({ id: 'p.2' }), knownClientIds: [], now: LATER } })
      .then(invalid('id'));
    server(legacy).when(declare({ serverId: 'x.y', policyId: 'p.1', ruleId: 'r.2' })).then(invalid('policies[0].rules[0].id'));
  });

  it('stay taken, deleted or not: taking one again is a conflict, as for any id', () => {
    const deleted: AuthorizationServerEvent = { type: 'AuthorizationServerDeleted', data: { authorizationServerId: 'x.y', deletedAt: NOW } };
    const createAgain: AuthorizationServerCommand = { type: 'CreateAuthorizationServer', data: { authorizationServer: serverInput({ id: 'x.y' }), now: LATER } };
    const serverConflict = { error: expect.objectContaining({ code: 'configuration_conflict', id: 'x.y' }) };
    server([legacyServer]).when(createAgain).then(serverConflict);
    server([legacyServer, deleted]).when(createAgain).then(serverConflict);
    server(legacy).when({ type: 'CreateAccessPolicy', data: { authorizationServerId: 'x.y', policy: policyInput({ id: 'p.1' }), knownClientIds: [], now: LATER } }).then(conflictOn('p.1'));
    server(legacy).when({ type: 'CreatePolicyRule', data: { authorizationServerId: 'x.y', rule: ruleInput({ id: 'r~1', policyId: 'p.1' }), now: LATER } }).then(conflictOn('r~1'));
    const clientDeleted: ClientEvent = { type: 'ClientDeleted', data: { clientId: 'com.example.app', deletedAt: NOW } };
    client([registered('com.example.app')]).when(register('com.example.app')).then(conflictOn('com.example.app'));
    client([registered('com.example.app'), clientDeleted]).when(register('com.example.app')).then(conflictOn('com.example.app'));
  });

  it('a legacy client can still be updated and redeclared', () => {
    client([registered('com.example.app')])
      .when({ type: 'UpdateClient', data: { client: { ...clientInput('com.example.app'), clientName: 'Renamed' }, now: LATER } })
      .then([{ type: 'ClientUpdated', data: { client: { ...settingsOf('com.example.app'), clientName: 'Renamed' }, updatedAt: LATER } }]);
    client([registered('com.example.app')]).when(declareClient('com.example.app')).then([]);
    client([registered('com.example.app')]).when(register('com.example.other')).then(invalid('clientId'));
  });
});

const client = deciderSpec(clientDecider);

function clientInput(clientId: string): ClientInput {
  return { clientId, clientName: 'Web app', tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code', 'refresh_token'] };
}

function settingsOf(clientId: string): Omit<RegisteredClient, 'secretHash' | 'status'> {
  return { ...clientInput(clientId), jwks: null, refreshToken: { rotationType: 'ROTATE', leeway: 30 } };
}

function register(clientId: string): ClientCommand {
  return { type: 'RegisterClient', data: { client: clientInput(clientId), now: NOW } };
}

function declareClient(clientId: string): ClientCommand {
  return { type: 'ApplyClientDeclaration', data: { client: clientInput(clientId), secretMatchesCurrent: false, now: NOW } };
}

function registered(clientId: string): ClientEvent {
  return { type: 'ClientRegistered', data: { client: { ...settingsOf(clientId), secretHash: null, status: 'ACTIVE' }, registeredAt: NOW } };
}

/** A declaration of one server with one policy and one rule, with the ids given (any value, even `null`). */
function declare(ids: { serverId?: string; policyId?: string; ruleId?: string }): AuthorizationServerCommand {
  const given = { serverId: AS_ID, policyId: 'pol-1', ruleId: 'rule-1', ...ids };
  const { policyId: _policyId, ...ruleDeclaration } = ruleInput({ id: given.ruleId });
  const declaration: AuthorizationServerDeclaration = {
    ...serverInput({ id: given.serverId }),
    policies: [{ ...policyInput({ id: given.policyId }), rules: [ruleDeclaration] }],
  };
  return { type: 'ApplyAuthorizationServerDeclaration', data: { declaration, knownClientIds: [], now: NOW } };
}
