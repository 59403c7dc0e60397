import { ProjectionRunner } from '@ledger/projections';
import { familyIdOf } from '../support/family-events';
import { send } from '../support/http';
import { AUDITOR_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi as api } from '../support/management-api';
import { issueFamily, refresh, revoke } from '../support/token-flows';

/** Okta's `actions.token` in minutes. */
function token(access: number, refresh = 0, window = 10_080) {
  return { token: { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window } };
}

const KINDS = ['unchanged', 'accessTokenLifetimeChanged', 'movesToAnotherRule', 'stopsMatching', 'startsMatching', 'stillUnmatched'] as const;
type Kind = (typeof KINDS)[number];

/** Counts with every kind at 0 but those given. */
function counts(given: Partial<Record<Kind, number>>): Record<Kind, number> {
  return Object.fromEntries(KINDS.map((kind) => [kind, given[kind] ?? 0])) as Record<Kind, number>;
}

/**
 * `POST /api/v1/authorizationServers/{as}/policies/what-if` against the real app: families
 * issued under several clients and users, drafts posted, the counts and examples checked, and
 * the event store's last position compared before and after (a what-if appends nothing). A
 * change then saved for real makes the next refresh do what the what-if said.
 *
 * The server: policy `P` for all clients with rule `R1` (any scope, everyone, 60 min) and,
 * below it, `R2` (openid and offline_access only, group `staff`, 30 min).
 */
