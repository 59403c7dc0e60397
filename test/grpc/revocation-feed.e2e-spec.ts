import { status as GrpcStatus } from '@grpc/grpc-js';
import { familyIdOf } from '../support/family-events';
import {
  adminMetadata,
  basicMetadata,
  decodeStatusDetails,
  grpcClients,
  metadataOf,
  openStream,
  unary,
  type LedgerGrpcClients,
  type StreamReader,
} from '../support/grpc-client';
import { FIXED_START, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke } from '../support/token-flows';

/** The feed's heartbeat in these suites (the default is 15 s). */
const HEARTBEAT_MS = 200;
/** How long a test waits for a message it expects: far above what any should take. */
const WAIT_MS = 5_000;
/** The feed's promise, measured at the client: a revocation reaches watchers within this of the revoke call returning. */
const MAX_DELIVERY_MS = 100;

interface Revocation {
  readonly family_id: string;
  readonly token_id?: string;
  readonly reason: string;
  readonly revoked_at: string;
  readonly cursor: string;
}

interface AccessTokenRevocation {
  readonly family_id: string;
  readonly jti: string;
  readonly expires_at: string;
  readonly reason: string;
  readonly revoked_at: string;
  readonly cursor: string;
}

interface FeedMessage {
  readonly revocation?: Revocation;
  readonly heartbeat?: { readonly cursor: string; readonly at: string };
  readonly access_token_revocation?: AccessTokenRevocation;
}

const isRevocation = (m: FeedMessage): boolean => m.revocation !== undefined;
const isHeartbeat = (m: FeedMessage): boolean => m.heartbeat !== undefined;

