import { deciderSpec } from '../testing/decider-spec';
import { KNOWN_GRANT_TYPES } from '../policy/grant-types';
import type { AuthorizationServerCommand } from './authorization-server.commands';
import { authorizationServerDecider } from './authorization-server.decider';
import type { AuthorizationServerEvent } from './authorization-server.events';
import { authorizationServerIdFromStreamName, authorizationServerStreamName } from './authorization-server.stream';
import {
  AS_ID,
  createRule,
  LATER,
  NOW,
  policy,
  policyCreated,
  policyInput,
  rule,
  ruleCreated,
  ruleInput,
  serverCreated,
  serverInput,
  serverSettings,
} from './authorization-server.fixtures';

const given = deciderSpec(authorizationServerDecider);
const invalid = (field: string) => ({ error: expect.objectContaining({ code: 'invalid_configuration', field }) });
const notFound = (resource: string, id: string) => ({
  error: expect.objectContaining({ code: 'configuration_not_found', resource, id }),
});
const conflict = (resource: string) => ({ error: expect.objectContaining({ code: 'configuration_conflict', resource }) });

const deleted: AuthorizationServerEvent = {
  type: 'AuthorizationServerDeleted',
  data: { authorizationServerId: AS_ID, deletedAt: NOW },
};
const withPolicyAndRule = [serverCreated(), policyCreated(), ruleCreated()];

describe('authorization server stream name', () => {
  it('is authorizationServer-<id>, category before the first dash', () => {
    expect(authorizationServerStreamName('default')).toBe('authorizationServer-default');
    expect(authorizationServerIdFromStreamName('authorizationServer-my-server')).toBe('my-server');
    expect(authorizationServerIdFromStreamName('client-x')).toBeNull();
  });
});

