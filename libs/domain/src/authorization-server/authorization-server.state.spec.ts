import { evaluatePolicy } from '../policy/evaluate-policy';
import { authorizationServerDecider } from './authorization-server.decider';
import { defaultAuthorizationServerDeclaration } from './authorization-server.defaults';
import type { AuthorizationServerEvent } from './authorization-server.events';
import { toPolicyView, type AuthorizationServerState } from './authorization-server.state';
import { AS_ID, LATER, NOW, policy, policyCreated, rule, ruleCreated, serverCreated } from './authorization-server.fixtures';

const { decide, evolve, initialState } = authorizationServerDecider;
const fold = (events: readonly AuthorizationServerEvent[]): AuthorizationServerState => events.reduce(evolve, initialState());

describe('evolveAuthorizationServer', () => {
  it('assigns creation sequences in order and keeps them across updates', () => {
    const state = fold([
      serverCreated(),
      policyCreated(policy({ id: 'b' })),
      policyCreated(policy({ id: 'a' })),
      ruleCreated(rule({ policyId: 'a' })),
      { type: 'AccessPolicyUpdated', data: { authorizationServerId: AS_ID, policy: policy({ id: 'b', name: 'B' }), updatedAt: LATER } },
    ]);
    expect(state.status === 'created' && state.policies.map((p) => [p.id, p.sequence, p.name, p.created, p.lastUpdated])).toEqual([
      ['b', 1, 'B', NOW, LATER],
      ['a', 2, 'Partner apps', NOW, NOW],
    ]);
    expect(state.status === 'created' && state.rules.map((r) => [r.id, r.sequence])).toEqual([['rule-1', 3]]);
  });

  it('drops a deleted policy with its rules', () => {
    const state = fold([
      serverCreated(),
      policyCreated(),
      ruleCreated(),
      { type: 'AccessPolicyDeleted', data: { authorizationServerId: AS_ID, policyId: 'pol-1', deletedAt: LATER } },
    ]);
    expect(state).toMatchObject({ status: 'created', policies: [], rules: [] });
  });

  it('is total: events that do not fit the state leave it unchanged', () => {
    expect(fold([policyCreated()])).toEqual(initialState());
    const created = fold([serverCreated()]);
    expect(evolve(created, ruleCreated())).toEqual(created); // rule of an unknown policy
    expect(evolve(created, serverCreated())).toEqual(created);
    const gone = fold([serverCreated(), { type: 'AuthorizationServerDeleted', data: { authorizationServerId: AS_ID, deletedAt: NOW } }]);
    expect(evolve(gone, policyCreated())).toEqual({ status: 'deleted', authorizationServerId: AS_ID });
  });
});

