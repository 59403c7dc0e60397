import fc from 'fast-check';
import { KNOWN_GRANT_TYPES } from '../policy/grant-types';
import { deciderSpec } from '../testing/decider-spec';
import type {
  AccessPolicyDeclaration,
  AuthorizationServerCommand,
  AuthorizationServerDeclaration,
  PolicyRuleDeclaration,
} from './authorization-server.commands';
import { authorizationServerDecider } from './authorization-server.decider';
import { defaultAuthorizationServerDeclaration } from './authorization-server.defaults';
import type { AuthorizationServerEvent } from './authorization-server.events';
import type { AuthorizationServerState } from './authorization-server.state';
import { LATER, NOW } from './authorization-server.fixtures';

const given = deciderSpec(authorizationServerDecider);
const { decide, evolve, initialState } = authorizationServerDecider;

const apply = (declaration: AuthorizationServerDeclaration, now = NOW, knownClientIds: readonly string[] = []): AuthorizationServerCommand => ({
  type: 'ApplyAuthorizationServerDeclaration',
  data: { declaration, knownClientIds, now },
});
const fold = (events: readonly AuthorizationServerEvent[], state = initialState()): AuthorizationServerState =>
  events.reduce(evolve, state);
/** Decides and folds, returning the events and the state after them. */
const run = (state: AuthorizationServerState, command: AuthorizationServerCommand) => {
  const events = decide(command, state);
  return { events, state: fold(events, state) };
};

const seed = defaultAuthorizationServerDeclaration();
const seedEvents = decide(apply(seed), initialState());

/** The seed with its only rule changed by `change`. */
function withDefaultRule(change: (rule: PolicyRuleDeclaration) => PolicyRuleDeclaration): AuthorizationServerDeclaration {
  const [policy] = seed.policies;
  return { ...seed, policies: [{ ...policy, rules: [change(policy.rules[0])] }] };
}

const secondPolicy: AccessPolicyDeclaration = {
  id: 'mobile',
  name: 'Mobile apps',
  priority: 2,
  conditions: { clients: { include: ['mobile-app'] } },
  rules: [
    {
      id: 'mobile-short',
      name: 'Short sessions',
      priority: 1,
      conditions: { grantTypes: { include: ['refresh_token'] }, scopes: { include: ['openid', 'offline_access'] } },
      actions: { token: { accessTokenLifetimeMinutes: 5, refreshTokenLifetimeMinutes: 1440, refreshTokenWindowMinutes: 60 } },
    },
  ],
};