describe('authorization server lifecycle', () => {
  it('creates a server, filling Okta defaults', () => {
    given([])
      .when({ type: 'CreateAuthorizationServer', data: { authorizationServer: serverInput(), now: NOW } })
      .then([serverCreated()]);
  });

  it('refuses to create a server that exists', () => {
    given([serverCreated()])
      .when({ type: 'CreateAuthorizationServer', data: { authorizationServer: serverInput(), now: LATER } })
      .then(conflict('authorizationServer'));
  });

  it('refuses to reuse the id of a deleted server', () => {
    given([serverCreated(), deleted])
      .when({ type: 'CreateAuthorizationServer', data: { authorizationServer: serverInput(), now: LATER } })
      .then(conflict('authorizationServer'));
  });

  it('updates the settings as a whole', () => {
    given([serverCreated()])
      .when({
        type: 'UpdateAuthorizationServer',
        data: { authorizationServer: serverInput({ name: 'Partner APIs', status: 'INACTIVE' }), now: LATER },
      })
      .then([
        {
          type: 'AuthorizationServerUpdated',
          data: { authorizationServer: serverSettings({ name: 'Partner APIs', status: 'INACTIVE' }), updatedAt: LATER },
        },
      ]);
  });

  it('emits nothing for an update that changes nothing (scope order carries no meaning)', () => {
    given([serverCreated()])
      .when({
        type: 'UpdateAuthorizationServer',
        data: { authorizationServer: serverInput({ scopes: ['orders:read', 'openid', 'offline_access'] }), now: LATER },
      })
      .then([]);
  });

  it('refuses to remove a scope a rule still names', () => {
    given([...withPolicyAndRule.slice(0, 2), ruleCreated(rule({ conditions: { ...rule().conditions, scopes: { include: ['orders:read'] } } }))])
      .when({ type: 'UpdateAuthorizationServer', data: { authorizationServer: serverInput({ scopes: ['openid'] }), now: LATER } })
      .then(invalid('scopes'));
  });

  it('refuses to update a server that does not exist', () => {
    given([])
      .when({ type: 'UpdateAuthorizationServer', data: { authorizationServer: serverInput(), now: LATER } })
      .then(notFound('authorizationServer', AS_ID));
  });

  it('deletes a server once; deleting it again is a no-op', () => {
    const command: AuthorizationServerCommand = {
      type: 'DeleteAuthorizationServer',
      data: { authorizationServerId: AS_ID, now: NOW },
    };
    given([serverCreated()]).when(command).then([deleted]);
    given([serverCreated(), deleted]).when(command).then([]);
    given([]).when(command).then(notFound('authorizationServer', AS_ID));
  });

  it('refuses policy changes on a deleted server', () => {
    given([serverCreated(), deleted])
      .when({ type: 'CreateAccessPolicy', data: { authorizationServerId: AS_ID, policy: policyInput(), knownClientIds: [], now: LATER } })
      .then(notFound('authorizationServer', AS_ID));
  });

  it.each([
    ['id', serverInput({ id: 'a/b' })],
    ['id', serverInput({ id: '' })],
    ['name', serverInput({ name: '   ' })],
    ['audiences', serverInput({ audiences: [] })],
    ['audiences[0]', serverInput({ audiences: [''] })],
    ['scopes[1]', serverInput({ scopes: ['openid', 'has space'] })],
    ['scopes[0]', serverInput({ scopes: ['*'] })],
    ['issuerMode', serverInput({ issuerMode: 'SOMETIMES' as never })],
    ['issuer', serverInput({ issuerMode: 'CUSTOM_URL' })],
    ['issuer', serverInput({ issuerMode: 'CUSTOM_URL', issuer: 'not a url' })],
    ['issuer', serverInput({ issuerMode: 'CUSTOM_URL', issuer: 'https://id.example.com/?tenant=1' })],
    ['issuer', serverInput({ issuerMode: 'CUSTOM_URL', issuer: 'https://id.example.com/#x' })],
    ['issuer', serverInput({ issuerMode: 'ORG_URL', issuer: 'https://id.example.com' })],
    ['status', serverInput({ status: 'PAUSED' as never })],
  ])('refuses an invalid server (%s)', (field, authorizationServer) => {
    given([]).when({ type: 'CreateAuthorizationServer', data: { authorizationServer, now: NOW } }).then(invalid(field));
  });

  it('accepts a custom issuer URL', () => {
    const issuer = 'https://id.example.com/oauth2/partners';
    given([])
      .when({
        type: 'CreateAuthorizationServer',
        data: { authorizationServer: serverInput({ issuerMode: 'CUSTOM_URL', issuer }), now: NOW },
      })
      .then([serverCreated(serverSettings({ issuerMode: 'CUSTOM_URL', issuer }))]);
  });
});