describe('evolveAuthorizationServer: lifecycle times and history that does not fit', () => {
  const EVEN_LATER = LATER + 60_000;
  const policyEvent = (type: 'AccessPolicyActivated' | 'AccessPolicyDeactivated', at: number): AuthorizationServerEvent =>
    type === 'AccessPolicyActivated'
      ? { type, data: { authorizationServerId: AS_ID, policyId: 'pol-1', activatedAt: at } }
      : { type, data: { authorizationServerId: AS_ID, policyId: 'pol-1', deactivatedAt: at } };
  const ruleEvent = (type: 'PolicyRuleActivated' | 'PolicyRuleDeactivated', at: number): AuthorizationServerEvent =>
    type === 'PolicyRuleActivated'
      ? { type, data: { authorizationServerId: AS_ID, policyId: 'pol-1', ruleId: 'rule-1', activatedAt: at } }
      : { type, data: { authorizationServerId: AS_ID, policyId: 'pol-1', ruleId: 'rule-1', deactivatedAt: at } };
  const created = (state: AuthorizationServerState) => {
    if (state.status !== 'created') throw new Error('expected a created server');
    return state;
  };

  it('dates a policy status change at the activation or the deactivation, whichever it is', () => {
    const off = created(fold([serverCreated(), policyCreated(), policyEvent('AccessPolicyDeactivated', LATER)]));
    expect(off.policies.map((p) => [p.status, p.lastUpdated])).toEqual([['INACTIVE', LATER]]);
    const on = created(evolve(off, policyEvent('AccessPolicyActivated', EVEN_LATER)));
    expect(on.policies.map((p) => [p.status, p.lastUpdated])).toEqual([['ACTIVE', EVEN_LATER]]);
  });

  it('dates a rule status change at the activation or the deactivation, whichever it is', () => {
    const off = created(fold([serverCreated(), policyCreated(), ruleCreated(), ruleEvent('PolicyRuleDeactivated', LATER)]));
    expect(off.rules.map((r) => [r.status, r.lastUpdated])).toEqual([['INACTIVE', LATER]]);
    const on = created(evolve(off, ruleEvent('PolicyRuleActivated', EVEN_LATER)));
    expect(on.rules.map((r) => [r.status, r.lastUpdated])).toEqual([['ACTIVE', EVEN_LATER]]);
  });

  it('ignores a second creation of a policy or a rule id, and a rule of an unknown policy', () => {
    const state = fold([serverCreated(), policyCreated(), ruleCreated()]);
    expect(evolve(state, policyCreated(policy({ name: 'Again' })))).toEqual(state);
    expect(evolve(state, ruleCreated(rule({ name: 'Again' })))).toEqual(state);
    expect(evolve(state, ruleCreated(rule({ id: 'rule-2', policyId: 'pol-unknown' })))).toEqual(state);
  });

  it('counts creation sequences up with each rule, and updates a rule only under its own policy', () => {
    const state = created(
      fold([serverCreated(), policyCreated(), policyCreated(policy({ id: 'pol-2' })), ruleCreated(), ruleCreated(rule({ id: 'rule-2' }))]),
    );
    expect(state.nextSequence).toBe(5);
    const elsewhere: AuthorizationServerEvent = {
      type: 'PolicyRuleUpdated',
      data: { authorizationServerId: AS_ID, rule: rule({ policyId: 'pol-2', name: 'Moved' }), updatedAt: LATER },
    };
    expect(created(evolve(state, elsewhere)).rules.map((r) => [r.id, r.policyId, r.name])).toEqual(
      state.rules.map((r) => [r.id, r.policyId, r.name]),
    );
  });
});

describe('toPolicyView', () => {
  it("lists under each policy only that policy's rules", () => {
    const state = fold([serverCreated(), policyCreated(), policyCreated(policy({ id: 'pol-2' })), ruleCreated()]);
    expect(toPolicyView(state, 3n)!.policies.map((p) => [p.id, p.rules.map((r) => r.id)])).toEqual([
      ['pol-1', ['rule-1']],
      ['pol-2', []],
    ]);
  });

  it('gives the evaluator the policies, rules, sequences and the stream revision as configuration version', () => {
    const state = fold([serverCreated(), policyCreated(), ruleCreated()]);
    expect(toPolicyView(state, 2n)).toEqual({
      authorizationServerId: AS_ID,
      status: 'ACTIVE',
      configVersion: 2,
      policies: [{ ...policy(), sequence: 1, rules: [{ ...rule(), sequence: 2 }] }],
    });
  });

  it('is null for a server that does not exist or was deleted', () => {
    expect(toPolicyView(initialState(), 0)).toBeNull();
    expect(
      toPolicyView(fold([serverCreated(), { type: 'AuthorizationServerDeleted', data: { authorizationServerId: AS_ID, deletedAt: NOW } }]), 1),
    ).toBeNull();
  });

  it('makes the seeded default server grant Okta defaults to any client, grant and user', () => {
    const events = decide(
      { type: 'ApplyAuthorizationServerDeclaration', data: { declaration: defaultAuthorizationServerDeclaration(), knownClientIds: [], now: NOW } },
      initialState(),
    );
    const view = toPolicyView(fold(events), BigInt(events.length - 1));
    expect(view).not.toBeNull();
    for (const grantType of ['authorization_code', 'refresh_token', 'client_credentials']) {
      expect(
        evaluatePolicy(view!, { clientId: 'any', grantType, scopes: ['openid', 'offline_access'], subject: 'u1' }),
      ).toMatchObject({
        matched: true,
        policyId: 'default-policy',
        ruleId: 'default-rule',
        configVersion: 2,
        lifetimes: { accessTokenMinutes: 60, refreshTokenMinutes: 0, refreshTokenWindowMinutes: 10080 },
      });
    }
  });
});
