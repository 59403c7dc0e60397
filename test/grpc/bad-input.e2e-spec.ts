import * as grpc from '@grpc/grpc-js';
import { eventCount } from '../support/family-events';
import {
  adminMetadata,
  auditorMetadata,
  basicMetadata,
  grpcClients,
  metadataOf,
  rawUnary,
  unary,
  type GrpcResult,
  type LedgerGrpcClients,
} from '../support/grpc-client';
import { ADMIN_TOKEN, AUDITOR_TOKEN, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh } from '../support/token-flows';

const { status } = grpc;

/** What a refusal must come with: the status, and the ErrorInfo's OAuth code and metadata. */
interface Refusal {
  readonly code: grpc.status;
  readonly reason?: string;
  readonly metadata?: Record<string, string>;
}

/**
 * Bad gRPC input gets a precise status with its `ErrorInfo` and changes nothing (SPEC §6): each
 * case checks the status code, the decoded `google.rpc.Status` (matching the call's code and
 * message), that neither the message nor the details echo a secret or token sent, and that the
 * store holds exactly as many events as before.
 */
describe('bad input over gRPC is refused and changes nothing', () => {
  let ledger: TestLedger;
  let clients: LedgerGrpcClients;
  let refreshToken: string;
  const owner = TEST_CLIENTS.rotate30;

  beforeAll(async () => {
    ledger = await startLedger({ grpc: true });
    clients = grpcClients(ledger);
    refreshToken = (await issueFamily(ledger, owner.id)).refresh_token!;
  });

  afterAll(async () => {
    clients.close();
    await ledger.close();
  });

  afterEach(async () => {
    // Whatever was refused, the family still refreshes for its owner: nothing was revoked.
    const result = await refresh(ledger, owner, refreshToken);
    expect(result.status).toBe(200);
    refreshToken = result.body.refresh_token!;
  });

  async function expectRefused(call: () => Promise<GrpcResult<unknown>>, expected: Refusal, sent: readonly string[] = []): Promise<void> {
    const before = await eventCount(ledger);
    const result = await call();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect({ code: result.code, reason: result.errorInfo?.reason, metadata: result.errorInfo?.metadata }).toEqual({
      code: expected.code,
      reason: expected.reason,
      metadata: expected.metadata,
    });
    if (expected.reason !== undefined) {
      expect(result.errorInfo?.domain).toBe('tokenledger');
      expect(result.statusDetails).toEqual({ code: result.code, message: result.details });
    }
    const answered = `${result.details} ${JSON.stringify(result.errorInfo)}`;
    for (const secret of [...sent, refreshToken, owner.secret, ADMIN_TOKEN, AUDITOR_TOKEN]) expect(answered).not.toContain(secret);
    expect(await eventCount(ledger)).toBe(before);
  }

  const invalidField = (field: string): Refusal => ({
    code: status.INVALID_ARGUMENT,
    reason: 'invalid_request',
    metadata: { reason: 'invalid_parameter', field },
  });

  describe('missing fields: INVALID_ARGUMENT naming the field', () => {
    it('TokenService', async () => {
      const client = basicMetadata(owner);
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { refresh_token: refreshToken }, client), invalidField('authorization_server_id'));
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default' }, client), {
        code: status.INVALID_ARGUMENT,
        reason: 'invalid_request',
        metadata: { reason: 'missing_refresh_token' },
      });
      await expectRefused(() => unary(clients.token, 'RevokeToken', { authorization_server_id: 'default' }, client), invalidField('token'));
      await expectRefused(() => unary(clients.token, 'IntrospectToken', { authorization_server_id: 'default' }, client), invalidField('token'));
      await expectRefused(() => unary(clients.token, 'IssueClientCredentialsToken', { authorization_server_id: 'default' }, client), {
        code: status.INVALID_ARGUMENT,
        reason: 'invalid_scope',
        metadata: { reason: 'missing_scope' },
      });
      const issue = { authorization_server_id: 'default', client_id: owner.id, sub: 'alice@example.com', scope: 'openid offline_access' };
      for (const field of ['client_id', 'sub', 'scope'] as const) {
        const { [field]: _missing, ...request } = issue;
        await expectRefused(() => unary(clients.token, 'IssueTokens', request, adminMetadata()), invalidField(field));
      }
    });

    it('AuditService and OpsService', async () => {
      await expectRefused(() => unary(clients.audit, 'GetFamilyStateAt', {}, auditorMetadata()), invalidField('family_id'));
      await expectRefused(() => unary(clients.audit, 'ExplainToken', {}, auditorMetadata()), invalidField('token'));
      await expectRefused(() => unary(clients.ops, 'ExplainPolicy', { authorization_server_id: 'default' }, adminMetadata()), invalidField('client_id'));
    });
  });

  describe('wrong types and invalid values: INVALID_ARGUMENT', () => {
    it('bytes that do not decode as the request message (grpc-js alone would answer INTERNAL)', async () => {
      const undecodable: Refusal = { code: status.INVALID_ARGUMENT, reason: 'invalid_request', metadata: { reason: 'undecodable_message' } };
      // A tag whose varint never ends; field 1 with the reserved wire type 7; an unterminated group.
      for (const bytes of [Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from([0x0f]), Buffer.from([0x0b])]) {
        await expectRefused(() => rawUnary(clients.token, '/tokenledger.v1.TokenService/RefreshTokens', bytes, basicMetadata(owner)), undecodable);
        await expectRefused(() => rawUnary(clients.token, '/tokenledger.v1.TokenService/IssueTokens', bytes, adminMetadata()), undecodable);
        await expectRefused(() => rawUnary(clients.ops, '/tokenledger.v1.OpsService/ListFamilies', bytes, adminMetadata()), undecodable);
      }
    });

    it('fields sent with the wrong wire type read as no value, and are refused as missing', async () => {
      // authorization_server_id (field 1, a string) sent as a varint.
      await expectRefused(
        () => rawUnary(clients.token, '/tokenledger.v1.TokenService/RefreshTokens', Buffer.from([0x08, 0x05]), basicMetadata(owner)),
        invalidField('authorization_server_id'),
      );
      // refresh_token (field 2, a string) with the 32-bit wire type, cut short.
      await expectRefused(
        () => rawUnary(clients.token, '/tokenledger.v1.TokenService/RefreshTokens', Buffer.from([0x0a, 0x07, ...Buffer.from('default'), 0x15, 0x01]), basicMetadata(owner)),
        { code: status.INVALID_ARGUMENT, reason: 'invalid_request', metadata: { reason: 'missing_refresh_token' } },
      );
    });

    it('values the HTTP DTOs refuse', async () => {
      const client = basicMetadata(owner);
      await expectRefused(
        () => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken, scope: 'openid  offline_access' }, client),
        invalidField('scope'),
      );
      await expectRefused(
        () => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken, scope: 'openid "quoted"' }, client),
        invalidField('scope'),
      );
      await expectRefused(() => unary(clients.token, 'RevokeToken', { authorization_server_id: 'default', token: 'x'.repeat(9000) }, client), invalidField('token'));
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'x'.repeat(101), refresh_token: refreshToken }, client), invalidField('authorization_server_id'));
      const issue = { authorization_server_id: 'default', client_id: owner.id, sub: 'alice@example.com', scope: 'openid offline_access' };
      await expectRefused(() => unary(clients.token, 'IssueTokens', { ...issue, auth_time: -5 }, adminMetadata()), invalidField('auth_time'));
      await expectRefused(() => unary(clients.token, 'IssueTokens', { ...issue, groups: ['g'.repeat(129)] }, adminMetadata()), invalidField('groups'));
      await expectRefused(() => unary(clients.token, 'IssueTokens', { ...issue, grant_type: 'refresh_token' }, adminMetadata()), {
        code: status.INVALID_ARGUMENT,
        reason: 'invalid_request',
        metadata: { reason: 'invalid_grant_type' },
      });
      await expectRefused(() => unary(clients.ops, 'ListFamilies', { status: 'sleeping' }, adminMetadata()), invalidField('status'));
      await expectRefused(() => unary(clients.ops, 'ListFamilies', { limit: 5000 }, adminMetadata()), invalidField('limit'));
      await expectRefused(() => unary(clients.audit, 'GetFamilyStateAt', { family_id: 'abc', at: 'yesterday' }, auditorMetadata()), {
        code: status.INVALID_ARGUMENT,
        reason: 'invalid_request',
        metadata: { reason: 'invalid_parameter', field: 'at' },
      });
    });

    it('credential metadata sent twice authenticates nobody; a client secret of the wrong shape is INVALID_ARGUMENT', async () => {
      // HTTP/2 refuses a repeated `authorization` at the client, and joins other repeated keys
      // into one value ("a, b"), which names no client.
      const twice = metadataOf({ client_id: TEST_CLIENTS.post.id, client_secret: TEST_CLIENTS.post.secret });
      twice.add('client_id', owner.id);
      await expectRefused(
        () => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken }, twice),
        { code: status.UNAUTHENTICATED, reason: 'invalid_client', metadata: { reason: 'client_authentication_failed' } },
        [TEST_CLIENTS.post.secret],
      );
      await expectRefused(
        () => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken }, metadataOf({ client_id: owner.id, client_secret: 's'.repeat(600) })),
        invalidField('client_secret'),
      );
    });
  });

  it('an oversized message: RESOURCE_EXHAUSTED before it is decoded', async () => {
    const huge = 'x'.repeat(70 * 1024);
    await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: huge }, basicMetadata(owner)), {
      code: status.RESOURCE_EXHAUSTED,
    });
    await expectRefused(() => unary(clients.token, 'IssueTokens', { authorization_server_id: 'default', client_id: owner.id, sub: huge, scope: 'openid' }, adminMetadata()), {
      code: status.RESOURCE_EXHAUSTED,
    });
  });

  it('an unknown authorization server: NOT_FOUND', async () => {
    await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'nowhere', refresh_token: refreshToken }, basicMetadata(owner)), {
      code: status.NOT_FOUND,
      reason: 'not_found',
      metadata: { reason: 'unknown_authorization_server' },
    });
  });

  it('an unknown authorization server id is never echoed, NUL bytes and markup included', async () => {
    const notFound: Refusal = { code: status.NOT_FOUND, reason: 'not_found', metadata: { reason: 'unknown_authorization_server' } };
    const client = basicMetadata(owner);
    for (const as of ['nowhere-at-all', 'x\u0000<script>alert(1)</script>']) {
      const echoed = ['nowhere', '<script>', '\u0000'];
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: as, refresh_token: refreshToken }, client), notFound, echoed);
      await expectRefused(() => unary(clients.token, 'RevokeToken', { authorization_server_id: as, token: refreshToken }, client), notFound, echoed);
      await expectRefused(() => unary(clients.token, 'IntrospectToken', { authorization_server_id: as, token: refreshToken }, client), notFound, echoed);
      await expectRefused(
        () => unary(clients.token, 'IssueTokens', { authorization_server_id: as, client_id: owner.id, sub: 'alice@example.com', scope: 'openid' }, adminMetadata()),
        notFound,
        echoed,
      );
      await expectRefused(
        () => unary(clients.ops, 'ExplainPolicy', { authorization_server_id: as, client_id: owner.id }, adminMetadata()),
        { code: status.NOT_FOUND, reason: 'not_found', metadata: { reason: 'not_found' } },
        echoed,
      );
    }
    // Nor an unknown client id or scope (issuance and the policy explanation).
    await expectRefused(
      () => unary(clients.token, 'IssueTokens', { authorization_server_id: 'default', client_id: 'nobody-client', sub: 'alice@example.com', scope: 'openid' }, adminMetadata()),
      { code: status.INVALID_ARGUMENT, reason: 'invalid_request', metadata: { reason: 'unknown_client' } },
      ['nobody-client'],
    );
    await expectRefused(
      () => unary(clients.token, 'IssueTokens', { authorization_server_id: 'default', client_id: owner.id, sub: 'alice@example.com', scope: 'openid launch:codes' }, adminMetadata()),
      { code: status.INVALID_ARGUMENT, reason: 'invalid_scope', metadata: { reason: 'unknown_scope' } },
      ['launch:codes'],
    );
    await expectRefused(
      () => unary(clients.ops, 'ExplainPolicy', { authorization_server_id: 'default', client_id: 'nobody-client<script>' }, adminMetadata()),
      invalidField('client_id'),
      ['nobody-client', '<script>'],
    );
  });

  describe('credentials', () => {
    const unauthenticatedClient: Refusal = { code: status.UNAUTHENTICATED, reason: 'invalid_client', metadata: { reason: 'client_authentication_failed' } };
    const missing: Refusal = { code: status.UNAUTHENTICATED, reason: 'unauthorized', metadata: { reason: 'missing_credential' } };
    const denied = (role: string): Refusal => ({ code: status.PERMISSION_DENIED, reason: 'permission_denied', metadata: { reason: `${role}_credential_not_accepted` } });

    it('missing: UNAUTHENTICATED on every service', async () => {
      const none = () => new grpc.Metadata();
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken }, none()), unauthenticatedClient);
      await expectRefused(() => unary(clients.token, 'IntrospectToken', { authorization_server_id: 'default', token: refreshToken }, none()), unauthenticatedClient);
      await expectRefused(() => unary(clients.token, 'RevokeToken', { authorization_server_id: 'default', token: refreshToken }, none()), unauthenticatedClient);
      await expectRefused(() => unary(clients.token, 'IssueTokens', { authorization_server_id: 'default', client_id: owner.id, sub: 'a', scope: 'openid' }, none()), missing);
      await expectRefused(() => unary(clients.audit, 'VerifyChain', {}, none()), missing);
      await expectRefused(() => unary(clients.ops, 'ListFamilies', {}, none()), missing);
    });

    it('unknown or wrong: UNAUTHENTICATED', async () => {
      const unknownBearer = metadataOf({ authorization: 'Bearer not-a-credential-0123456789' });
      await expectRefused(() => unary(clients.ops, 'ListFamilies', {}, unknownBearer), { code: status.UNAUTHENTICATED, reason: 'unauthorized', metadata: { reason: 'invalid_credential' } });
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken }, unknownBearer), unauthenticatedClient);
      const wrongSecret = basicMetadata({ id: owner.id, secret: 'wrong-secret-0123456789' });
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken }, wrongSecret), unauthenticatedClient, [
        'wrong-secret-0123456789',
      ]);
      // A wrong client secret on the ops service is not a role question: it proves nothing.
      await expectRefused(() => unary(clients.ops, 'ListFamilies', {}, wrongSecret), unauthenticatedClient, ['wrong-secret-0123456789']);
    });

    it('a valid credential of another role: PERMISSION_DENIED', async () => {
      const client = basicMetadata(owner);
      await expectRefused(() => unary(clients.ops, 'ListFamilies', {}, client), denied('client'));
      await expectRefused(() => unary(clients.ops, 'GetProjectionStatus', {}, client), denied('client'));
      await expectRefused(() => unary(clients.ops, 'ExplainPolicy', { authorization_server_id: 'default', client_id: owner.id }, client), denied('client'));
      await expectRefused(() => unary(clients.ops, 'ListFamilies', {}, auditorMetadata()), denied('auditor'));
      await expectRefused(() => unary(clients.audit, 'VerifyChain', {}, adminMetadata()), denied('admin'));
      await expectRefused(() => unary(clients.audit, 'VerifyChain', {}, client), denied('client'));
      await expectRefused(() => unary(clients.token, 'IssueTokens', { authorization_server_id: 'default', client_id: owner.id, sub: 'a', scope: 'openid' }, client), denied('client'));
      await expectRefused(() => unary(clients.token, 'IssueTokens', { authorization_server_id: 'default', client_id: owner.id, sub: 'a', scope: 'openid' }, auditorMetadata()), denied('auditor'));
      await expectRefused(() => unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: refreshToken }, adminMetadata()), denied('admin'));
    });
  });
});