describe('access policies', () => {
  const create = (input = policyInput(), knownClientIds: readonly string[] = []): AuthorizationServerCommand => ({
    type: 'CreateAccessPolicy',
    data: { authorizationServerId: AS_ID, policy: input, knownClientIds, now: NOW },
  });
  const lifecycle = (
    type: 'ActivateAccessPolicy' | 'DeactivateAccessPolicy' | 'DeleteAccessPolicy',
    policyId = 'pol-1',
  ): AuthorizationServerCommand => ({ type, data: { authorizationServerId: AS_ID, policyId, now: LATER } });

  it('creates a policy in Okta shape with defaults', () => {
    given([serverCreated()]).when(create()).then([policyCreated()]);
  });

  it('accepts registered client ids and refuses unknown ones', () => {
    const clients = { clients: { include: ['web-app', 'cli'] } };
    given([serverCreated()])
      .when(create(policyInput({ conditions: clients }), ['web-app', 'cli', 'other']))
      .then([policyCreated(policy({ conditions: clients }))]);
    given([serverCreated()])
      .when(create(policyInput({ conditions: clients }), ['web-app']))
      .then(invalid('conditions.clients.include[1]'));
  });

  it.each([
    ['conditions.clients.include', policyInput({ conditions: { clients: { include: [] } } })],
    ['conditions.clients.include', policyInput({ conditions: { clients: { include: ['ALL_CLIENTS', 'web-app'] } } })],
    ['priority', policyInput({ priority: 0 })],
    ['priority', policyInput({ priority: 1.5 })],
    ['priority', policyInput({ priority: '1' as never })],
    ['name', policyInput({ name: '' })],
    ['type', policyInput({ type: 'OKTA_SIGN_ON' as never })],
    ['id', policyInput({ id: 'has space' })],
  ])('refuses an invalid policy (%s)', (field, input) => {
    given([serverCreated()]).when(create(input, ['web-app'])).then(invalid(field));
  });

  it('accepts priority 1, the lowest allowed', () => {
    given([serverCreated()]).when(create(policyInput({ priority: 1 }))).then([policyCreated(policy({ priority: 1 }))]);
  });

  it('refuses a second policy with the same id', () => {
    given([serverCreated(), policyCreated()]).when(create()).then(conflict('accessPolicy'));
  });

  it('updates everything but the status, which has its own lifecycle', () => {
    given([serverCreated(), policyCreated(policy({ status: 'INACTIVE' }))])
      .when({
        type: 'UpdateAccessPolicy',
        data: { authorizationServerId: AS_ID, policy: policyInput({ priority: 3, status: 'ACTIVE' }), knownClientIds: [], now: LATER },
      })
      .then([
        {
          type: 'AccessPolicyUpdated',
          data: { authorizationServerId: AS_ID, policy: policy({ priority: 3, status: 'INACTIVE' }), updatedAt: LATER },
        },
      ]);
  });

  it('emits nothing for an identical update', () => {
    given([serverCreated(), policyCreated()])
      .when({ type: 'UpdateAccessPolicy', data: { authorizationServerId: AS_ID, policy: policyInput(), knownClientIds: [], now: LATER } })
      .then([]);
  });

  it('refuses to update an unknown policy', () => {
    given([serverCreated()])
      .when({ type: 'UpdateAccessPolicy', data: { authorizationServerId: AS_ID, policy: policyInput(), knownClientIds: [], now: LATER } })
      .then(notFound('accessPolicy', 'pol-1'));
  });

  it('deactivates and activates, each only when it changes something', () => {
    const deactivated: AuthorizationServerEvent = {
      type: 'AccessPolicyDeactivated',
      data: { authorizationServerId: AS_ID, policyId: 'pol-1', deactivatedAt: LATER },
    };
    given([serverCreated(), policyCreated()]).when(lifecycle('DeactivateAccessPolicy')).then([deactivated]);
    given([serverCreated(), policyCreated(), deactivated]).when(lifecycle('DeactivateAccessPolicy')).then([]);
    given([serverCreated(), policyCreated()]).when(lifecycle('ActivateAccessPolicy')).then([]);
    given([serverCreated(), policyCreated(), deactivated])
      .when(lifecycle('ActivateAccessPolicy'))
      .then([{ type: 'AccessPolicyActivated', data: { authorizationServerId: AS_ID, policyId: 'pol-1', activatedAt: LATER } }]);
  });

  it('deletes a policy after deleting each of its rules', () => {
    given([...withPolicyAndRule, ruleCreated(rule({ id: 'rule-2', priority: 2 }))])
      .when(lifecycle('DeleteAccessPolicy'))
      .then([
        { type: 'PolicyRuleDeleted', data: { authorizationServerId: AS_ID, policyId: 'pol-1', ruleId: 'rule-1', deletedAt: LATER } },
        { type: 'PolicyRuleDeleted', data: { authorizationServerId: AS_ID, policyId: 'pol-1', ruleId: 'rule-2', deletedAt: LATER } },
        { type: 'AccessPolicyDeleted', data: { authorizationServerId: AS_ID, policyId: 'pol-1', deletedAt: LATER } },
      ]);
  });

  it('refuses lifecycle commands on an unknown policy', () => {
    given([serverCreated()]).when(lifecycle('DeleteAccessPolicy', 'nope')).then(notFound('accessPolicy', 'nope'));
    given([serverCreated()]).when(lifecycle('ActivateAccessPolicy', 'nope')).then(notFound('accessPolicy', 'nope'));
  });
});