describe('policy what-if (draft changes, nothing appended)', () => {
  let ledger: TestLedger;
  let as: string;
  let policyId: string;
  let r1: Record<string, any>;
  let r2: Record<string, any>;
  const families: Record<'alice' | 'bob' | 'carol', { familyId: string; refreshToken: string }> = {} as never;

  const whatIfPath = () => `/api/v1/authorizationServers/${as}/policies/what-if`;
  const whatIf = (body: unknown, headers: Record<string, string> = {}) => api(ledger, 'POST', whatIfPath(), body, headers);
  const rulePath = (ruleId: string) => `/api/v1/authorizationServers/${as}/policies/${policyId}/rules/${ruleId}`;

  /** The global position of the store's last event. */
  async function lastPosition(): Promise<bigint> {
    const [last] = await ledger.store.readAll({ direction: 'backwards', maxCount: 1 });
    return last.position.commit;
  }

  beforeAll(async () => {
    const clock = new SteppableClock();
    ledger = await startLedger({ clock });
    const server = await api(ledger, 'POST', '/api/v1/authorizationServers', {
      name: 'What-if',
      audiences: ['api://what-if'],
      scopes: ['openid', 'offline_access', 'orders:read'],
    });
    expect(server.status).toBe(201);
    as = server.body.id;
    const policy = await api(ledger, 'POST', `/api/v1/authorizationServers/${as}/policies`, {
      name: 'P',
      priority: 1,
      conditions: { clients: { include: ['ALL_CLIENTS'] } },
    });
    expect(policy.status).toBe(201);
    policyId = policy.body.id;
    const createRule = async (body: Record<string, unknown>) => {
      const created = await api(ledger, 'POST', `/api/v1/authorizationServers/${as}/policies/${policyId}/rules`, body);
      expect(created.status).toBe(201);
      return created.body;
    };
    r1 = await createRule({
      name: 'R1',
      priority: 1,
      conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] } },
      actions: token(60),
    });
    r2 = await createRule({
      name: 'R2',
      priority: 2,
      conditions: {
        grantTypes: { include: ['authorization_code'] },
        scopes: { include: ['openid', 'offline_access'] },
        people: { groups: { include: ['staff'] } },
      },
      actions: token(30, 0, 1_440),
    });

    // A second apart, so the families' issue order (the order examples are kept in) is theirs.
    const issue = (clientId: string, options: { sub: string; scope?: string; groups?: string }) => {
      clock.advance(1_000);
      return issueFamily(ledger, clientId, { as, ...options });
    };
    // Three live families on this server, under two clients.
    for (const [name, clientId, scope, groups] of [
      ['alice', TEST_CLIENTS.rotate30.id, 'openid offline_access', 'staff'],
      ['bob', TEST_CLIENTS.static.id, 'openid offline_access', undefined],
      ['carol', TEST_CLIENTS.rotate30.id, 'openid offline_access orders:read', 'staff'],
    ] as const) {
      const body = await issue(clientId, { sub: `${name}@example.com`, scope, ...(groups ? { groups } : {}) });
      families[name] = { familyId: familyIdOf(body.refresh_token!), refreshToken: body.refresh_token! };
    }
    // Not examined: no refresh token (no offline_access), revoked, another server's.
    await issue(TEST_CLIENTS.rotate30.id, { sub: 'dave@example.com', scope: 'openid' });
    const revoked = await issue(TEST_CLIENTS.rotate30.id, { sub: 'erin@example.com' });
    expect((await revoke(ledger, TEST_CLIENTS.rotate30, revoked.refresh_token!, as)).status).toBe(200);
    await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'frank@example.com' });
    await ledger.app.get(ProjectionRunner).waitUntilCaughtUp();
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('a rule that shortens the access-token lifetime: every live family of the server, by client, with examples; nothing appended', async () => {
    const before = await lastPosition();
    const answer = await whatIf({ change: 'updateRule', policyId, ruleId: r1.id, rule: { ...r1, actions: token(15) } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const rule1 = { policyId, policyName: 'P', ruleId: r1.id, ruleName: 'R1', refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10_080 };
    expect(answer.body).toMatchObject({
      authorizationServerId: as,
      draft: { change: 'updateRule', policyId, ruleId: r1.id },
      familiesExamined: 3,
      counts: counts({ accessTokenLifetimeChanged: 3 }),
      transitions: [
        {
          kind: 'accessTokenLifetimeChanged',
          before: { ...rule1, accessTokenLifetimeMinutes: 60 },
          after: { ...rule1, accessTokenLifetimeMinutes: 15 },
          families: 3,
        },
      ],
      clients: [
        { clientId: TEST_CLIENTS.rotate30.id, families: 2, affected: 2, counts: counts({ accessTokenLifetimeChanged: 2 }) },
        { clientId: TEST_CLIENTS.static.id, families: 1, affected: 1, counts: counts({ accessTokenLifetimeChanged: 1 }) },
      ],
      maxExamplesPerKind: 10,
    });
    expect(answer.body.draftConfigVersion).toBe(answer.body.configVersion + 1);
    expect(answer.body.examples.map((e: Record<string, unknown>) => [e.kind, e.familyId, e.clientId, e.subject])).toEqual([
      ['accessTokenLifetimeChanged', families.alice.familyId, TEST_CLIENTS.rotate30.id, 'alice@example.com'],
      ['accessTokenLifetimeChanged', families.bob.familyId, TEST_CLIENTS.static.id, 'bob@example.com'],
      ['accessTokenLifetimeChanged', families.carol.familyId, TEST_CLIENTS.rotate30.id, 'carol@example.com'],
    ]);
    expect(await lastPosition()).toBe(before);
    // The rule in force is still the saved one: a refresh gets 60 minutes.
    const refreshed = await refresh(ledger, TEST_CLIENTS.static, families.bob.refreshToken, {}, as);
    expect({ status: refreshed.status, expiresIn: refreshed.body.expires_in }).toEqual({ status: 200, expiresIn: 3_600 });
  });

  it('a rule deactivated: the staff member whose scopes the fallback allows moves to it, the others would fail to refresh', async () => {
    const before = await lastPosition();
    const answer = await whatIf({ change: 'deactivateRule', policyId, ruleId: r1.id, maxExamples: 1 });
    expect(answer.status).toBe(200);
    expect(answer.body.counts).toEqual(counts({ movesToAnotherRule: 1, stopsMatching: 2 }));
    expect(answer.body.transitions.map((t: Record<string, any>) => [t.kind, t.before?.ruleId ?? null, t.after?.ruleId ?? null, t.families])).toEqual([
      ['stopsMatching', r1.id, null, 2],
      ['movesToAnotherRule', r1.id, r2.id, 1],
    ]);
    // One example per kind: the first family issued of each.
    expect(answer.body.examples.map((e: Record<string, any>) => [e.kind, e.subject, e.after?.accessTokenLifetimeMinutes ?? null])).toEqual([
      ['movesToAnotherRule', 'alice@example.com', 30],
      ['stopsMatching', 'bob@example.com', null],
    ]);
    expect(answer.body.clients).toEqual([
      { clientId: TEST_CLIENTS.rotate30.id, families: 2, affected: 2, counts: counts({ movesToAnotherRule: 1, stopsMatching: 1 }) },
      { clientId: TEST_CLIENTS.static.id, families: 1, affected: 1, counts: counts({ stopsMatching: 1 }) },
    ]);
    expect(await lastPosition()).toBe(before);
  });

  it('the policy deleted: every family stops matching; the fallback deleted: nothing changes', async () => {
    const deleted = await whatIf({ change: 'deletePolicy', policyId, maxExamples: 0 });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ counts: counts({ stopsMatching: 3 }), examples: [], maxExamplesPerKind: 0 });
    // Deleting the policy deletes its two rules first: three events.
    expect(deleted.body.draftConfigVersion).toBe(deleted.body.configVersion + 3);

    const fallbackGone = await whatIf({ change: 'deleteRule', policyId, ruleId: r2.id });
    expect(fallbackGone.body.counts).toEqual(counts({ unchanged: 3 }));
    expect(fallbackGone.body.clients.map((c: Record<string, unknown>) => c.affected)).toEqual([0, 0]);
  });

  it('a new rule at the priority of R1 (the older rule still wins) and a new policy without rules change nothing', async () => {
    const rule = await whatIf({
      change: 'createRule',
      policyId,
      rule: {
        name: 'Staff first',
        priority: 1,
        conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] }, people: { groups: { include: ['staff'] } } },
        actions: token(5, 0, 60),
      },
    });
    // Equal priority: the older rule (R1) still wins, as it would once saved.
    expect(rule.status).toBe(200);
    expect(rule.body.counts).toEqual(counts({ unchanged: 3 }));
    expect(rule.body.draft).toMatchObject({ change: 'createRule', policyId, ruleId: expect.stringMatching(/^0pr/) });

    const policy = await whatIf({ change: 'createPolicy', policy: { id: 'static-only', name: 'Static', priority: 1, conditions: { clients: { include: [TEST_CLIENTS.static.id] } } } });
    // A policy without rules matches nothing: evaluation goes on to P.
    expect(policy.status).toBe(200);
    expect(policy.body.counts).toEqual(counts({ unchanged: 3 }));
  });

  it('the change saved for real does what the what-if said at the next refresh', async () => {
    const predicted = await whatIf({ change: 'updateRule', policyId, ruleId: r1.id, rule: { ...r1, actions: token(15) } });
    expect(predicted.body.counts.accessTokenLifetimeChanged).toBe(3);
    const current = await api(ledger, 'GET', rulePath(r1.id));
    const saved = await api(ledger, 'PUT', rulePath(r1.id), { ...current.body, actions: token(15) });
    expect(saved.status).toBe(200);
    const refreshed = await refresh(ledger, TEST_CLIENTS.rotate30, families.alice.refreshToken, {}, as);
    expect({ status: refreshed.status, expiresIn: refreshed.body.expires_in }).toEqual({ status: 200, expiresIn: 900 });
    families.alice.refreshToken = refreshed.body.refresh_token!;
    await ledger.app.get(ProjectionRunner).waitUntilCaughtUp();
    expect((await whatIf({ change: 'updateRule', policyId, ruleId: r1.id, rule: { ...r1, actions: token(15) } })).body.counts).toEqual(counts({ unchanged: 3 }));
  });

  describe('bad input', () => {
    it('an invalid rule gets the 400 its update route gives, and appends nothing', async () => {
      const before = await lastPosition();
      const bad = { ...r1, actions: token(1) };
      const answer = await whatIf({ change: 'updateRule', policyId, ruleId: r1.id, rule: bad });
      const put = await api(ledger, 'PUT', rulePath(r1.id), bad);
      expect(answer.status).toBe(400);
      const shape = (body: Record<string, unknown>) => ({ errorCode: body.errorCode, errorSummary: body.errorSummary, errorCauses: body.errorCauses });
      expect(shape(answer.body)).toEqual(shape(put.body));
      expect(answer.body.errorCode).toBe('E0000001');

      const { name: _name, ...nameless } = r1;
      const missingName = await whatIf({ change: 'createRule', policyId, rule: nameless });
      const post = await api(ledger, 'POST', `/api/v1/authorizationServers/${as}/policies/${policyId}/rules`, nameless);
      expect(missingName.status).toBe(400);
      expect(shape(missingName.body)).toEqual(shape(post.body));
      expect(await lastPosition()).toBe(before);
    });

    it('refuses an unknown change, a missing resource or id, and a bad example cap', async () => {
      for (const body of [
        {},
        { change: 'renameRule', policyId, ruleId: r1.id },
        { change: 'updateRule', policyId, ruleId: r1.id },
        { change: 'deleteRule', policyId },
        { change: 'createPolicy', policy: 'P' },
        { change: 'deletePolicy', policyId, maxExamples: 101 },
      ]) {
        const answer = await whatIf(body);
        expect({ body, status: answer.status, errorCode: answer.body.errorCode }).toEqual({ body, status: 400, errorCode: 'E0000001' });
      }
      const reserved = await whatIf({ change: 'createPolicy', policy: { id: 'explain', name: 'x', priority: 1, conditions: { clients: { include: ['ALL_CLIENTS'] } } } });
      expect(reserved.status).toBe(400);
      const taken = await whatIf({ change: 'createRule', policyId, rule: { ...r1, id: r2.id } });
      expect(taken.status).toBe(409);
    });

    it('answers 404 for an unknown server, policy or rule', async () => {
      const unknownServer = await api(ledger, 'POST', '/api/v1/authorizationServers/nope/policies/what-if', { change: 'deletePolicy', policyId });
      expect({ status: unknownServer.status, errorCode: unknownServer.body.errorCode }).toEqual({ status: 404, errorCode: 'E0000007' });
      for (const body of [
        { change: 'deactivatePolicy', policyId: 'nope' },
        { change: 'createRule', policyId: 'nope', rule: { ...r1, id: undefined } },
        { change: 'deleteRule', policyId, ruleId: 'nope' },
        { change: 'updateRule', policyId, ruleId: 'nope', rule: { ...r1, id: undefined } },
      ]) {
        const answer = await whatIf(body);
        expect({ body, status: answer.status, errorCode: answer.body.errorCode }).toEqual({ body, status: 404, errorCode: 'E0000007' });
      }
    });

    it('needs the admin credential: none, and the auditor’s, are refused', async () => {
      const url = `${ledger.baseUrl}${whatIfPath()}`;
      const body = JSON.stringify({ change: 'deletePolicy', policyId });
      for (const authorization of [undefined, `Bearer ${AUDITOR_TOKEN}`]) {
        const answer = await send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
        expect({ authorization, status: answer.status, errorCode: answer.body.errorCode }).toEqual({ authorization, status: 401, errorCode: 'E0000011' });
      }
    });
  });
});
