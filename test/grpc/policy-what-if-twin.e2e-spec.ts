import * as grpc from '@grpc/grpc-js';
import { ProjectionRunner } from '@ledger/projections';
import { adminMetadata, auditorMetadata, comparable, grpcClients, metadataOf, unary, type GrpcResult, type LedgerGrpcClients } from '../support/grpc-client';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi as api } from '../support/management-api';
import { issueFamily } from '../support/token-flows';

/** Okta's `actions.token` in minutes. */
function token(access: number, refresh = 0, window = 10_080) {
  return { token: { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window } };
}

/**
 * `OpsService.WhatIfPolicyChange` answers what `POST .../policies/what-if` answers for the same
 * draft on the same app (modulo proto3's defaults), refuses what HTTP refuses with the gRPC
 * status of that refusal, and, like HTTP, appends nothing.
 *
 * The server: policy `P` for all clients with rule `R1` (any scope, everyone, 60 min) and,
 * below it, `R2` (openid and offline_access, group `staff`, 30 min); live families under two
 * clients.
 */
describe('gRPC WhatIfPolicyChange: the HTTP what-if over gRPC', () => {
  let ledger: TestLedger;
  let clients: LedgerGrpcClients;
  let as: string;
  let policyId: string;
  let r1: Record<string, any>;
  let r2: Record<string, any>;

  /** The global position of the store's last event. */
  async function lastPosition(): Promise<bigint> {
    const [last] = await ledger.store.readAll({ direction: 'backwards', maxCount: 1 });
    return last.position.commit;
  }

  /** The draft as the HTTP body, and as the gRPC message (resources as JSON text). */
  function overBoth(draft: { change: string; policyId?: string; ruleId?: string; policy?: object; rule?: object; maxExamples?: number }) {
    const { policyId: pid, ruleId, policy, rule, maxExamples, change } = draft;
    const message = {
      authorization_server_id: as,
      change,
      ...(pid !== undefined ? { policy_id: pid } : {}),
      ...(ruleId !== undefined ? { rule_id: ruleId } : {}),
      ...(policy !== undefined ? { policy_json: JSON.stringify(policy) } : {}),
      ...(rule !== undefined ? { rule_json: JSON.stringify(rule) } : {}),
      ...(maxExamples !== undefined ? { max_examples: maxExamples } : {}),
    };
    return {
      http: () => api(ledger, 'POST', `/api/v1/authorizationServers/${as}/policies/what-if`, draft),
      grpc: (metadata = adminMetadata()) => unary(clients.ops, 'WhatIfPolicyChange', message, metadata),
    };
  }

  function refusal(result: GrpcResult<unknown>) {
    expect(result.ok).toBe(false);
    return result.ok ? null : { code: result.code, reason: result.errorInfo?.reason, metadata: result.errorInfo?.metadata };
  }

  beforeAll(async () => {
    const clock = new SteppableClock();
    ledger = await startLedger({ clock, grpc: true });
    clients = grpcClients(ledger);
    const server = await api(ledger, 'POST', '/api/v1/authorizationServers', { name: 'What-if twin', audiences: ['api://what-if'], scopes: ['openid', 'offline_access', 'orders:read'] });
    as = server.body.id;
    const policy = await api(ledger, 'POST', `/api/v1/authorizationServers/${as}/policies`, { name: 'P', priority: 1, conditions: { clients: { include: ['ALL_CLIENTS'] } } });
    policyId = policy.body.id;
    const rulesPath = `/api/v1/authorizationServers/${as}/policies/${policyId}/rules`;
    r1 = (await api(ledger, 'POST', rulesPath, { name: 'R1', priority: 1, conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] } }, actions: token(60) })).body;
    r2 = (
      await api(ledger, 'POST', rulesPath, {
        name: 'R2',
        priority: 2,
        conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['openid', 'offline_access'] }, people: { groups: { include: ['staff'] } } },
        actions: token(30, 0, 1_440),
      })
    ).body;
    expect([server.status, policy.status, typeof r1.id, typeof r2.id]).toEqual([201, 201, 'string', 'string']);
    for (const [sub, clientId, scope, groups] of [
      ['alice@example.com', TEST_CLIENTS.rotate30.id, 'openid offline_access', 'staff'],
      ['bob@example.com', TEST_CLIENTS.static.id, 'openid offline_access', undefined],
      ['carol@example.com', TEST_CLIENTS.rotate30.id, 'openid offline_access orders:read', 'staff'],
    ] as const) {
      clock.advance(1_000);
      await issueFamily(ledger, clientId, { as, sub, scope, ...(groups ? { groups } : {}) });
    }
    await ledger.app.get(ProjectionRunner).waitUntilCaughtUp();
  });

  afterAll(async () => {
    clients?.close();
    await ledger?.close();
  });

  it('answers what HTTP answers for the same drafts, and appends nothing', async () => {
    const before = await lastPosition();
    const drafts = [
      // Shorter access tokens under R1: every family keeps its rule, some change lifetime.
      { change: 'updateRule', policyId, ruleId: r1.id, rule: { ...r1, actions: token(15) } },
      // R1 gone: alice (staff, openid offline_access) moves to R2; bob (no group) and carol
      // (orders:read, which R2 does not allow) stop matching.
      { change: 'deleteRule', policyId, ruleId: r1.id },
      // A new rule (its id given: a generated one would differ between the two calls) with an
      // unlimited refresh lifetime (0, which a proto3 number field would not tell from absent).
      { change: 'createRule', policyId, rule: { id: 'r0-draft', name: 'R0', priority: 1, conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] }, people: { groups: { include: ['staff'] } } }, actions: token(5, 0, 60) } },
      { change: 'deactivatePolicy', policyId, maxExamples: 0 },
      { change: 'updatePolicy', policyId, policy: { name: 'P', priority: 1, conditions: { clients: { include: [TEST_CLIENTS.static.id] } } }, maxExamples: 1 },
    ];
    for (const draft of drafts) {
      const call = overBoth(draft);
      const overHttp = await call.http();
      const overGrpc = await call.grpc();
      expect({ change: draft.change, status: overHttp.status }).toEqual({ change: draft.change, status: 200 });
      expect(overGrpc.ok && comparable(overGrpc.value)).toEqual(comparable(overHttp.body));
      expect(overGrpc.ok && overGrpc.value.families_examined).toBe(3);
    }
    // The answers are not empty: the comparison is of something.
    const deleted = await overBoth(drafts[1]).grpc();
    expect(deleted).toMatchObject({ ok: true, value: { counts: { moves_to_another_rule: 1, stops_matching: 2 } } });
    expect(deleted.ok && deleted.value.examples.map((e: { kind: string }) => e.kind).sort()).toEqual(['movesToAnotherRule', 'stopsMatching', 'stopsMatching']);
    // `max_examples: 0` is no examples, not the default.
    expect(await overBoth(drafts[3]).grpc()).toMatchObject({ ok: true, value: { max_examples_per_kind: 0, examples: [] } });
    expect(await lastPosition()).toBe(before);
  });

  it('refuses an invalid draft with INVALID_ARGUMENT naming the field, as HTTP answers 400; appends nothing', async () => {
    const before = await lastPosition();
    const invalid = (field: string) => ({ code: grpc.status.INVALID_ARGUMENT, reason: 'invalid_request', metadata: { reason: 'invalid_parameter', field } });
    const cases: [Parameters<typeof overBoth>[0], string][] = [
      [{ change: 'renameRule', policyId }, 'change'],
      [{ change: 'updateRule', policyId, rule: r1 }, 'rule_id'],
      [{ change: 'createRule', policyId }, 'rule_json'],
      [{ change: 'deletePolicy', policyId, maxExamples: 101 }, 'max_examples'],
      // The resource is validated by its own route's DTO: a rule without a name.
      [{ change: 'createRule', policyId, rule: { ...r1, name: undefined, id: undefined } }, 'name'],
    ];
    for (const [draft, field] of cases) {
      const call = overBoth(draft);
      const overHttp = await call.http();
      expect({ draft, status: overHttp.status, errorCode: overHttp.body.errorCode }).toEqual({ draft, status: 400, errorCode: 'E0000001' });
      expect({ draft, refusal: refusal(await call.grpc()) }).toEqual({ draft, refusal: invalid(field) });
    }
    // Text that is not JSON cannot be an HTTP body: the field is named all the same.
    const notJson = await unary(clients.ops, 'WhatIfPolicyChange', { authorization_server_id: as, change: 'createPolicy', policy_json: '{"name":' }, adminMetadata());
    expect(refusal(notJson)).toEqual(invalid('policy_json'));
    expect(await lastPosition()).toBe(before);
  });

  it('NOT_FOUND for an unknown server, policy or rule; ALREADY_EXISTS for a rule id taken', async () => {
    const notFound = { code: grpc.status.NOT_FOUND, reason: 'not_found' };
    for (const draft of [
      { change: 'deletePolicy', policyId: 'no-such-policy' },
      { change: 'deleteRule', policyId, ruleId: 'no-such-rule' },
    ]) {
      const call = overBoth(draft);
      expect((await call.http()).status).toBe(404);
      expect(refusal(await call.grpc())).toMatchObject(notFound);
    }
    const unknownServer = await unary(clients.ops, 'WhatIfPolicyChange', { authorization_server_id: 'nowhere', change: 'deletePolicy', policy_id: policyId }, adminMetadata());
    expect(refusal(unknownServer)).toMatchObject(notFound);
    const taken = overBoth({ change: 'createRule', policyId, rule: { ...r1, id: r2.id } });
    expect((await taken.http()).status).toBe(409);
    expect(refusal(await taken.grpc())).toMatchObject({ code: grpc.status.ALREADY_EXISTS, reason: 'conflict', metadata: { reason: 'conflict' } });
  });

  it('admin credential only: none or an unknown one is UNAUTHENTICATED, the auditor’s PERMISSION_DENIED (as every OpsService RPC)', async () => {
    const before = await lastPosition();
    const call = overBoth({ change: 'deleteRule', policyId, ruleId: r1.id });
    expect(refusal(await call.grpc(new grpc.Metadata()))).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    expect(refusal(await call.grpc(metadataOf({ authorization: 'Bearer not-a-credential-0123456789' })))).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    expect(refusal(await call.grpc(auditorMetadata()))).toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    expect(await lastPosition()).toBe(before);
  });
});