describe('policy rules', () => {
  const lifecycle = (
    type: 'ActivatePolicyRule' | 'DeactivatePolicyRule' | 'DeletePolicyRule',
    ruleId = 'rule-1',
    policyId = 'pol-1',
  ): AuthorizationServerCommand => ({ type, data: { authorizationServerId: AS_ID, policyId, ruleId, now: LATER } });
  const createdLater = (r = rule()): AuthorizationServerEvent => ({
    type: 'PolicyRuleCreated',
    data: { authorizationServerId: AS_ID, rule: r, createdAt: LATER },
  });

  it('creates a rule; an omitted people condition means EVERYONE', () => {
    given([serverCreated(), policyCreated()]).when(createRule(ruleInput())).then([createdLater()]);
  });

  it('keeps explicit people conditions, without duplicates', () => {
    const people = { users: { include: ['u1', 'u1'], exclude: ['u2'] }, groups: { include: ['admins'] } };
    given([serverCreated(), policyCreated()])
      .when(createRule(ruleInput({ conditions: { ...ruleInput().conditions, people } })))
      .then([
        createdLater(
          rule({
            conditions: {
              ...rule().conditions,
              people: { users: { include: ['u1'], exclude: ['u2'] }, groups: { include: ['admins'], exclude: [] } },
            },
          }),
        ),
      ]);
  });

  it('refuses a rule for an unknown policy', () => {
    given([serverCreated()]).when(createRule(ruleInput())).then(notFound('accessPolicy', 'pol-1'));
  });

  it('refuses a rule id already used, even in another policy', () => {
    given([...withPolicyAndRule, policyCreated(policy({ id: 'pol-2' }))])
      .when(createRule(ruleInput({ policyId: 'pol-2' })))
      .then(conflict('policyRule'));
  });

  it.each(KNOWN_GRANT_TYPES)('accepts the known grant type %s', (grantType) => {
    const conditions = { ...ruleInput().conditions, grantTypes: { include: [grantType] } };
    given([serverCreated(), policyCreated()])
      .when(createRule(ruleInput({ conditions })))
      .then([createdLater(rule({ conditions: { ...rule().conditions, grantTypes: { include: [grantType] } } }))]);
  });

  it.each([
    ['conditions.grantTypes.include[1]', { grantTypes: { include: ['authorization_code', 'magic_link'] } }],
    ['conditions.grantTypes.include', { grantTypes: { include: [] } }],
    ['conditions.scopes.include', { scopes: { include: [] } }],
    ['conditions.scopes.include', { scopes: { include: ['*', 'openid'] } }],
    ['conditions.scopes.include[1]', { scopes: { include: ['openid', 'payments:write'] } }],
    ['conditions.people.groups.exclude', { people: { groups: { include: ['EVERYONE'], exclude: ['EVERYONE'] } } }],
    ['conditions.people.users.include[0]', { people: { users: { include: [''] } } }],
  ])('refuses invalid conditions (%s)', (field, conditions) => {
    given([serverCreated(), policyCreated()])
      .when(createRule(ruleInput({ conditions: { ...ruleInput().conditions, ...conditions } })))
      .then(invalid(field));
  });

  it.each([
    ['priority', ruleInput({ priority: 0 })],
    ['name', ruleInput({ name: '' })],
    ['type', ruleInput({ type: 'SIGN_ON' as never })],
    ['status', ruleInput({ status: 'ON' as never })],
  ])('refuses an invalid rule (%s)', (field, input) => {
    given([serverCreated(), policyCreated()]).when(createRule(input)).then(invalid(field));
  });

  it('updates a rule but not its status; an identical update (lists reordered) is a no-op', () => {
    const token = { accessTokenLifetimeMinutes: 15, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 };
    given([...withPolicyAndRule])
      .when({
        type: 'UpdatePolicyRule',
        data: { authorizationServerId: AS_ID, rule: ruleInput({ actions: { token }, status: 'INACTIVE' }), now: LATER },
      })
      .then([{ type: 'PolicyRuleUpdated', data: { authorizationServerId: AS_ID, rule: rule({ actions: { token } }), updatedAt: LATER } }]);
    const reordered = { ...ruleInput().conditions, grantTypes: { include: ['refresh_token', 'authorization_code'] } };
    given([...withPolicyAndRule])
      .when({ type: 'UpdatePolicyRule', data: { authorizationServerId: AS_ID, rule: ruleInput({ conditions: reordered }), now: LATER } })
      .then([]);
  });

  it('never moves a rule to another policy through an update', () => {
    given([...withPolicyAndRule, policyCreated(policy({ id: 'pol-2' }))])
      .when({ type: 'UpdatePolicyRule', data: { authorizationServerId: AS_ID, rule: ruleInput({ policyId: 'pol-2' }), now: LATER } })
      .then(notFound('policyRule', 'rule-1'));
  });

  it('deactivates, activates and deletes, idempotently where the outcome is already there', () => {
    const ids = { authorizationServerId: AS_ID, policyId: 'pol-1', ruleId: 'rule-1' };
    const deactivated: AuthorizationServerEvent = { type: 'PolicyRuleDeactivated', data: { ...ids, deactivatedAt: LATER } };
    given(withPolicyAndRule).when(lifecycle('DeactivatePolicyRule')).then([deactivated]);
    given([...withPolicyAndRule, deactivated]).when(lifecycle('DeactivatePolicyRule')).then([]);
    given(withPolicyAndRule).when(lifecycle('ActivatePolicyRule')).then([]);
    given([...withPolicyAndRule, deactivated])
      .when(lifecycle('ActivatePolicyRule'))
      .then([{ type: 'PolicyRuleActivated', data: { ...ids, activatedAt: LATER } }]);
    given(withPolicyAndRule)
      .when(lifecycle('DeletePolicyRule'))
      .then([{ type: 'PolicyRuleDeleted', data: { ...ids, deletedAt: LATER } }]);
  });

  it('refuses lifecycle commands naming the rule under the wrong policy', () => {
    given([...withPolicyAndRule, policyCreated(policy({ id: 'pol-2' }))])
      .when(lifecycle('DeletePolicyRule', 'rule-1', 'pol-2'))
      .then(notFound('policyRule', 'rule-1'));
  });
});

