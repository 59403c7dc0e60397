import type { PeopleCondition } from '../authorization-server/authorization-server.events';
import { evaluatePolicy, type PolicyExplanationEntry, type PolicyRequest } from './evaluate-policy';
import type { PolicyView, PolicyViewPolicy, PolicyViewRule } from './policy-view';

const everyone: PeopleCondition = { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } };

function ruleOf(id: string, overrides: Partial<Omit<PolicyViewRule, 'conditions'>> & {
  grantTypes?: string[];
  scopes?: string[];
  people?: Partial<{ usersInclude: string[]; usersExclude: string[]; groupsInclude: string[]; groupsExclude: string[] }>;
  access?: number;
} = {}): PolicyViewRule {
  const { grantTypes, scopes, people, access, ...rest } = overrides;
  return {
    id,
    policyId: 'p',
    type: 'RESOURCE_ACCESS',
    name: id,
    priority: 1,
    status: 'ACTIVE',
    system: false,
    sequence: 100,
    conditions: {
      grantTypes: { include: grantTypes ?? ['authorization_code', 'refresh_token'] },
      scopes: { include: scopes ?? ['*'] },
      people:
        people === undefined
          ? everyone
          : {
              users: { include: people.usersInclude ?? [], exclude: people.usersExclude ?? [] },
              groups: { include: people.groupsInclude ?? [], exclude: people.groupsExclude ?? [] },
            },
    },
    actions: { token: { accessTokenLifetimeMinutes: access ?? 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
    ...rest,
  };
}

function policyOf(id: string, rules: PolicyViewRule[], overrides: Partial<PolicyViewPolicy> & { clients?: string[] } = {}): PolicyViewPolicy {
  const { clients, ...rest } = overrides;
  return {
    id,
    type: 'OAUTH_AUTHORIZATION_POLICY',
    name: id,
    description: '',
    priority: 1,
    status: 'ACTIVE',
    system: false,
    sequence: 1,
    conditions: { clients: { include: clients ?? ['ALL_CLIENTS'] } },
    rules: rules.map((r) => ({ ...r, policyId: id })),
    ...rest,
  };
}

function viewOf(policies: PolicyViewPolicy[], status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE'): PolicyView {
  return { authorizationServerId: 'as', status, configVersion: 7, policies };
}

const request = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  clientId: 'web',
  grantType: 'authorization_code',
  scopes: ['openid', 'offline_access'],
  subject: 'alice',
  groups: ['staff'],
  ...overrides,
});

/** The `policyId/ruleId` that matched, or `-` for no match. */
function winner(view: PolicyView, req: PolicyRequest): string {
  const decision = evaluatePolicy(view, req);
  return decision.matched ? `${decision.policyId}/${decision.ruleId}` : '-';
}

