import type { AccessPolicyInput, PolicyRuleInput } from '../authorization-server/authorization-server.commands';
import type { AuthorizationServerEvent } from '../authorization-server/authorization-server.events';
import {
  AS_ID,
  LATER,
  policy,
  policyCreated,
  policyInput,
  rule,
  ruleCreated,
  ruleInput,
  serverCreated,
} from '../authorization-server/authorization-server.fixtures';
import {
  evolveAuthorizationServer,
  initialAuthorizationServerState,
  type AuthorizationServerState,
} from '../authorization-server/authorization-server.state';
import { ConfigurationNotFoundError, InvalidConfigurationError } from './configuration.errors';
import {
  draftPolicyViews,
  PolicyWhatIfTally,
  refreshEffect,
  type MatchedRule,
  type PolicyDraftCommand,
  type PolicyWhatIfSummary,
  type RefreshEffect,
  type RefreshEffectKind,
  type RefreshingFamily,
} from './policy-what-if';

const token = (access: number, refresh = 0, window = 10080) => ({
  token: { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window },
});

/**
 * The server `partners`: policy `pol-1` for all clients with `rule-1` (60 min), plus `extra`
 * events; its stream revision is the number of events minus one (2 without extras).
 */
function serverState(...extra: AuthorizationServerEvent[]): AuthorizationServerState {
  return [serverCreated(), policyCreated(), ruleCreated(), ...extra].reduce(evolveAuthorizationServer, initialAuthorizationServerState());
}

/** `rule-2` of `pol-1`, below `rule-1`, with its own lifetimes and conditions. */
const secondRule = (overrides: Parameters<typeof rule>[0] = {}) =>
  ruleCreated(rule({ id: 'rule-2', name: 'Fallback', priority: 2, actions: token(30, 0, 1440), ...overrides }));

const family = (overrides: Partial<RefreshingFamily> = {}): RefreshingFamily => ({
  clientId: 'app-1',
  grantType: 'authorization_code',
  scopes: ['openid', 'offline_access'],
  subject: 'alice',
  groups: [],
  ...overrides,
});

const updateRule = (input: PolicyRuleInput): PolicyDraftCommand => ({ type: 'UpdatePolicyRule', data: { authorizationServerId: AS_ID, rule: input, now: LATER } });
const ruleLifecycle = (type: 'ActivatePolicyRule' | 'DeactivatePolicyRule' | 'DeletePolicyRule', ruleId: string): PolicyDraftCommand => ({
  type,
  data: { authorizationServerId: AS_ID, policyId: 'pol-1', ruleId, now: LATER },
});

function effectsOf(state: AuthorizationServerState, revision: number, command: PolicyDraftCommand, families: readonly RefreshingFamily[]): RefreshEffect[] {
  const views = draftPolicyViews(state, revision, command);
  return families.map((f) => refreshEffect(views, f));
}

describe('draftPolicyViews', () => {
  it('folds the events the draft would append into a copy: the current view is untouched, the draft one has its version', () => {
    const state = serverState();
    const before = JSON.stringify(state);
    const views = draftPolicyViews(state, 2, updateRule(ruleInput({ actions: token(15) })));
    expect(views.eventCount).toBe(1);
    expect(views.current.configVersion).toBe(2);
    expect(views.draft.configVersion).toBe(3);
    expect(views.current.policies[0].rules[0].actions.token.accessTokenLifetimeMinutes).toBe(60);
    expect(views.draft.policies[0].rules[0].actions.token.accessTokenLifetimeMinutes).toBe(15);
    expect(JSON.stringify(state)).toBe(before);
  });

  it('answers a draft that changes nothing with no events and the same version', () => {
    const views = draftPolicyViews(serverState(), 2, updateRule(ruleInput()));
    expect(views.eventCount).toBe(0);
    expect(views.draft).toEqual(views.current);
  });

  it('deleting a policy counts its rules’ deletions too', () => {
    const state = serverState(secondRule());
    const views = draftPolicyViews(state, 3, { type: 'DeleteAccessPolicy', data: { authorizationServerId: AS_ID, policyId: 'pol-1', now: LATER } });
    expect(views.eventCount).toBe(3);
    expect(views.draft.configVersion).toBe(6);
    expect(views.draft.policies).toEqual([]);
  });

  it('refuses a draft the write would refuse, with the decider’s error', () => {
    const state = serverState();
    expect(() => draftPolicyViews(state, 2, updateRule(ruleInput({ actions: token(1) })))).toThrow(InvalidConfigurationError);
    expect(() => draftPolicyViews(state, 2, updateRule(ruleInput({ id: 'nope' })))).toThrow(ConfigurationNotFoundError);
    expect(() => draftPolicyViews(state, 2, ruleLifecycle('DeletePolicyRule', 'nope'))).toThrow(ConfigurationNotFoundError);
    expect(() =>
      draftPolicyViews(state, 2, { type: 'CreatePolicyRule', data: { authorizationServerId: AS_ID, rule: ruleInput({ id: 'r', conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['admin:all'] } } }), now: LATER } }),
    ).toThrow(InvalidConfigurationError);
    expect(() => draftPolicyViews(initialAuthorizationServerState(), -1, ruleLifecycle('DeactivatePolicyRule', 'rule-1'))).toThrow(ConfigurationNotFoundError);
  });
});