describe('ApplyAuthorizationServerDeclaration', () => {
  it('creates the seeded default server with Okta defaults on an empty stream', () => {
    given([])
      .when(apply(seed))
      .then([
        {
          type: 'AuthorizationServerCreated',
          data: {
            authorizationServer: {
              id: 'default',
              name: 'default',
              description: 'Default Authorization Server',
              audiences: ['api://default'],
              issuerMode: 'ORG_URL',
              issuer: null,
              scopes: ['openid', 'profile', 'email', 'offline_access'],
              status: 'ACTIVE',
            },
            createdAt: NOW,
          },
        },
        {
          type: 'AccessPolicyCreated',
          data: {
            authorizationServerId: 'default',
            policy: {
              id: 'default-policy',
              type: 'OAUTH_AUTHORIZATION_POLICY',
              name: 'Default Policy',
              description: 'Default policy for all clients',
              priority: 1,
              status: 'ACTIVE',
              system: false,
              conditions: { clients: { include: ['ALL_CLIENTS'] } },
            },
            createdAt: NOW,
          },
        },
        {
          type: 'PolicyRuleCreated',
          data: {
            authorizationServerId: 'default',
            rule: {
              id: 'default-rule',
              policyId: 'default-policy',
              type: 'RESOURCE_ACCESS',
              name: 'Default Policy Rule',
              priority: 1,
              status: 'ACTIVE',
              system: false,
              conditions: {
                grantTypes: { include: [...KNOWN_GRANT_TYPES] },
                scopes: { include: ['*'] },
                people: { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } },
              },
              actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
            },
            createdAt: NOW,
          },
        },
      ]);
  });

  it('emits nothing when applied again (idempotent at every start)', () => {
    given(seedEvents).when(apply(seed, LATER)).then([]);
  });

  it('emits nothing when only list order differs', () => {
    const reordered = withDefaultRule((rule) => ({
      ...rule,
      conditions: { ...rule.conditions, grantTypes: { include: [...rule.conditions.grantTypes.include].reverse() } },
    }));
    given(seedEvents).when(apply({ ...reordered, scopes: [...(seed.scopes ?? [])].reverse() }, LATER)).then([]);
  });

  it('emits exactly one PolicyRuleUpdated when one rule field changes', () => {
    const changed = withDefaultRule((rule) => ({
      ...rule,
      actions: { token: { ...rule.actions.token, refreshTokenWindowMinutes: 1440 } },
    }));
    const events = decide(apply(changed, LATER), fold(seedEvents));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'PolicyRuleUpdated',
      data: { rule: { id: 'default-rule', actions: { token: { refreshTokenWindowMinutes: 1440 } } }, updatedAt: LATER },
    });
  });

  it('emits exactly one PolicyRuleDeactivated when only the status changes', () => {
    given(seedEvents)
      .when(apply(withDefaultRule((rule) => ({ ...rule, status: 'INACTIVE' })), LATER))
      .then([
        {
          type: 'PolicyRuleDeactivated',
          data: { authorizationServerId: 'default', policyId: 'default-policy', ruleId: 'default-rule', deactivatedAt: LATER },
        },
      ]);
  });

  it('updates and re-activates a policy in that order, status last', () => {
    const changed = { ...seed, policies: [{ ...seed.policies[0], name: 'Everyone' }] };
    const deactivated = fold(
      [{ type: 'AccessPolicyDeactivated', data: { authorizationServerId: 'default', policyId: 'default-policy', deactivatedAt: NOW } }],
      fold(seedEvents),
    );
    expect(decide(apply(changed, LATER), deactivated).map((e) => e.type)).toEqual(['AccessPolicyUpdated', 'AccessPolicyActivated']);
    expect(decide(apply(changed, LATER), deactivated)[0]).toMatchObject({ data: { policy: { name: 'Everyone', status: 'INACTIVE' } } });
  });

  it('adds a new policy with its rules, checking the clients it names', () => {
    const declaration = { ...seed, policies: [...seed.policies, secondPolicy] };
    expect(() => decide(apply(declaration, LATER, []), fold(seedEvents))).toThrow(
      expect.objectContaining({ code: 'invalid_configuration', field: 'policies[1].conditions.clients.include[0]' }) as never,
    );
    const events = decide(apply(declaration, LATER, ['mobile-app']), fold(seedEvents));
    expect(events.map((e) => e.type)).toEqual(['AccessPolicyCreated', 'PolicyRuleCreated']);
  });

  it('deletes what the declaration no longer holds: rules first, then their policy', () => {
    const withSecond = [...seedEvents, ...decide(apply({ ...seed, policies: [...seed.policies, secondPolicy] }, NOW, ['mobile-app']), fold(seedEvents))];
    given(withSecond)
      .when(apply(seed, LATER))
      .then([
        { type: 'PolicyRuleDeleted', data: { authorizationServerId: 'default', policyId: 'mobile', ruleId: 'mobile-short', deletedAt: LATER } },
        { type: 'AccessPolicyDeleted', data: { authorizationServerId: 'default', policyId: 'mobile', deletedAt: LATER } },
      ]);
  });

  it('moves a rule between policies as a delete and a create', () => {
    const start = { ...seed, policies: [...seed.policies, { ...secondPolicy, rules: [] }] };
    const startState = fold(decide(apply(start, NOW, ['mobile-app']), initialState()));
    const moved = {
      ...seed,
      policies: [{ ...seed.policies[0], rules: [] }, { ...secondPolicy, rules: seed.policies[0].rules }],
    };
    const events = decide(apply(moved, LATER, ['mobile-app']), startState);
    expect(events.map((e) => [e.type, 'ruleId' in e.data ? e.data.ruleId : 'rule' in e.data ? e.data.rule.policyId : null])).toEqual([
      ['PolicyRuleDeleted', 'default-rule'],
      ['PolicyRuleCreated', 'mobile'],
    ]);
  });

  it('validates the whole declaration first, reporting the path in the file', () => {
    const bad = withDefaultRule((rule) => ({ ...rule, actions: { token: { ...rule.actions.token, accessTokenLifetimeMinutes: 2 } } }));
    given(seedEvents)
      .when(apply(bad, LATER))
      .then({
        error: expect.objectContaining({
          code: 'invalid_configuration',
          field: 'policies[0].rules[0].actions.token.accessTokenLifetimeMinutes',
        }),
      });
  });

  it.each([
    ['policies[1].id', { ...seed, policies: [seed.policies[0], { ...seed.policies[0], rules: [] }] }],
    ['policies[1].rules[0].id', { ...seed, policies: [seed.policies[0], { ...secondPolicy, rules: seed.policies[0].rules }] }],
    ['policies', { ...seed, policies: undefined as never }],
    ['policies[0].rules', { ...seed, policies: [{ ...seed.policies[0], rules: undefined as never }] }],
  ])('refuses a malformed declaration (%s)', (field, declaration) => {
    given([]).when(apply(declaration, NOW, ['mobile-app'])).then({
      error: expect.objectContaining({ code: 'invalid_configuration', field }),
    });
  });

  it('refuses to resurrect a deleted server', () => {
    given([...seedEvents, { type: 'AuthorizationServerDeleted', data: { authorizationServerId: 'default', deletedAt: NOW } }])
      .when(apply(seed, LATER))
      .then({ error: expect.objectContaining({ code: 'configuration_conflict', resource: 'authorizationServer' }) });
  });

  it('refuses a declaration for another server than the stream holds', () => {
    given(seedEvents)
      .when(apply({ ...seed, id: 'other' }, LATER))
      .then({ error: expect.objectContaining({ code: 'configuration_not_found', id: 'other' }) });
  });

  it('reverts changes made through the API since the last application', () => {
    const edited = run(fold(seedEvents), {
      type: 'DeactivateAccessPolicy',
      data: { authorizationServerId: 'default', policyId: 'default-policy', now: NOW },
    }).state;
    expect(decide(apply(seed, LATER), edited).map((e) => e.type)).toEqual(['AccessPolicyActivated']);
  });
});

