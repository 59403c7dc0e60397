import * as grpc from '@grpc/grpc-js';
import { familyIdOf } from '../support/family-events';
import { adminMetadata, auditorMetadata, comparable, grpcClients, openStream, unary, type LedgerGrpcClients } from '../support/grpc-client';
import { ADMIN_TOKEN, AUDITOR_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke } from '../support/token-flows';
import { LedgerSealerScheduler } from '../../apps/token-service/src/audit/seals/ledger-sealer.scheduler';

/** GET or POST with a credential, JSON out. */
async function http<T = any>(ledger: TestLedger, method: 'GET' | 'POST', path: string, credential: string, form?: Record<string, string>): Promise<{ status: number; body: T }> {
  const response = await fetch(`${ledger.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * The audit and ops RPCs answer what their HTTP routes answer, field for field (modulo proto3's
 * defaults), because they run the same queries.
 */
describe('gRPC AuditService and OpsService: the same answers as the HTTP audit and ops APIs', () => {
  let ledger: TestLedger;
  let clients: LedgerGrpcClients;
  let clock: SteppableClock;
  let refreshToken: string;
  let familyId: string;

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock, grpc: true });
    clients = grpcClients(ledger);
    const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'audited@example.com' });
    clock.advance(60_000);
    refreshToken = (await refresh(ledger, TEST_CLIENTS.rotate30, issued.refresh_token!)).body.refresh_token!;
    await issueFamily(ledger, TEST_CLIENTS.rotate0.id, { sub: 'audited@example.com' });
    const revoked = await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'audited@example.com' });
    await revoke(ledger, TEST_CLIENTS.rotate30, revoked.refresh_token!);
    familyId = familyIdOf(issued.refresh_token!);
  });

  afterAll(async () => {
    clients.close();
    await ledger.close();
  });

  it('ListFamilyEvents streams the family history the HTTP export answers; NOT_FOUND for an unknown family', async () => {
    const overHttp = await http<Record<string, unknown>[]>(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`, AUDITOR_TOKEN);
    expect(overHttp.status).toBe(200);
    const stream = openStream<Record<string, any>>(clients.audit, 'ListFamilyEvents', { family_id: familyId }, auditorMetadata());
    const overGrpc: Record<string, unknown>[] = [];
    for (let i = 0; i < overHttp.body.length; i++) {
      const { data_json, metadata_json, personal_json, ...event } = (await stream.next(5_000)).message;
      overGrpc.push({ ...event, data: JSON.parse(data_json), metadata: JSON.parse(metadata_json), ...(personal_json ? { personal: JSON.parse(personal_json) } : {}) });
    }
    expect((await stream.status).code).toBe(grpc.status.OK);
    expect(overGrpc.map(comparable)).toEqual(overHttp.body.map(comparable));
    expect(overGrpc.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed']);

    const unknown = openStream(clients.audit, 'ListFamilyEvents', { family_id: 'no-such-family' }, auditorMetadata());
    await expect(unknown.next(5_000)).rejects.toThrow(/stream failed/);
    expect((await unknown.status).code).toBe(grpc.status.NOT_FOUND);
  });

  it('GetFamilyStateAt answers the HTTP state-as-of report, now and at an earlier instant', async () => {
    for (const at of [undefined, new Date(clock.now() - 30_000).toISOString()]) {
      const query = at ? `?at=${encodeURIComponent(at)}` : '';
      const overHttp = await http(ledger, 'GET', `/api/v1/audit/families/${familyId}/state${query}`, AUDITOR_TOKEN);
      const overGrpc = await unary(clients.audit, 'GetFamilyStateAt', { family_id: familyId, ...(at ? { at } : {}) }, auditorMetadata());
      expect(overHttp.status).toBe(200);
      expect(overGrpc.ok && comparable(overGrpc.value)).toEqual(comparable(overHttp.body));
    }
    expect(await unary(clients.audit, 'GetFamilyStateAt', { family_id: 'no-such-family' }, auditorMetadata())).toMatchObject({ ok: false, code: grpc.status.NOT_FOUND });
  });

  it('ExplainToken answers the HTTP "why" for a token and for a token id', async () => {
    const forms: Record<string, string>[] = [{ token: refreshToken }, { token_id: `${familyId}.0` }, { token: 'garbage' }];
    for (const form of forms) {
      const overHttp = await http(ledger, 'POST', '/api/v1/audit/tokens/why', AUDITOR_TOKEN, form);
      const overGrpc = await unary(clients.audit, 'ExplainToken', form, auditorMetadata());
      expect(overGrpc.ok && comparable(overGrpc.value)).toEqual(comparable(overHttp.body));
    }
  });

  it('VerifyChain answers the HTTP verification, for one stream and for the whole log', async () => {
    for (const stream of [`tokenFamily-${familyId}`, undefined]) {
      const overHttp = await http(ledger, 'POST', `/api/v1/audit/verify${stream ? `?stream=${stream}` : ''}`, AUDITOR_TOKEN);
      const overGrpc = await unary(clients.audit, 'VerifyChain', stream ? { stream } : {}, auditorMetadata());
      expect(overGrpc.ok && comparable(overGrpc.value)).toEqual(comparable(overHttp.body));
      expect(overGrpc).toMatchObject({ ok: true, value: { ok: true } });
    }
  });

  it('GetLatestSeal, GetSealConsistency, GetEventProof and ListSealingKeys answer the HTTP seal routes; bad sizes are INVALID_ARGUMENT', async () => {
    await ledger.app.get(LedgerSealerScheduler).sealNow();
    const seal = await http(ledger, 'GET', '/api/v1/audit/seals/latest', AUDITOR_TOKEN);
    const overGrpc = await unary(clients.audit, 'GetLatestSeal', {}, auditorMetadata());
    expect(overGrpc.ok && comparable(overGrpc.value)).toEqual(comparable(seal.body));

    const from = 1;
    const consistency = await http(ledger, 'GET', `/api/v1/audit/seals/consistency?from=${from}&to=${seal.body.treeSize}`, AUDITOR_TOKEN);
    const consistencyOverGrpc = await unary(clients.audit, 'GetSealConsistency', { from, to: seal.body.treeSize }, auditorMetadata());
    expect(consistencyOverGrpc.ok && comparable(consistencyOverGrpc.value)).toEqual(comparable(consistency.body));

    const position = seal.body.lastPosition.commit;
    const proof = await http(ledger, 'GET', `/api/v1/audit/events/${position}/proof`, AUDITOR_TOKEN);
    const proofOverGrpc = await unary(clients.audit, 'GetEventProof', { position }, auditorMetadata());
    expect(proof.status).toBe(200);
    expect(proofOverGrpc.ok && comparable(proofOverGrpc.value)).toEqual(comparable(proof.body));

    const keys = await http(ledger, 'GET', '/api/v1/audit/sealing-keys', AUDITOR_TOKEN);
    const keysOverGrpc = await unary(clients.audit, 'ListSealingKeys', {}, auditorMetadata());
    expect(keysOverGrpc.ok && comparable(keysOverGrpc.value)).toEqual(comparable(keys.body));

    const bad = await unary(clients.audit, 'GetSealConsistency', { from: 2, to: 1 }, auditorMetadata());
    expect(bad).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT });
    const unknown = await unary(clients.audit, 'GetEventProof', { position: '999999999' }, auditorMetadata());
    expect(unknown).toMatchObject({ ok: false, code: grpc.status.NOT_FOUND });
  });

  it('GetProjectionStatus (waiting for the head) and ListFamilies answer what the HTTP ops API does, page by page', async () => {
    const status = await unary<{ projections: Record<string, unknown>[] }>(clients.ops, 'GetProjectionStatus', { wait_for_head: true }, adminMetadata());
    expect(status.ok).toBe(true);
    const overHttpStatus = await http<Record<string, unknown>[]>(ledger, 'GET', '/api/v1/ops/projections', ADMIN_TOKEN);
    const stable = (p: any) => ({ name: p.name, state: p.state, checkpoint: p.checkpoint, readModels: p.readModels ?? p.read_models });
    expect(status.ok && status.value.projections.map(stable)).toEqual(overHttpStatus.body.map(stable));

    const overHttp = await http<Record<string, unknown>[]>(ledger, 'GET', '/api/v1/ops/families?subject=audited%40example.com', ADMIN_TOKEN);
    expect(overHttp.body).toHaveLength(3);
    const pages: Record<string, unknown>[] = [];
    let after: string | undefined;
    do {
      const page = await unary<{ families: Record<string, unknown>[]; next_after?: string }>(
        clients.ops,
        'ListFamilies',
        { subject: 'audited@example.com', limit: 2, ...(after ? { after } : {}) },
        adminMetadata(),
      );
      if (!page.ok) throw new Error(`ListFamilies failed: ${page.details}`);
      pages.push(...page.value.families);
      after = page.value.next_after;
    } while (after);
    expect(pages.map(comparable)).toEqual(overHttp.body.map(comparable));
    const revoked = await unary<{ families: Record<string, unknown>[] }>(clients.ops, 'ListFamilies', { subject: 'audited@example.com', status: 'REVOKED' }, adminMetadata());
    expect(revoked.ok && revoked.value.families.map((f) => f.status)).toEqual(['REVOKED']);
  });

  it('ExplainPolicy answers the HTTP policy explanation', async () => {
    const query = { client_id: TEST_CLIENTS.rotate30.id, grant_type: 'authorization_code', scope: 'openid offline_access', sub: 'bob', groups: 'staff' };
    const overHttp = await http(ledger, 'GET', `/api/v1/authorizationServers/default/policies/explain?${new URLSearchParams(query)}`, ADMIN_TOKEN);
    const overGrpc = await unary(clients.ops, 'ExplainPolicy', { authorization_server_id: 'default', ...query, groups: ['staff'] }, adminMetadata());
    expect(overHttp.status).toBe(200);
    expect(overGrpc.ok && comparable(overGrpc.value)).toEqual(comparable(overHttp.body));
    expect(overGrpc).toMatchObject({ ok: true, value: { matched: true, rule: { id: 'default-rule' } } });
    expect(await unary(clients.ops, 'ExplainPolicy', { authorization_server_id: 'nowhere', client_id: TEST_CLIENTS.rotate30.id }, adminMetadata())).toMatchObject({
      ok: false,
      code: grpc.status.NOT_FOUND,
    });
  });
});