describe('refreshEffect', () => {
  it('a rule that shortens the access-token lifetime changes it for every family it governs', () => {
    const [effect] = effectsOf(serverState(), 2, updateRule(ruleInput({ name: 'Short-lived', actions: token(15) })), [family()]);
    expect(effect.kind).toBe('accessTokenLifetimeChanged');
    expect(effect.before).toMatchObject({ policyId: 'pol-1', ruleId: 'rule-1', ruleName: 'Refreshing users', lifetimes: { accessTokenMinutes: 60 } });
    // The same rule renamed in the draft: each side carries the name of its own configuration.
    expect(effect.after).toMatchObject({ policyId: 'pol-1', ruleId: 'rule-1', ruleName: 'Short-lived', lifetimes: { accessTokenMinutes: 15 } });
  });

  it('a change of the refresh-token lifetime or window alone leaves existing families unchanged (fixed at their issuance)', () => {
    const [effect] = effectsOf(serverState(), 2, updateRule(ruleInput({ actions: token(60, 43_200, 720) })), [family()]);
    expect(effect.kind).toBe('unchanged');
    expect(effect.after?.lifetimes).toEqual({ accessTokenMinutes: 60, refreshTokenMinutes: 43_200, refreshTokenWindowMinutes: 720 });
  });

  it('a rule deactivated: families its fallback also covers move to it, the others stop matching', () => {
    // rule-2 allows only openid and offline_access: a family granted orders:read has no fallback.
    const state = serverState(secondRule({ conditions: { ...rule().conditions, scopes: { include: ['openid', 'offline_access'] } } }));
    const [moves, stops] = effectsOf(state, 3, ruleLifecycle('DeactivatePolicyRule', 'rule-1'), [
      family(),
      family({ scopes: ['openid', 'offline_access', 'orders:read'] }),
    ]);
    expect(moves).toMatchObject({ kind: 'movesToAnotherRule', before: { ruleId: 'rule-1' }, after: { ruleId: 'rule-2', ruleName: 'Fallback', lifetimes: { accessTokenMinutes: 30 } } });
    expect(stops).toMatchObject({ kind: 'stopsMatching', before: { ruleId: 'rule-1' }, after: null });
    // The names come from the view each side was evaluated on.
    expect([moves.before, moves.after].map((m) => [m?.policyName, m?.ruleName])).toEqual([
      ['Partner apps', 'Refreshing users'],
      ['Partner apps', 'Fallback'],
    ]);
  });

  it('the only rule deleted: every family stops matching', () => {
    const effects = effectsOf(serverState(), 2, ruleLifecycle('DeletePolicyRule', 'rule-1'), [family(), family({ clientId: 'app-2', subject: 'bob' })]);
    expect(effects.map((e) => e.kind)).toEqual(['stopsMatching', 'stopsMatching']);
  });

  it('a group condition: members keep the rule, others stop matching; the family’s own grant type is matched', () => {
    const staffOnly = ruleInput({
      conditions: { ...ruleInput().conditions, people: { groups: { include: ['staff'] } } },
    });
    const effects = effectsOf(serverState(), 2, updateRule(staffOnly), [
      family({ groups: ['staff'] }),
      family({ groups: ['guests'] }),
      family({ subject: 'carol', groups: ['staff', 'contractors'] }),
    ]);
    expect(effects.map((e) => e.kind)).toEqual(['unchanged', 'stopsMatching', 'unchanged']);

    const excluded = ruleInput({ conditions: { ...ruleInput().conditions, people: { groups: { include: ['EVERYONE'], exclude: ['contractors'] } } } });
    expect(effectsOf(serverState(), 2, updateRule(excluded), [family({ groups: ['staff', 'contractors'] })])[0].kind).toBe('stopsMatching');

    const codeOnly = ruleInput({ conditions: { ...ruleInput().conditions, grantTypes: { include: ['client_credentials'] } } });
    expect(effectsOf(serverState(), 2, updateRule(codeOnly), [family({ grantType: 'authorization_code' })])[0].kind).toBe('stopsMatching');
  });

  it('a scope condition narrows which families a rule keeps', () => {
    const openidOnly = ruleInput({ conditions: { ...ruleInput().conditions, scopes: { include: ['openid', 'offline_access'] } } });
    const effects = effectsOf(serverState(), 2, updateRule(openidOnly), [family(), family({ scopes: ['openid', 'offline_access', 'orders:read'] })]);
    expect(effects.map((e) => e.kind)).toEqual(['unchanged', 'stopsMatching']);
  });

  it('activating a rule: families it outranks move to it; families no rule matched start matching', () => {
    const staff = { users: { include: [], exclude: [] }, groups: { include: ['staff'], exclude: [] } };
    const state = [
      serverCreated(),
      policyCreated(),
      ruleCreated(rule({ priority: 2 })),
      ruleCreated(rule({ id: 'rule-0', name: 'Staff', priority: 1, status: 'INACTIVE', actions: token(5, 0, 60), conditions: { ...rule().conditions, people: staff } })),
    ].reduce(evolveAuthorizationServer, initialAuthorizationServerState());
    const effects = effectsOf(state, 3, ruleLifecycle('ActivatePolicyRule', 'rule-0'), [family({ groups: ['staff'] }), family()]);
    expect(effects[0]).toMatchObject({ kind: 'movesToAnotherRule', before: { ruleId: 'rule-1' }, after: { ruleId: 'rule-0', lifetimes: { accessTokenMinutes: 5 } } });
    expect(effects[1].kind).toBe('unchanged');

    const noRule = serverState(ruleCreated(rule({ id: 'rule-2', priority: 2, status: 'INACTIVE' })), {
      type: 'PolicyRuleDeactivated',
      data: { authorizationServerId: AS_ID, policyId: 'pol-1', ruleId: 'rule-1', deactivatedAt: LATER },
    });
    expect(effectsOf(noRule, 4, ruleLifecycle('ActivatePolicyRule', 'rule-2'), [family()])[0]).toMatchObject({ kind: 'startsMatching', before: null, after: { ruleId: 'rule-2' } });
    expect(effectsOf(noRule, 4, ruleLifecycle('DeletePolicyRule', 'rule-2'), [family()])[0]).toMatchObject({ kind: 'stillUnmatched', before: null, after: null });
  });

  it('a policy ranked first for one client takes that client’s families only, once it has a rule', () => {
    const app2 = { clients: { include: ['app-2'] } };
    const second = [serverCreated(), policyCreated(policy({ priority: 2 })), ruleCreated()];
    const secondState = second.reduce(evolveAuthorizationServer, initialAuthorizationServerState());
    const create: PolicyDraftCommand = {
      type: 'CreateAccessPolicy',
      data: { authorizationServerId: AS_ID, policy: policyInput({ id: 'pol-0', name: 'App 2', priority: 1, conditions: app2 }), knownClientIds: ['app-2'], now: LATER },
    };
    // A policy without rules matches nothing: evaluation goes on to the next policy.
    expect(effectsOf(secondState, 2, create, [family({ clientId: 'app-2' })])[0].kind).toBe('unchanged');

    const withRule = [...second, policyCreated(policy({ id: 'pol-0', name: 'App 2', priority: 5, conditions: app2 })), ruleCreated(rule({ id: 'rule-9', policyId: 'pol-0', actions: token(10) }))].reduce(
      evolveAuthorizationServer,
      initialAuthorizationServerState(),
    );
    const reprioritised: AccessPolicyInput = policyInput({ id: 'pol-0', name: 'App 2', priority: 1, conditions: app2 });
    const effects = effectsOf(withRule, 4, { type: 'UpdateAccessPolicy', data: { authorizationServerId: AS_ID, policy: reprioritised, knownClientIds: ['app-2'], now: LATER } }, [
      family({ clientId: 'app-1' }),
      family({ clientId: 'app-2' }),
    ]);
    expect(effects[0].kind).toBe('unchanged');
    expect(effects[1]).toMatchObject({ kind: 'movesToAnotherRule', before: { policyId: 'pol-1' }, after: { policyId: 'pol-0', policyName: 'App 2', ruleId: 'rule-9' } });
  });

  it('a policy deactivated or deleted stops every family it governed without a fallback', () => {
    const lifecycle = (type: 'DeactivateAccessPolicy' | 'DeleteAccessPolicy'): PolicyDraftCommand => ({ type, data: { authorizationServerId: AS_ID, policyId: 'pol-1', now: LATER } });
    expect(effectsOf(serverState(), 2, lifecycle('DeactivateAccessPolicy'), [family()])[0].kind).toBe('stopsMatching');
    expect(effectsOf(serverState(), 2, lifecycle('DeleteAccessPolicy'), [family()])[0].kind).toBe('stopsMatching');
  });
});

