import fc from 'fast-check';
import { evaluatePolicy, type PolicyRequest } from './evaluate-policy';
import type { PolicyView, PolicyViewPolicy, PolicyViewRule } from './policy-view';

/**
 * `evaluatePolicy` against a reference written the other way round: collect every
 * (policy, rule) pair whose conditions all hold, then take the smallest by
 * (policy priority, policy age, rule priority, rule age). Okta's "first match wins" with
 * fall-through to the next policy is exactly that minimum.
 */
function reference(view: PolicyView, req: PolicyRequest): { policyId: string; ruleId: string; access: number } | null {
  if (view.status !== 'ACTIVE') return null;
  const candidates: { policy: PolicyViewPolicy; rule: PolicyViewRule }[] = [];
  for (const policy of view.policies) {
    if (policy.status !== 'ACTIVE') continue;
    const clients = policy.conditions.clients.include;
    if (!(clients.includes('ALL_CLIENTS') || clients.includes(req.clientId))) continue;
    for (const rule of policy.rules) {
      if (rule.status !== 'ACTIVE') continue;
      if (!rule.conditions.grantTypes.include.includes(req.grantType)) continue;
      const allowed = rule.conditions.scopes.include;
      let scopesOk = true;
      for (const scope of req.scopes) {
        if (!allowed.includes('*') && !allowed.includes(scope)) scopesOk = false;
      }
      if (!scopesOk) continue;
      if (req.subject !== undefined) {
        const people = rule.conditions.people;
        const groups = req.groups ?? [];
        let excluded = people.users.exclude.includes(req.subject);
        for (const group of groups) if (people.groups.exclude.includes(group)) excluded = true;
        let included = people.groups.include.includes('EVERYONE') || people.users.include.includes(req.subject);
        for (const group of groups) if (people.groups.include.includes(group)) included = true;
        if (excluded || !included) continue;
      }
      candidates.push({ policy, rule });
    }
  }
  if (candidates.length === 0) return null;
  candidates.sort(
    (x, y) =>
      x.policy.priority - y.policy.priority ||
      x.policy.sequence - y.policy.sequence ||
      x.rule.priority - y.rule.priority ||
      x.rule.sequence - y.rule.sequence,
  );
  const best = candidates[0];
  return { policyId: best.policy.id, ruleId: best.rule.id, access: best.rule.actions.token.accessTokenLifetimeMinutes };
}

const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'password'];
const status = fc.constantFrom('ACTIVE' as const, 'ACTIVE' as const, 'INACTIVE' as const);

const ruleArb = fc.record({
  priority: fc.integer({ min: 1, max: 3 }),
  status,
  grantTypes: fc.subarray(GRANTS, { minLength: 1 }),
  scopes: fc.oneof(fc.constant(['*']), fc.subarray(['s1', 's2', 's3'], { minLength: 1 })),
  usersInclude: fc.subarray(['u1', 'u2', 'u3']),
  usersExclude: fc.subarray(['u1', 'u2', 'u3'], { maxLength: 1 }),
  groupsInclude: fc.subarray(['EVERYONE', 'g1', 'g2', 'g3']),
  groupsExclude: fc.subarray(['g1', 'g2', 'g3'], { maxLength: 1 }),
  access: fc.integer({ min: 5, max: 1440 }),
});

const policyArb = fc.record({
  priority: fc.integer({ min: 1, max: 3 }),
  status,
  clients: fc.oneof(fc.constant(['ALL_CLIENTS']), fc.subarray(['c1', 'c2', 'c3'], { minLength: 1 })),
  rules: fc.array(ruleArb, { maxLength: 4 }),
});