describe('evaluatePolicy', () => {
  it('returns the lifetimes and provenance of the matching rule', () => {
    const view = viewOf([policyOf('p', [ruleOf('r', { access: 15 })])]);
    expect(evaluatePolicy(view, request())).toEqual({
      matched: true,
      authorizationServerId: 'as',
      policyId: 'p',
      ruleId: 'r',
      configVersion: 7,
      lifetimes: { accessTokenMinutes: 15, refreshTokenMinutes: 0, refreshTokenWindowMinutes: 10080 },
      provenance: { authorizationServerId: 'as', policyId: 'p', ruleId: 'r', configVersion: 7 },
      explanation: [
        { policyId: 'p', matched: true, detail: "policy applies to client 'web'" },
        { policyId: 'p', ruleId: 'r', matched: true, detail: 'all conditions hold' },
      ],
    });
  });

  it('refuses everything on an inactive server', () => {
    expect(evaluatePolicy(viewOf([policyOf('p', [ruleOf('r')])], 'INACTIVE'), request())).toEqual({
      matched: false,
      authorizationServerId: 'as',
      configVersion: 7,
      reason: 'authorization_server_inactive',
      explanation: [],
    });
  });

  it('refuses when there is no policy', () => {
    expect(evaluatePolicy(viewOf([]), request())).toMatchObject({ matched: false, reason: 'no_matching_policy', explanation: [] });
  });

  describe('ordering', () => {
    it.each([
      ['lower priority number first', [policyOf('a', [ruleOf('ra')], { priority: 2 }), policyOf('b', [ruleOf('rb')], { priority: 1, sequence: 2 })], 'b/rb'],
      ['equal priority: older policy first', [policyOf('new', [ruleOf('r1')], { sequence: 5 }), policyOf('old', [ruleOf('r2')], { sequence: 3 })], 'old/r2'],
      ['rules by priority', [policyOf('p', [ruleOf('r2', { priority: 2 }), ruleOf('r1', { priority: 1, sequence: 101 })])], 'p/r1'],
      ['equal rule priority: older rule first', [policyOf('p', [ruleOf('young', { sequence: 9 }), ruleOf('elder', { sequence: 8 })])], 'p/elder'],
    ])('%s', (_name, policies, expected) => {
      expect(winner(viewOf(policies), request())).toBe(expected);
    });

    // Equal priority and age happen only in a view built by hand (a what-if): then the id decides,
    // so the answer never depends on the order the view lists them in. The explanation shows the
    // whole order (everything here fails, so everything is examined).
    // Equivalent mutants, evaluate-policy.ts:179 `a.id < b.id` -> `<=`, and `a.id > b.id` -> `>=` / `true`: they differ only for equal ids, which one server's policies (or one policy's rules) never share.
    // Equivalent mutants, evaluate-policy.ts:179 `a.id > b.id` -> `false` / `a.id <= b.id`: they answer 0 instead of 1 when a's id is greater, and V8's sort only tests `compare(x, y) < 0`.
    const listings = [['a', 'b', 'c'], ['a', 'c', 'b'], ['b', 'a', 'c'], ['b', 'c', 'a'], ['c', 'a', 'b'], ['c', 'b', 'a']];
    it.each(listings)('equal priority and age: policies by id, listed as %s, %s, %s', (...ids) => {
      const view = viewOf(ids.map((id) => policyOf(id, [ruleOf('r')], { status: 'INACTIVE' })));
      expect(evaluatePolicy(view, request()).explanation.map((e) => e.policyId)).toEqual(['a', 'b', 'c']);
    });
    it.each(listings)('equal priority and age: rules by id, listed as %s, %s, %s', (...ids) => {
      const view = viewOf([policyOf('p', ids.map((id) => ruleOf(id, { status: 'INACTIVE' })))]);
      expect(evaluatePolicy(view, request()).explanation.map((e) => e.ruleId)).toEqual([undefined, 'a', 'b', 'c']);
    });
  });

  describe('conditions', () => {
    it.each<[string, PolicyViewPolicy[], Partial<PolicyRequest>, string]>([
      ['inactive policy is skipped', [policyOf('off', [ruleOf('r')], { status: 'INACTIVE' }), policyOf('on', [ruleOf('r2')], { priority: 2 })], {}, 'on/r2'],
      ['inactive rule is skipped', [policyOf('p', [ruleOf('off', { status: 'INACTIVE' }), ruleOf('on', { priority: 2 })])], {}, 'p/on'],
      ['client listed', [policyOf('p', [ruleOf('r')], { clients: ['cli', 'web'] })], {}, 'p/r'],
      ['client not listed', [policyOf('p', [ruleOf('r')], { clients: ['cli'] })], {}, '-'],
      ['grant type not included', [policyOf('p', [ruleOf('r', { grantTypes: ['client_credentials'] })])], {}, '-'],
      ['grant type included', [policyOf('p', [ruleOf('r', { grantTypes: ['password'] })])], { grantType: 'password' }, 'p/r'],
      ['any scope', [policyOf('p', [ruleOf('r', { scopes: ['*'] })])], { scopes: ['anything'] }, 'p/r'],
      ['every requested scope included', [policyOf('p', [ruleOf('r', { scopes: ['openid', 'offline_access', 'email'] })])], {}, 'p/r'],
      ['one requested scope missing', [policyOf('p', [ruleOf('r', { scopes: ['openid'] })])], {}, '-'],
      ['no scopes requested', [policyOf('p', [ruleOf('r', { scopes: ['openid'] })])], { scopes: [] }, 'p/r'],
      ['user included by id', [policyOf('p', [ruleOf('r', { people: { usersInclude: ['alice'] } })])], {}, 'p/r'],
      ['user not included', [policyOf('p', [ruleOf('r', { people: { usersInclude: ['bob'] } })])], {}, '-'],
      ['user excluded despite EVERYONE', [policyOf('p', [ruleOf('r', { people: { groupsInclude: ['EVERYONE'], usersExclude: ['alice'] } })])], {}, '-'],
      ['group included', [policyOf('p', [ruleOf('r', { people: { groupsInclude: ['staff'] } })])], {}, 'p/r'],
      ['group not included', [policyOf('p', [ruleOf('r', { people: { groupsInclude: ['admins'] } })])], {}, '-'],
      ['group excluded despite user included', [policyOf('p', [ruleOf('r', { people: { usersInclude: ['alice'], groupsExclude: ['staff'] } })])], {}, '-'],
      ['users and groups are a union', [policyOf('p', [ruleOf('r', { people: { usersInclude: ['bob'], groupsInclude: ['staff'] } })])], {}, 'p/r'],
      ['no groups given', [policyOf('p', [ruleOf('r', { people: { groupsInclude: ['staff'] } })])], { groups: undefined }, '-'],
      ['no user: people conditions do not apply', [policyOf('p', [ruleOf('r', { grantTypes: ['client_credentials'], people: { usersInclude: ['bob'] } })])], { grantType: 'client_credentials', subject: undefined }, 'p/r'],
    ])('%s', (_name, policies, overrides, expected) => {
      expect(winner(viewOf(policies), request(overrides))).toBe(expected);
    });
  });

  it("falls through to the next policy when no rule of a client-matching policy matches (Okta's documented behaviour)", () => {
    const view = viewOf([
      policyOf('narrow', [ruleOf('openid-only', { scopes: ['openid'] })], { priority: 1 }),
      policyOf('broad', [ruleOf('any', { access: 5 })], { priority: 2, sequence: 2 }),
    ]);
    expect(evaluatePolicy(view, request())).toMatchObject({ matched: true, policyId: 'broad', ruleId: 'any', lifetimes: { accessTokenMinutes: 5 } });
  });

  it('explains every policy and rule it examined, in order, with the failed condition', () => {
    const view = viewOf([
      policyOf('p-inactive', [ruleOf('never-seen')], { priority: 1, status: 'INACTIVE' }),
      policyOf('p-other-client', [ruleOf('never-seen-2')], { priority: 2, clients: ['cli'], sequence: 2 }),
      policyOf(
        'p-web',
        [
          ruleOf('r-off', { priority: 1, status: 'INACTIVE', sequence: 1 }),
          ruleOf('r-grant', { priority: 2, grantTypes: ['client_credentials'], sequence: 2 }),
          ruleOf('r-scope', { priority: 3, scopes: ['openid'], sequence: 3 }),
          ruleOf('r-user', { priority: 4, people: { usersInclude: ['bob'] }, sequence: 4 }),
          ruleOf('r-group', { priority: 5, people: { groupsInclude: ['admins'] }, sequence: 5 }),
          ruleOf('r-excluded', { priority: 6, people: { groupsInclude: ['EVERYONE'], groupsExclude: ['staff'] }, sequence: 6 }),
        ],
        { priority: 3, clients: ['web'], sequence: 3 },
      ),
    ]);
    const decision = evaluatePolicy(view, request());
    expect(decision).toMatchObject({ matched: false, reason: 'no_matching_policy' });
    expect(decision.explanation.map(({ policyId, ruleId, matched, failedCondition }) => [policyId, ruleId, matched, failedCondition])).toEqual([
      ['p-inactive', undefined, false, 'status'],
      ['p-other-client', undefined, false, 'clients'],
      ['p-web', undefined, true, undefined],
      ['p-web', 'r-off', false, 'status'],
      ['p-web', 'r-grant', false, 'grantTypes'],
      ['p-web', 'r-scope', false, 'scopes'],
      ['p-web', 'r-user', false, 'people.users'],
      ['p-web', 'r-group', false, 'people.groups'],
      ['p-web', 'r-excluded', false, 'people.groups'],
    ]);
    expect(decision.explanation[5].detail).toBe('requested [offline_access] not in [openid]');
    expect(decision.explanation[1].detail).toBe("client 'web' is not in [cli]");
  });

  describe('explanation (what the explain endpoint answers)', () => {
    const applies = { policyId: 'p', matched: true, detail: "policy applies to client 'web'" };

    it.each<[string, PolicyViewPolicy, Partial<PolicyRequest>, PolicyExplanationEntry[]]>([
      ['policy inactive', policyOf('p', [ruleOf('r')], { status: 'INACTIVE' }), {}, [{ policyId: 'p', matched: false, failedCondition: 'status', detail: 'policy is INACTIVE' }]],
      [
        'client not included',
        policyOf('p', [ruleOf('r')], { clients: ['cli', 'mobile'] }),
        {},
        [{ policyId: 'p', matched: false, failedCondition: 'clients', detail: "client 'web' is not in [cli, mobile]" }],
      ],
      ['rule inactive', policyOf('p', [ruleOf('r', { status: 'INACTIVE' })]), {}, [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'status', detail: 'rule is INACTIVE' }]],
      [
        'grant type not included',
        policyOf('p', [ruleOf('r', { grantTypes: ['client_credentials', 'password'] })]),
        {},
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'grantTypes', detail: "grant type 'authorization_code' is not in [client_credentials, password]" }],
      ],
      [
        'scopes not included (each one named)',
        policyOf('p', [ruleOf('r', { scopes: ['openid', 'email'] })]),
        { scopes: ['openid', 'offline_access', 'profile'] },
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'scopes', detail: 'requested [offline_access, profile] not in [openid, email]' }],
      ],
      [
        'user excluded (despite EVERYONE)',
        policyOf('p', [ruleOf('r', { people: { groupsInclude: ['EVERYONE'], usersExclude: ['alice'] } })]),
        {},
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'people.users', detail: "user 'alice' is excluded" }],
      ],
      [
        'group excluded (the first of the user\'s groups that is)',
        policyOf('p', [ruleOf('r', { people: { usersInclude: ['alice'], groupsExclude: ['contractors', 'staff'] } })]),
        { groups: ['admins', 'staff', 'contractors'] },
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'people.groups', detail: "group 'staff' is excluded" }],
      ],
      [
        'user not included, only users listed: names the users',
        policyOf('p', [ruleOf('r', { people: { usersInclude: ['bob', 'carol'] } })]),
        {},
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'people.users', detail: "user 'alice' is not in [bob, carol] and none of groups [staff] is in []" }],
      ],
      [
        'user not included, only groups listed: names the groups',
        policyOf('p', [ruleOf('r', { people: { groupsInclude: ['admins', 'auditors'] } })]),
        { groups: ['staff', 'interns'] },
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'people.groups', detail: "user 'alice' is not in [] and none of groups [staff, interns] is in [admins, auditors]" }],
      ],
      [
        'user not included, users and groups listed: names the groups',
        policyOf('p', [ruleOf('r', { people: { usersInclude: ['bob'], groupsInclude: ['admins'] } })]),
        {},
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'people.groups', detail: "user 'alice' is not in [bob] and none of groups [staff] is in [admins]" }],
      ],
      [
        'nobody included at all: names the groups',
        policyOf('p', [ruleOf('r', { people: {} })]),
        {},
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'people.groups', detail: "user 'alice' is not in [] and none of groups [staff] is in []" }],
      ],
      [
        'user without groups not included',
        policyOf('p', [ruleOf('r', { people: { groupsInclude: ['admins'] } })]),
        { groups: undefined },
        [applies, { policyId: 'p', ruleId: 'r', matched: false, failedCondition: 'people.groups', detail: "user 'alice' is not in [] and none of groups [] is in [admins]" }],
      ],
    ])('%s', (_name, policy, overrides, expected) => {
      const decision = evaluatePolicy(viewOf([policy]), request(overrides));
      expect(decision).toEqual({ matched: false, authorizationServerId: 'as', configVersion: 7, reason: 'no_matching_policy', explanation: expected });
    });

    it('ends at the matching rule: later rules and policies are not examined', () => {
      const view = viewOf([
        policyOf('p', [ruleOf('r-scope', { scopes: ['email'], sequence: 1 }), ruleOf('r', { priority: 2, sequence: 2 }), ruleOf('r-later', { priority: 3, sequence: 3 })], { sequence: 1 }),
        policyOf('p-later', [ruleOf('r2')], { priority: 2, sequence: 2 }),
      ]);
      expect(evaluatePolicy(view, request()).explanation).toEqual([
        applies,
        { policyId: 'p', ruleId: 'r-scope', matched: false, failedCondition: 'scopes', detail: 'requested [openid, offline_access] not in [email]' },
        { policyId: 'p', ruleId: 'r', matched: true, detail: 'all conditions hold' },
      ]);
    });
  });

  it('does not depend on the order policies and rules are listed in', () => {
    const policies = [
      policyOf('a', [ruleOf('a1', { priority: 2, sequence: 4 }), ruleOf('a2', { priority: 1, scopes: ['email'], sequence: 5 })], { priority: 2, sequence: 1 }),
      policyOf('b', [ruleOf('b1', { grantTypes: ['password'], sequence: 6 })], { priority: 1, sequence: 2 }),
    ];
    expect(winner(viewOf(policies), request())).toBe('a/a1');
    expect(winner(viewOf([...policies].reverse().map((p) => ({ ...p, rules: [...p.rules].reverse() }))), request())).toBe('a/a1');
  });
});