describe('PolicyWhatIfTally', () => {
  const views = draftPolicyViews(
    serverState(secondRule({ conditions: { ...rule().conditions, scopes: { include: ['openid', 'offline_access'] } } })),
    3,
    ruleLifecycle('DeactivatePolicyRule', 'rule-1'),
  );

  it('counts per kind, per transition and per client, and keeps at most the cap of examples per kind, first ones first', () => {
    const tally = new PolicyWhatIfTally<{ familyId: string }>(2);
    const families: (RefreshingFamily & { id: string })[] = [
      { ...family({ clientId: 'app-b' }), id: 'f1' },
      { ...family({ clientId: 'app-a' }), id: 'f2' },
      { ...family({ clientId: 'app-a', scopes: ['orders:read'] }), id: 'f3' },
      { ...family({ clientId: 'app-b' }), id: 'f4' },
      { ...family({ clientId: 'app-b' }), id: 'f5' },
    ];
    for (const f of families) {
      const effect = refreshEffect(views, f);
      tally.add(f.clientId, effect, tally.wantsExample(effect.kind) ? { familyId: f.id } : undefined);
    }
    const summary = tally.summary();
    expect(summary.familiesExamined).toBe(5);
    expect(summary.counts).toEqual({ unchanged: 0, accessTokenLifetimeChanged: 0, movesToAnotherRule: 4, stopsMatching: 1, startsMatching: 0, stillUnmatched: 0 });
    expect(summary.transitions.map((t) => [t.kind, t.before?.ruleId ?? null, t.after?.ruleId ?? null, t.families])).toEqual([
      ['movesToAnotherRule', 'rule-1', 'rule-2', 4],
      ['stopsMatching', 'rule-1', null, 1],
    ]);
    expect(summary.clients).toEqual([
      { clientId: 'app-a', families: 2, counts: expect.objectContaining({ movesToAnotherRule: 1, stopsMatching: 1 }) },
      { clientId: 'app-b', families: 3, counts: expect.objectContaining({ movesToAnotherRule: 3, stopsMatching: 0 }) },
    ]);
    expect(summary.examples).toEqual([
      { familyId: 'f1', kind: 'movesToAnotherRule' },
      { familyId: 'f2', kind: 'movesToAnotherRule' },
      { familyId: 'f3', kind: 'stopsMatching' },
    ]);
    expect(tally.wantsExample('movesToAnotherRule')).toBe(false);
    expect(tally.wantsExample('stopsMatching')).toBe(true);
  });

  it('keeps no examples with a cap of 0', () => {
    const tally = new PolicyWhatIfTally<{ familyId: string }>(0);
    tally.add('app-a', refreshEffect(views, family()), { familyId: 'f1' });
    expect(tally.summary().examples).toEqual([]);
    expect(tally.summary().counts.movesToAnotherRule).toBe(1);
  });
});