describe('ApplyAuthorizationServerDeclaration (properties)', () => {
  const SCOPES = ['openid', 'offline_access', 'orders:read', 'orders:write'];
  const CLIENTS = ['web', 'cli'];

  const tokenArb = fc
    .record({ access: fc.integer({ min: 5, max: 1440 }), unlimited: fc.boolean(), extra: fc.integer({ min: 0, max: 5000 }) })
    .map(({ access, unlimited, extra }) => {
      const refresh = unlimited ? 0 : Math.max(access, 10) + extra;
      const window = unlimited ? 10 + extra : Math.min(refresh, 10 + extra);
      return { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window };
    });
  const ruleArb = (id: string): fc.Arbitrary<PolicyRuleDeclaration> =>
    fc.record({
      id: fc.constant(id),
      name: fc.constantFrom('A', 'B'),
      priority: fc.integer({ min: 1, max: 3 }),
      status: fc.constantFrom('ACTIVE' as const, 'INACTIVE' as const),
      conditions: fc.record({
        grantTypes: fc.record({ include: fc.subarray(['authorization_code', 'refresh_token', 'client_credentials'], { minLength: 1 }) }),
        scopes: fc.record({ include: fc.oneof(fc.constant(['*']), fc.subarray(SCOPES, { minLength: 1 })) }),
        people: fc.record({
          users: fc.record({ include: fc.subarray(['u1', 'u2']), exclude: fc.subarray(['u3']) }),
          groups: fc.record({ include: fc.subarray(['EVERYONE', 'g1']), exclude: fc.subarray(['g2']) }),
        }),
      }),
      actions: fc.record({ token: tokenArb }),
    });
  const policyArb = (id: string, ruleIds: readonly string[]): fc.Arbitrary<AccessPolicyDeclaration> =>
    fc.record({
      id: fc.constant(id),
      name: fc.constantFrom('P', 'Q'),
      priority: fc.integer({ min: 1, max: 3 }),
      status: fc.constantFrom('ACTIVE' as const, 'INACTIVE' as const),
      conditions: fc.record({ clients: fc.record({ include: fc.oneof(fc.constant(['ALL_CLIENTS']), fc.subarray(CLIENTS, { minLength: 1 })) }) }),
      rules: fc.subarray([...ruleIds]).chain((ids) => all(ids.map(ruleArb))),
    });
  /** One value from each arbitrary, in order. */
  const all = <T,>(arbitraries: readonly fc.Arbitrary<T>[]): fc.Arbitrary<T[]> =>
    arbitraries.length === 0 ? fc.constant([]) : fc.tuple(...arbitraries).map((values) => [...values]);
  /** Rule ids are drawn from one pool per policy so they stay unique across the server. */
  const declarationArb: fc.Arbitrary<AuthorizationServerDeclaration> = fc
    .subarray(['p1', 'p2', 'p3'])
    .chain((policyIds) => all(policyIds.map((id) => policyArb(id, [`${id}-r1`, `${id}-r2`]))))
    .chain((policies) =>
      fc.record({
        id: fc.constant('props'),
        name: fc.constantFrom('Props', 'Properties'),
        audiences: fc.constantFrom<readonly string[]>(['api://props'], ['api://a', 'api://b']),
        scopes: fc.shuffledSubarray(SCOPES, { minLength: SCOPES.length }),
        status: fc.constantFrom('ACTIVE' as const, 'INACTIVE' as const),
        policies: fc.constant(policies),
      }),
    );

  it('reaches any declaration from any other, and a second application is a no-op', () => {
    fc.assert(
      fc.property(declarationArb, declarationArb, (first, second) => {
        const afterFirst = run(initialState(), apply(first, NOW, CLIENTS)).state;
        expect(decide(apply(first, LATER, CLIENTS), afterFirst)).toEqual([]);
        const afterSecond = run(afterFirst, apply(second, LATER, CLIENTS)).state;
        expect(decide(apply(second, LATER + 1, CLIENTS), afterSecond)).toEqual([]);
        // The state holds exactly the declared objects, statuses included.
        const fresh = run(initialState(), apply(second, NOW, CLIENTS)).state;
        expect(summary(afterSecond)).toEqual(summary(fresh));
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * The configuration a state holds, without timestamps or creation order. Lists other than
 * `audiences` are sets (order carries no meaning), so they are compared sorted.
 */
function summary(state: AuthorizationServerState) {
  if (state.status !== 'created') return state;
  const strip = <T extends { created: number; lastUpdated: number; sequence: number }>({ created: _c, lastUpdated: _l, sequence: _s, ...rest }: T) => rest;
  const { created: _c, lastUpdated: _l, ...server } = state.server;
  return setsSorted({
    server,
    policies: state.policies.map(strip).sort((a, b) => a.id.localeCompare(b.id)),
    rules: state.rules.map(strip).sort((a, b) => a.id.localeCompare(b.id)),
  });
}

function setsSorted(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => setsSorted(item));
    return key !== 'audiences' && items.every((item) => typeof item === 'string') ? [...items].sort() : items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, setsSorted(v, k)]));
  }
  return value;
}