describe('gRPC RevocationFeed.Watch', () => {
  let ledger: TestLedger;
  let clients: LedgerGrpcClients;
  const owner = TEST_CLIENTS.rotate30;
  const open: StreamReader<FeedMessage>[] = [];

  beforeAll(async () => {
    ledger = await startLedger({ grpc: true, env: { LEDGER_REVOCATION_FEED_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
    clients = grpcClients(ledger);
  });

  afterEach(async () => {
    for (const reader of open.splice(0)) {
      reader.cancel();
      await reader.status;
    }
  });

  afterAll(async () => {
    clients.close();
    await ledger.close();
  });

  /** Opens a watch and waits for its first heartbeat: the feed is then live, so every later revocation is in it. */
  async function watch(after?: string, metadata = basicMetadata(owner)): Promise<StreamReader<FeedMessage>> {
    const reader = openStream<FeedMessage>(clients.feed, 'Watch', after !== undefined ? { after } : {}, metadata);
    open.push(reader);
    await reader.nextMatching(isHeartbeat, WAIT_MS);
    return reader;
  }

  /** Issues a family over HTTP and returns its refresh token. */
  async function family(clientId: string = owner.id): Promise<string> {
    return (await issueFamily(ledger, clientId)).refresh_token!;
  }

  /** Revokes a family over gRPC. */
  async function revokeOverGrpc(refreshToken: string): Promise<void> {
    const result = await unary(clients.token, 'RevokeToken', { authorization_server_id: 'default', token: refreshToken }, basicMetadata(owner));
    expect(result.ok).toBe(true);
  }

  /** Revokes a family over HTTP. */
  async function revokeOverHttp(refreshToken: string): Promise<void> {
    expect((await revoke(ledger, owner, refreshToken)).status).toBe(200);
  }

  /** The next revocation (heartbeats skipped). */
  async function nextRevocation(reader: StreamReader<FeedMessage>): Promise<Revocation> {
    return (await reader.nextMatching(isRevocation, WAIT_MS)).message.revocation!;
  }

  it(`starts from now, and delivers a gRPC revocation within ${MAX_DELIVERY_MS} ms of the revoke call returning`, async () => {
    // A revocation before the watch started is not replayed.
    await revokeOverGrpc(await family());
    const reader = await watch();

    const token = await family();
    await revokeOverGrpc(token);
    const returned = performance.now();
    const arrival = await reader.nextMatching(isRevocation, WAIT_MS);
    // Negative when the message overtook the call's answer (the event is appended before the answer).
    expect(arrival.at - returned).toBeLessThan(MAX_DELIVERY_MS);
    expect(arrival.message.revocation).toEqual({
      family_id: familyIdOf(token),
      token_id: `${familyIdOf(token)}.0`,
      reason: 'client_request',
      revoked_at: new Date(FIXED_START).toISOString(),
      cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
    });
  });

  it(`delivers revocations made over HTTP within ${MAX_DELIVERY_MS} ms, and the service's own (reuse detection)`, async () => {
    const reader = await watch();
    const token = await family();
    await revokeOverHttp(token);
    const returned = performance.now();
    const arrival = await reader.nextMatching(isRevocation, WAIT_MS);
    expect(arrival.at - returned).toBeLessThan(MAX_DELIVERY_MS);
    expect(arrival.message.revocation).toMatchObject({ family_id: familyIdOf(token), reason: 'client_request' });

    // A rotated-out token replayed outside the leeway (0 s): the service revokes the family itself.
    const replayed = await family(TEST_CLIENTS.rotate0.id);
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, replayed)).status).toBe(200);
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, replayed)).body).toMatchObject({ error: 'invalid_grant' });
    const reuse = await nextRevocation(reader);
    // It names the replayed token.
    expect(reuse).toMatchObject({ family_id: familyIdOf(replayed), token_id: `${familyIdOf(replayed)}.0`, reason: 'reuse_detected' });
  });

  it('resumes from its last cursor after a disconnect without missing or repeating a revocation', async () => {
    const first = await watch();
    const seen = await family();
    await revokeOverGrpc(seen);
    const last = await nextRevocation(first);
    expect(last.family_id).toBe(familyIdOf(seen));
    first.cancel();
    expect((await first.status).code).toBe(GrpcStatus.CANCELLED);

    // While disconnected: revocations over gRPC, over HTTP, and by reuse detection.
    const missed = [await family(), await family(), await family(TEST_CLIENTS.rotate0.id)];
    await revokeOverGrpc(missed[0]);
    await revokeOverHttp(missed[1]);
    await refresh(ledger, TEST_CLIENTS.rotate0, missed[2]);
    await refresh(ledger, TEST_CLIENTS.rotate0, missed[2]);

    const resumed = openStream<FeedMessage>(clients.feed, 'Watch', { after: last.cursor }, basicMetadata(owner));
    open.push(resumed);
    const caughtUp = [await nextRevocation(resumed), await nextRevocation(resumed), await nextRevocation(resumed)];
    expect(caughtUp.map((r) => [r.family_id, r.reason])).toEqual([
      [familyIdOf(missed[0]), 'client_request'],
      [familyIdOf(missed[1]), 'client_request'],
      [familyIdOf(missed[2]), 'reuse_detected'],
    ]);
    expect(new Set([last.cursor, ...caughtUp.map((r) => r.cursor)]).size).toBe(4);

    // Then live, and nothing repeated: the next revocation is the new one.
    const live = await family();
    await revokeOverGrpc(live);
    expect((await nextRevocation(resumed)).family_id).toBe(familyIdOf(live));
  });

  it('sends heartbeats while idle, carrying the cursor of the last revocation sent, which resumes as well', async () => {
    const reader = await watch();
    const heartbeats = [await reader.nextMatching(isHeartbeat, WAIT_MS), await reader.nextMatching(isHeartbeat, WAIT_MS)];
    expect(heartbeats[1].at - heartbeats[0].at).toBeGreaterThanOrEqual(HEARTBEAT_MS * 0.5);
    expect(heartbeats[1].message.heartbeat).toEqual({ cursor: expect.any(String), at: new Date(FIXED_START).toISOString() });

    const token = await family();
    await revokeOverGrpc(token);
    const revocation = await nextRevocation(reader);
    const beat = (await reader.nextMatching(isHeartbeat, WAIT_MS)).message.heartbeat!;
    expect(beat.cursor).toBe(revocation.cursor);
    reader.cancel();

    const later = await family();
    await revokeOverHttp(later);
    const resumed = openStream<FeedMessage>(clients.feed, 'Watch', { after: beat.cursor }, basicMetadata(owner));
    open.push(resumed);
    expect((await nextRevocation(resumed)).family_id).toBe(familyIdOf(later));
  });

  it('delivers an access token revoked on its own as access_token_revocation (its jti and exp), in log order with family revocations', async () => {
    const reader = await watch();
    const issued = await issueFamily(ledger, owner.id);
    expect((await revoke(ledger, owner, issued.access_token)).status).toBe(200);
    await revokeOverGrpc(issued.refresh_token!);
    const first = (await reader.nextMatching((m) => isRevocation(m) || m.access_token_revocation !== undefined, WAIT_MS)).message;
    const claims = JSON.parse(Buffer.from(issued.access_token.split('.')[1], 'base64url').toString()) as { jti: string; exp: number };
    expect(first).toEqual({
      message: 'access_token_revocation',
      access_token_revocation: {
        family_id: familyIdOf(issued.refresh_token!),
        jti: claims.jti,
        expires_at: new Date(claims.exp * 1_000).toISOString(),
        reason: 'client_request',
        revoked_at: new Date(FIXED_START).toISOString(),
        cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      },
    });
    expect((await nextRevocation(reader)).family_id).toBe(familyIdOf(issued.refresh_token!));
    // A resume after the access-token revocation's cursor starts with the family's.
    const resumed = openStream<FeedMessage>(clients.feed, 'Watch', { after: first.access_token_revocation!.cursor }, basicMetadata(owner));
    open.push(resumed);
    expect((await nextRevocation(resumed)).family_id).toBe(familyIdOf(issued.refresh_token!));
  });

  it('accepts the admin credential', async () => {
    const reader = await watch(undefined, adminMetadata());
    const token = await family();
    await revokeOverGrpc(token);
    expect((await nextRevocation(reader)).family_id).toBe(familyIdOf(token));
  });

  describe('refusals end the stream with a status and its ErrorInfo', () => {
    async function refusal(request: object, metadata = basicMetadata(owner)) {
      const reader = openStream<FeedMessage>(clients.feed, 'Watch', request, metadata);
      await expect(reader.next(WAIT_MS)).rejects.toThrow(/stream failed/);
      const status = await reader.status;
      return { code: status.code, errorInfo: decodeStatusDetails(status.metadata)?.errorInfo ?? null };
    }

    it('a cursor it did not produce: INVALID_ARGUMENT naming `after`', async () => {
      for (const after of ['not-a-cursor', Buffer.from('tlf1:12').toString('base64url'), 'x'.repeat(200)]) {
        expect(await refusal({ after })).toEqual({
          code: GrpcStatus.INVALID_ARGUMENT,
          errorInfo: { reason: 'invalid_request', domain: 'tokenledger', metadata: { reason: 'invalid_parameter', field: 'after' } },
        });
      }
    });

    it('no credential: UNAUTHENTICATED; a wrong secret: UNAUTHENTICATED', async () => {
      expect(await refusal({}, metadataOf())).toMatchObject({ code: GrpcStatus.UNAUTHENTICATED, errorInfo: { reason: 'unauthorized' } });
      expect(await refusal({}, basicMetadata({ id: owner.id, secret: 'wrong-secret-0123456789' }))).toMatchObject({
        code: GrpcStatus.UNAUTHENTICATED,
        errorInfo: { reason: 'invalid_client', metadata: { reason: 'client_authentication_failed' } },
      });
    });

    it('a public client or the auditor: PERMISSION_DENIED', async () => {
      expect(await refusal({}, metadataOf({ client_id: TEST_CLIENTS.public.id }))).toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
        errorInfo: { reason: 'permission_denied', metadata: { reason: 'public_client' } },
      });
      expect(await refusal({}, metadataOf({ authorization: `Bearer test-auditor-token-0123456789abcdefghijklmn` }))).toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
        errorInfo: { metadata: { reason: 'auditor_credential_not_accepted' } },
      });
    });
  });
});

describe('gRPC RevocationFeed.Watch on shutdown', () => {
  it('ends open watches with UNAVAILABLE, so watchers reconnect with their last cursor', async () => {
    const ledger = await startLedger({ grpc: true, env: { LEDGER_REVOCATION_FEED_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
    const clients = grpcClients(ledger);
    const reader = openStream<FeedMessage>(clients.feed, 'Watch', {}, basicMetadata(TEST_CLIENTS.rotate30));
    await reader.nextMatching(isHeartbeat, WAIT_MS);
    await ledger.close();
    const status = await reader.status;
    clients.close();
    expect(status.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(decodeStatusDetails(status.metadata)?.errorInfo).toEqual({
      reason: 'temporarily_unavailable',
      domain: 'tokenledger',
      metadata: { reason: 'shutting_down', retry_after_seconds: '1' },
    });
  });
});