describe('PolicyWhatIfTally summary order', () => {
  /** A matched rule of `pol-1`, as `refreshEffect` reports it. */
  const matched = (ruleId: string, accessTokenMinutes = 60): MatchedRule => ({
    policyId: 'pol-1',
    policyName: 'Partner apps',
    ruleId,
    ruleName: `Rule ${ruleId}`,
    lifetimes: { accessTokenMinutes, refreshTokenMinutes: 0, refreshTokenWindowMinutes: 10080 },
  });
  const effect = (kind: RefreshEffectKind, before: string | null, after: string | null): RefreshEffect => ({
    kind,
    before: before === null ? null : matched(before),
    after: after === null ? null : matched(after),
  });
  const addAll = (tally: PolicyWhatIfTally<object>, clientId: string, e: RefreshEffect, times: number) => {
    for (let i = 0; i < times; i += 1) tally.add(clientId, e);
  };
  const rows = (summary: PolicyWhatIfSummary<object>) => summary.transitions.map((t) => [t.kind, t.before?.ruleId ?? null, t.after?.ruleId ?? null, t.families]);

  it('lists transitions most families first, ties in kind order, then in the order they were first seen', () => {
    const tally = new PolicyWhatIfTally<object>(0);
    // Added in an order that is neither by families nor by kind.
    addAll(tally, 'app-1', effect('stillUnmatched', null, null), 1);
    addAll(tally, 'app-1', effect('stopsMatching', 'rule-1', null), 1);
    addAll(tally, 'app-1', effect('startsMatching', null, 'rule-3'), 2);
    addAll(tally, 'app-1', effect('movesToAnotherRule', 'rule-1', 'rule-2'), 2);
    addAll(tally, 'app-1', effect('startsMatching', null, 'rule-2'), 2);
    addAll(tally, 'app-1', effect('unchanged', 'rule-1', 'rule-1'), 2);
    addAll(tally, 'app-1', effect('accessTokenLifetimeChanged', 'rule-1', 'rule-1'), 3);

    expect(rows(tally.summary())).toEqual([
      ['accessTokenLifetimeChanged', 'rule-1', 'rule-1', 3],
      ['unchanged', 'rule-1', 'rule-1', 2],
      ['movesToAnotherRule', 'rule-1', 'rule-2', 2],
      // The same kind from no rule to two different rules: two transitions, first seen first.
      ['startsMatching', null, 'rule-3', 2],
      ['startsMatching', null, 'rule-2', 2],
      ['stopsMatching', 'rule-1', null, 1],
      ['stillUnmatched', null, null, 1],
    ]);
  });

  it('keeps one transition per distinct rule before and after, lifetimes included', () => {
    const tally = new PolicyWhatIfTally<object>(0);
    tally.add('app-1', { kind: 'accessTokenLifetimeChanged', before: matched('rule-1', 60), after: matched('rule-1', 15) });
    tally.add('app-1', { kind: 'accessTokenLifetimeChanged', before: matched('rule-1', 60), after: matched('rule-1', 30) });
    tally.add('app-1', { kind: 'accessTokenLifetimeChanged', before: matched('rule-1', 60), after: matched('rule-1', 15) });
    expect(tally.summary().transitions.map((t) => [t.after?.lifetimes.accessTokenMinutes, t.families])).toEqual([
      [15, 2],
      [30, 1],
    ]);
  });

  it('lists clients by client id in code-unit order, whatever order their families came in', () => {
    const tally = new PolicyWhatIfTally<object>(0);
    const clients = ['app-c', 'app-a', 'App-Z', 'app-d', 'app-b', 'app-a', 'app-c', 'app-a'];
    for (const clientId of clients) tally.add(clientId, effect('unchanged', 'rule-1', 'rule-1'));
    expect(tally.summary().clients.map((c) => [c.clientId, c.families])).toEqual([
      ['App-Z', 1],
      ['app-a', 3],
      ['app-b', 1],
      ['app-c', 2],
      ['app-d', 1],
    ]);
  });

  it('a summary is a snapshot: families added later do not change it', () => {
    const tally = new PolicyWhatIfTally<{ familyId: string }>(5);
    tally.add('app-1', effect('stopsMatching', 'rule-1', null), { familyId: 'f1' });
    const first = tally.summary();
    tally.add('app-1', effect('stopsMatching', 'rule-1', null), { familyId: 'f2' });
    tally.add('app-2', effect('stopsMatching', 'rule-1', null), { familyId: 'f3' });

    expect(first.familiesExamined).toBe(1);
    expect(first.counts.stopsMatching).toBe(1);
    expect(first.transitions.map((t) => t.families)).toEqual([1]);
    expect(first.clients).toEqual([{ clientId: 'app-1', families: 1, counts: expect.objectContaining({ stopsMatching: 1 }) }]);
    expect(first.examples).toEqual([{ kind: 'stopsMatching', familyId: 'f1' }]);
    expect(tally.summary().transitions.map((t) => t.families)).toEqual([3]);
  });

  it('keeps no example for a family added without one, even below the cap', () => {
    const tally = new PolicyWhatIfTally<{ familyId: string }>(5);
    tally.add('app-1', effect('unchanged', 'rule-1', 'rule-1'));
    tally.add('app-1', effect('unchanged', 'rule-1', 'rule-1'), { familyId: 'f2' });
    expect(tally.summary().examples).toEqual([{ kind: 'unchanged', familyId: 'f2' }]);
    expect(tally.wantsExample('unchanged')).toBe(true);
  });
});
