import { eventHash } from '@ledger/event-sourcing';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { audit } from './audit-client';

const MINUTE = 60_000;

/**
 * SPEC §6.4: a family's history (JSON and NDJSON export), a subject's families, and chain
 * verification, read from the event store as recorded.
 */
describe('audit history, export and subject families', () => {
  const client = TEST_CLIENTS.rotate30;
  let ledger: TestLedger;
  let clock: SteppableClock;
  let familyId: string;
  let secondFamilyId: string;

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock });
    const issued = await issueFamily(ledger, client.id, { sub: 'carol@example.com' });
    familyId = refreshTokenParts(issued.refresh_token!).familyId;
    clock.advance(MINUTE);
    const next = await refresh(ledger, client, issued.refresh_token!);
    clock.advance(MINUTE);
    await revoke(ledger, client, next.body.refresh_token!);
    const second = await issueFamily(ledger, TEST_CLIENTS.static.id, { sub: 'carol@example.com' });
    secondFamilyId = refreshTokenParts(second.refresh_token!).familyId;
    await issueFamily(ledger, client.id, { sub: 'dave@example.com' });
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('answers every event of the family with its metadata, oldest first, revisions as strings', async () => {
    const { status, headers, body } = await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    const stored = await ledger.store.readStream(`tokenFamily-${familyId}`);
    expect(body).toEqual(
      stored.map((e) => ({
        streamName: e.streamName,
        revision: e.revision.toString(),
        position: { commit: e.position.commit.toString(), prepare: e.position.prepare.toString() },
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        recordedAt: e.recordedAt.toISOString(),
        // The personal fields the issuance stores encrypted, read through the subject's key.
        ...(e.type === 'TokenIssued'
          ? { personal: { subjectRef: (e.data as { personal: { subjectRef: string } }).personal.subjectRef, subject: 'carol@example.com', erased: false } }
          : {}),
      })),
    );
    expect(body.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    // `data` is as stored (an export still hashes to its chain link): no subject in it.
    expect(body[0].data).not.toHaveProperty('subject');
    // The metadata an auditor needs: who, which request, and the chain link.
    expect(body[1].metadata).toMatchObject({ actor: `client:${client.id}`, requestId: expect.any(String), correlationId: expect.any(String) });
    expect(body[1].metadata.previousEventHash).toBe(eventHash(stored[0]));
  });

  it('streams NDJSON for export, by Accept header or ?format=ndjson, with the same events', async () => {
    const json = (await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`)).body;
    const byAccept = await audit(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`, { headers: { accept: 'application/x-ndjson' } });
    expect(byAccept.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = byAccept.text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(json);
    const byQuery = await audit(ledger, 'GET', `/api/v1/audit/families/${familyId}/events?format=ndjson`);
    expect(byQuery.text).toBe(byAccept.text);
    const bad = await audit(ledger, 'GET', `/api/v1/audit/families/${familyId}/events?format=xml`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: format' });
  });

  it('answers 404 in Okta format for an unknown family, in either format', async () => {
    for (const headers of [{}, { accept: 'application/x-ndjson' }] as Record<string, string>[]) {
      const result = await audit(ledger, 'GET', '/api/v1/audit/families/nope/events', { headers });
      expect(result.status).toBe(404);
      expect(JSON.parse(result.text)).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nope (TokenFamily)' });
    }
  });

  it("lists every family a subject ever had, oldest first, with its status now", async () => {
    const { status, body } = await audit<Record<string, any>[]>(ledger, 'GET', '/api/v1/audit/subjects/carol%40example.com/families');
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({ familyId, clientId: client.id, status: 'revoked', reason: 'family_revoked', revokeReason: 'client_request' }),
      expect.objectContaining({ familyId: secondFamilyId, clientId: TEST_CLIENTS.static.id, status: 'active', reason: null, revokeReason: null }),
    ]);
    expect(body[0]).toMatchObject({ authorizationServerId: 'default', grantType: 'authorization_code', provenance: { ruleId: 'default-rule' } });
    expect((await audit(ledger, 'GET', '/api/v1/audit/subjects/nobody/families')).body).toEqual([]);
  });

  it('verifies every stream, and one stream on its own with the head hash to anchor', async () => {
    const all = await audit(ledger, 'POST', '/api/v1/audit/verify');
    expect(all.body).toMatchObject({ ok: true, stream: null, eventsChecked: (await ledger.allEvents()).length });
    const stored = await ledger.store.readStream(`tokenFamily-${familyId}`);
    const one = await audit(ledger, 'POST', `/api/v1/audit/verify?stream=tokenFamily-${familyId}`);
    expect(one.body).toEqual({
      ok: true,
      stream: `tokenFamily-${familyId}`,
      streamsChecked: 1,
      eventsChecked: 3,
      head: { streamName: `tokenFamily-${familyId}`, revision: '2', hash: eventHash(stored[2]) },
    });
  });
});

describe('a subject\'s families when the read model keeps only recent families', () => {
  it('answers from the log, so families the read model dropped are still listed', async () => {
    // With retention the read model deletes ended families; the audit answer must not.
    const ledger = await startLedger({ clock: new SteppableClock(), env: { LEDGER_READ_MODEL_RETENTION_DAYS: '1' } });
    const first = await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'gina@example.com' });
    await revoke(ledger, TEST_CLIENTS.rotate30, first.refresh_token!);
    const second = await issueFamily(ledger, TEST_CLIENTS.rotate0.id, { sub: 'gina@example.com' });
    const { body } = await audit<Record<string, any>[]>(ledger, 'GET', '/api/v1/audit/subjects/gina%40example.com/families');
    expect(body.map((f) => [f.familyId, f.status])).toEqual([
      [refreshTokenParts(first.refresh_token!).familyId, 'revoked'],
      [refreshTokenParts(second.refresh_token!).familyId, 'active'],
    ]);
    await ledger.close();
  });
});