describe('token lifetime ranges (Okta)', () => {
  const FIELD = 'actions.token';
  const withToken = (access: number, refresh: number, window: number) =>
    createRule(
      ruleInput({
        actions: {
          token: { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window },
        },
      }),
    );
  const ok = (access: number, refresh: number, window: number) =>
    given([serverCreated(), policyCreated()])
      .when(withToken(access, refresh, window))
      .then([
        {
          type: 'PolicyRuleCreated',
          data: {
            authorizationServerId: AS_ID,
            rule: rule({
              actions: {
                token: { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window },
              },
            }),
            createdAt: LATER,
          },
        },
      ]);
  const refused = (access: number, refresh: number, window: number, field: string) =>
    given([serverCreated(), policyCreated()]).when(withToken(access, refresh, window)).then(invalid(`${FIELD}.${field}`));

  it.each([
    [4, false],
    [5, true],
    [60, true],
    [1440, true],
    [1441, false],
    [0, false],
    [30.5, false],
  ])('accessTokenLifetimeMinutes %p accepted: %p', (access, accepted) => {
    if (accepted) ok(access, 0, 10);
    else refused(access, 0, 10, 'accessTokenLifetimeMinutes');
  });

  it.each([
    [0, true], // unlimited
    [59, false], // below the access-token lifetime (60)
    [60, true], // equal to it
    [2_628_000, true], // 5 years
    [2_628_001, false],
    [-1, false],
  ])('refreshTokenLifetimeMinutes %p (access 60) accepted: %p', (refresh, accepted) => {
    if (accepted) ok(60, refresh, 10);
    else refused(60, refresh, 10, 'refreshTokenLifetimeMinutes');
  });

  it.each([
    [9, 0, false],
    [10, 0, true],
    [2_628_000, 0, true], // no upper bound from an unlimited lifetime but the 5-year cap
    [2_628_001, 0, false],
    [100, 100, true], // equal to the lifetime
    [101, 100, false], // above the lifetime
  ])('refreshTokenWindowMinutes %p (refresh %p) accepted: %p', (window, refresh, accepted) => {
    if (accepted) ok(60, refresh, window);
    else refused(60, refresh, window, 'refreshTokenWindowMinutes');
  });

  it('reports field and reason, the reason naming the bound', () => {
    given([serverCreated(), policyCreated()])
      .when(withToken(60, 59, 10))
      .then({
        error: expect.objectContaining({
          code: 'invalid_configuration',
          field: 'actions.token.refreshTokenLifetimeMinutes',
          reason: 'must be 0 (unlimited) or at least the access token lifetime (60 minutes)',
        }),
      });
  });
});