/** Sequences follow generation order (unique); the view lists everything in a shuffled order. */
const viewArb: fc.Arbitrary<PolicyView> = fc
  .array(policyArb, { maxLength: 5 })
  .map((policies) => {
    let sequence = 0;
    return policies.map((p, i): PolicyViewPolicy => {
      const id = `p${i}`;
      const policySequence = ++sequence;
      return {
        id,
        type: 'OAUTH_AUTHORIZATION_POLICY',
        name: id,
        description: '',
        priority: p.priority,
        status: p.status,
        system: false,
        sequence: policySequence,
        conditions: { clients: { include: p.clients } },
        rules: p.rules.map((r, j): PolicyViewRule => ({
          id: `${id}r${j}`,
          policyId: id,
          type: 'RESOURCE_ACCESS',
          name: `${id}r${j}`,
          priority: r.priority,
          status: r.status,
          system: false,
          sequence: ++sequence,
          conditions: {
            grantTypes: { include: r.grantTypes },
            scopes: { include: r.scopes },
            people: {
              users: { include: r.usersInclude, exclude: r.usersExclude },
              groups: { include: r.groupsInclude, exclude: r.groupsExclude },
            },
          },
          actions: { token: { accessTokenLifetimeMinutes: r.access, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10 } },
        })),
      };
    });
  })
  .chain((policies) =>
    fc.record({
      authorizationServerId: fc.constant('as'),
      status: fc.constantFrom('ACTIVE' as const, 'ACTIVE' as const, 'ACTIVE' as const, 'INACTIVE' as const),
      configVersion: fc.nat(),
      policies: fc.shuffledSubarray(policies, { minLength: policies.length }).chain((shuffled) =>
        fc.tuple(...shuffled.map((p) => fc.shuffledSubarray([...p.rules], { minLength: p.rules.length }).map((rules) => ({ ...p, rules })))),
      ),
    }),
  );

const requestArb: fc.Arbitrary<PolicyRequest> = fc.record(
  {
    clientId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
    grantType: fc.constantFrom(...GRANTS, 'implicit'),
    scopes: fc.subarray(['s1', 's2', 's3', 's4']),
    subject: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
    groups: fc.subarray(['g1', 'g2', 'g3', 'g4']),
  },
  { requiredKeys: ['clientId', 'grantType', 'scopes'] },
);

describe('evaluatePolicy (property)', () => {
  it('agrees with the plain reference on random configurations and requests', () => {
    fc.assert(
      fc.property(viewArb, requestArb, (view, req) => {
        const decision = evaluatePolicy(view, req);
        const expected = reference(view, req);
        if (expected === null) {
          expect(decision.matched).toBe(false);
        } else {
          expect(decision).toMatchObject({
            matched: true,
            policyId: expected.policyId,
            ruleId: expected.ruleId,
            configVersion: view.configVersion,
            lifetimes: { accessTokenMinutes: expected.access },
          });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('explains each examined policy once and the rules of exactly the policies that applied', () => {
    fc.assert(
      fc.property(viewArb, requestArb, (view, req) => {
        const decision = evaluatePolicy(view, req);
        if (view.status !== 'ACTIVE') {
          expect(decision.explanation).toEqual([]);
          return;
        }
        const policyEntries = decision.explanation.filter((e) => e.ruleId === undefined);
        expect(new Set(policyEntries.map((e) => e.policyId)).size).toBe(policyEntries.length);
        for (const entry of decision.explanation.filter((e) => e.ruleId !== undefined)) {
          expect(policyEntries.find((p) => p.policyId === entry.policyId)?.matched).toBe(true);
        }
        for (const entry of decision.explanation) {
          expect(entry.matched === (entry.failedCondition === undefined)).toBe(true);
        }
        if (decision.matched) {
          const last = decision.explanation[decision.explanation.length - 1];
          expect(last).toMatchObject({ policyId: decision.policyId, ruleId: decision.ruleId, matched: true });
          expect(decision.explanation.filter((e) => e.ruleId !== undefined && e.matched)).toHaveLength(1);
        } else {
          // Nothing matched, so every policy was examined, and every rule of each applying policy.
          expect(policyEntries).toHaveLength(view.policies.length);
          const applying = view.policies.filter((p) => policyEntries.find((e) => e.policyId === p.id)?.matched);
          const ruleCount = applying.reduce((n, p) => n + p.rules.length, 0);
          expect(decision.explanation.length - policyEntries.length).toBe(ruleCount);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