describe('authorization server signing settings (credentials.signing)', () => {
  const auto = { rotationMode: 'AUTO', algorithm: 'ES256', rotationPeriodDays: 90 } as const;
  const update = (credentials: unknown): AuthorizationServerCommand => ({
    type: 'UpdateAuthorizationServer',
    data: { authorizationServer: serverInput({ credentials } as never), now: LATER },
  });

  it('records nothing when none are given: the server keeps ES256 and MANUAL, as before the settings existed', () => {
    given([])
      .when({ type: 'CreateAuthorizationServer', data: { authorizationServer: serverInput(), now: NOW } })
      .then([serverCreated()]);
  });

  it('fills Okta’s defaults for what is omitted, and ignores the read-only members a GET body carries', () => {
    given([])
      .when({
        type: 'CreateAuthorizationServer',
        data: { authorizationServer: serverInput({ credentials: { signing: { kid: 'k', lastRotated: 'x', use: 'sig' } } } as never), now: NOW },
      })
      .then([serverCreated(serverSettings({ signing: auto }))]);
  });

  it('takes RS256, MANUAL and a period', () => {
    given([serverCreated()])
      .when(update({ signing: { algorithm: 'RS256', rotationMode: 'MANUAL', rotationPeriodDays: 30 } }))
      .then([
        {
          type: 'AuthorizationServerUpdated',
          data: { authorizationServer: serverSettings({ signing: { algorithm: 'RS256', rotationMode: 'MANUAL', rotationPeriodDays: 30 } }), updatedAt: LATER },
        },
      ]);
  });

  it('keeps the recorded settings when an update omits credentials', () => {
    given([serverCreated(serverSettings({ signing: auto }))]).when(update(undefined)).then([]);
  });

  it.each([
    [{ signing: { algorithm: 'HS256' } }, 'credentials.signing.algorithm'],
    [{ signing: { algorithm: 'none' } }, 'credentials.signing.algorithm'],
    [{ signing: { rotationMode: 'auto' } }, 'credentials.signing.rotationMode'],
    [{ signing: { rotationPeriodDays: 0 } }, 'credentials.signing.rotationPeriodDays'],
    [{ signing: { rotationPeriodDays: 366 } }, 'credentials.signing.rotationPeriodDays'],
    [{ signing: { rotationPeriodDays: '90' } }, 'credentials.signing.rotationPeriodDays'],
    [{ signing: 'AUTO' }, 'credentials.signing'],
    ['AUTO', 'credentials'],
  ])('refuses %j, naming %s', (credentials, field) => {
    given([serverCreated()]).when(update(credentials)).then(invalid(field));
  });
});
