import { createHash } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { basicMetadata, grpcClients, unary, type LedgerGrpcClients } from '../support/grpc-client';
import { basic, postForm, type HttpResult } from '../support/http';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi as api } from '../support/management-api';
import { issueFamily, refresh, type TokenBody } from '../support/token-flows';

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };
const ALL_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

interface SecretResource {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
  _links: Record<string, { href: string; hints: { allow: string[] } }>;
  client_secret?: string;
}

const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

describe('client secrets (/api/v1/clients/{clientId}/credentials/secrets, two during a rotation)', () => {
  let ledger: TestLedger;
  let grpc: LedgerGrpcClients;
  let clientId: string;
  /** The secret the client was registered with, and its id. */
  let first: { id: string; secret: string };
  /** The secret added for the rotation, and its id. */
  let second: { id: string; secret: string };
  /** The refresh token the next refresh presents (each refresh rotates it). */
  let refreshToken: string;

  const secretsPath = () => `/api/v1/clients/${clientId}/credentials/secrets`;
  const eventCount = async () => (await ledger.allEvents()).length;

  async function startWithGrpc(dataDir?: string): Promise<void> {
    ledger = await startLedger({ grpc: true, ...(dataDir ? { dataDir } : {}) });
    grpc = grpcClients(ledger);
  }

  /** A refresh over HTTP (Basic) with `secret`; on success the next refresh uses the new token. */
  async function refreshOverHttp(secret: string): Promise<HttpResult<TokenBody>> {
    const result = await refresh(ledger, { id: clientId, secret }, refreshToken);
    if (result.status === 200) refreshToken = result.body.refresh_token!;
    return result;
  }

  async function refreshOverGrpc(secret: string) {
    const result = await unary<TokenBody>(
      grpc.token,
      'RefreshTokens',
      { authorization_server_id: 'default', refresh_token: refreshToken },
      basicMetadata({ id: clientId, secret }),
    );
    if (result.ok) refreshToken = result.value.refresh_token!;
    return result;
  }

  function clientCredentials(secret: string): Promise<HttpResult<TokenBody>> {
    return postForm<TokenBody>(`${ledger.baseUrl}/oauth2/default/v1/token`, { grant_type: 'client_credentials', scope: 'api:read' }, {
      authorization: basic(clientId, secret),
    });
  }

  beforeAll(async () => {
    await startWithGrpc();
    const created = await api(ledger, 'POST', '/api/v1/clients', { client_name: 'Rotating two secrets', grant_types: ALL_GRANTS });
    expect(created.status).toBe(201);
    clientId = created.body.client_id;
    first = { id: '', secret: created.body.client_secret };
    refreshToken = (await issueFamily(ledger, clientId)).refresh_token!;
  });

  afterAll(async () => {
    grpc?.close();
    await ledger?.close();
  });

  it('lists the registered secret: ACTIVE, with an id and times, never the secret nor its hash', async () => {
    const listed = await api<SecretResource[]>(ledger, 'GET', secretsPath());
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    expect(listed.body).toEqual([
      {
        id: expect.stringMatching(/^ocs[A-Za-z0-9_-]{17}$/),
        status: 'ACTIVE',
        created: expect.any(String),
        lastUpdated: expect.any(String),
        _links: { deactivate: { href: expect.stringMatching(/\/lifecycle\/deactivate$/), hints: { allow: ['POST'] } } },
      },
    ]);
    first.id = listed.body[0].id;
    expect(listed.text).not.toContain(first.secret);
    expect(listed.text).not.toContain(sha256Hex(first.secret));
  });

  it('creates a second ACTIVE secret, shown once (201, no-store), stored only as its hash', async () => {
    const before = await eventCount();
    const created = await api<SecretResource>(ledger, 'POST', secretsPath());
    expect({ status: created.status, cacheControl: created.headers.get('cache-control') }).toEqual({ status: 201, cacheControl: 'no-store' });
    expect(created.body).toEqual({
      id: expect.stringMatching(/^ocs[A-Za-z0-9_-]{18}$/),
      status: 'ACTIVE',
      created: expect.any(String),
      lastUpdated: expect.any(String),
      _links: { deactivate: expect.anything() },
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    second = { id: created.body.id, secret: created.body.client_secret! };
    expect(second.secret).not.toBe(first.secret);

    const events = (await ledger.allEvents()).slice(before);
    expect(events.map((e) => [e.type, e.streamName])).toEqual([['ClientSecretAdded', `client-${clientId}`]]);
    expect(events[0].data).toEqual({
      clientId,
      secretId: second.id,
      secretHash: `sha256:${sha256Hex(second.secret)}`,
      status: 'ACTIVE',
      addedAt: expect.any(Number),
    });
    expect(events[0].metadata).toMatchObject({ actor: 'admin:service' });
  });

  it('both ACTIVE secrets authenticate a refresh over HTTP, and the second over gRPC', async () => {
    const withFirst = await refreshOverHttp(first.secret);
    expect({ status: withFirst.status, error: withFirst.body.error }).toEqual({ status: 200, error: undefined });
    const withSecond = await refreshOverHttp(second.secret);
    expect({ status: withSecond.status, error: withSecond.body.error }).toEqual({ status: 200, error: undefined });
    const overGrpc = await refreshOverGrpc(second.secret);
    expect(overGrpc.ok).toBe(true);
    expect((await clientCredentials(first.secret)).status).toBe(200);
    expect((await clientCredentials(second.secret)).status).toBe(200);
  });

  it('shows the raw secret only in the create response: list, get and the events never hold it', async () => {
    const listed = await api<SecretResource[]>(ledger, 'GET', secretsPath());
    expect(listed.body.map((s) => [s.id, s.status])).toEqual([
      [first.id, 'ACTIVE'],
      [second.id, 'ACTIVE'],
    ]);
    const fetched = await api<SecretResource>(ledger, 'GET', `${secretsPath()}/${second.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(listed.body[1]);
    expect(fetched.body).not.toHaveProperty('client_secret');
    const client = await api(ledger, 'GET', `/api/v1/clients/${clientId}`);
    for (const text of [listed.text, fetched.text, client.text]) {
      for (const secret of [first.secret, second.secret]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(sha256Hex(secret));
      }
    }
    const everyEvent = JSON.stringify((await ledger.allEvents()).map((e) => ({ data: e.data, metadata: e.metadata })));
    expect(everyEvent).not.toContain(first.secret);
    expect(everyEvent).not.toContain(second.secret);
    expect(ledger.logs.lines.join('\n')).not.toContain(second.secret);
  });

  it('refuses a third secret and choosing the secret (400, nothing appended)', async () => {
    const before = await eventCount();
    const third = await api(ledger, 'POST', secretsPath(), {});
    expect({ status: third.status, errorCode: third.body.errorCode, errorSummary: third.body.errorSummary }).toEqual({
      status: 400,
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: secrets',
    });
    const chosen = await api(ledger, 'POST', secretsPath(), { client_secret: 'a-secret-the-caller-picked-0123456789' });
    expect({ status: chosen.status, errorSummary: chosen.body.errorSummary }).toEqual({ status: 400, errorSummary: 'Api validation failed: client_secret' });
    expect(chosen.text).not.toContain('a-secret-the-caller-picked');
    expect(await eventCount()).toBe(before);
  });

  it('refuses to delete an ACTIVE secret (400, nothing appended)', async () => {
    const before = await eventCount();
    const result = await api(ledger, 'DELETE', `${secretsPath()}/${first.id}`);
    expect({ status: result.status, errorCode: result.body.errorCode }).toEqual({ status: 400, errorCode: 'E0000001' });
    expect(await eventCount()).toBe(before);
    expect((await refreshOverHttp(first.secret)).status).toBe(200);
  });

  it('deactivates the old secret: it fails with 401 invalid_client (HTTP and gRPC), the new one works', async () => {
    const result = await api<SecretResource>(ledger, 'POST', `${secretsPath()}/${first.id}/lifecycle/deactivate`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: first.id, status: 'INACTIVE', _links: { activate: expect.anything(), delete: expect.anything() } });

    const old = await refreshOverHttp(first.secret);
    expect({ status: old.status, body: old.body }).toEqual({ status: 401, body: INVALID_CLIENT });
    const oldOverGrpc = await refreshOverGrpc(first.secret);
    expect(oldOverGrpc.ok ? 'ok' : { code: oldOverGrpc.code, reason: oldOverGrpc.errorInfo?.reason }).toEqual({
      code: GrpcStatus.UNAUTHENTICATED,
      reason: 'invalid_client',
    });
    expect((await clientCredentials(first.secret)).status).toBe(401);

    expect((await refreshOverHttp(second.secret)).status).toBe(200);
    expect((await refreshOverGrpc(second.secret)).ok).toBe(true);
  });

  it('refuses to deactivate the last ACTIVE secret (400, nothing appended)', async () => {
    const before = await eventCount();
    const result = await api(ledger, 'POST', `${secretsPath()}/${second.id}/lifecycle/deactivate`);
    expect({ status: result.status, errorCode: result.body.errorCode }).toEqual({ status: 400, errorCode: 'E0000001' });
    expect(await eventCount()).toBe(before);
    expect((await refreshOverHttp(second.secret)).status).toBe(200);
  });

  it('a restart folds the same secrets from the log: same ids and statuses, same answers', async () => {
    // `_links` name the issuer, whose port changes with the restart.
    const withoutLinks = (secrets: SecretResource[]) => secrets.map(({ _links: _ignored, ...secret }) => secret);
    const before = (await api<SecretResource[]>(ledger, 'GET', secretsPath())).body;
    expect(before.map((s) => [s.id, s.status])).toEqual([
      [first.id, 'INACTIVE'],
      [second.id, 'ACTIVE'],
    ]);
    const dataDir = ledger.dataDir;
    grpc.close();
    await ledger.close();
    await startWithGrpc(dataDir);

    expect(withoutLinks((await api<SecretResource[]>(ledger, 'GET', secretsPath())).body)).toEqual(withoutLinks(before));
    expect((await refreshOverHttp(first.secret)).status).toBe(401);
    expect((await refreshOverHttp(second.secret)).status).toBe(200);
    expect((await refreshOverGrpc(second.secret)).ok).toBe(true);
  });

  it('deletes the INACTIVE secret (204); it is gone (404) and its slot is free again', async () => {
    const deleted = await api(ledger, 'DELETE', `${secretsPath()}/${first.id}`);
    expect(deleted.status).toBe(204);
    const events = await ledger.store.readStream(`client-${clientId}`);
    expect(events.at(-1)).toMatchObject({ type: 'ClientSecretDeleted', data: { clientId, secretId: first.id } });
    expect((await api(ledger, 'GET', `${secretsPath()}/${first.id}`)).status).toBe(404);
    expect((await api(ledger, 'DELETE', `${secretsPath()}/${first.id}`)).status).toBe(404);
    expect((await api<SecretResource[]>(ledger, 'GET', secretsPath())).body.map((s) => s.id)).toEqual([second.id]);
    expect((await refreshOverHttp(second.secret)).status).toBe(200);

    const inactive = await api<SecretResource>(ledger, 'POST', secretsPath(), { status: 'INACTIVE' });
    expect({ status: inactive.status, secretStatus: inactive.body.status }).toEqual({ status: 201, secretStatus: 'INACTIVE' });
    expect((await clientCredentials(inactive.body.client_secret!)).status).toBe(401);
    const activated = await api<SecretResource>(ledger, 'POST', `${secretsPath()}/${inactive.body.id}/lifecycle/activate`);
    expect({ status: activated.status, secretStatus: activated.body.status }).toEqual({ status: 200, secretStatus: 'ACTIVE' });
    expect((await clientCredentials(inactive.body.client_secret!)).status).toBe(200);
  });

  it('lifecycle/newSecret still replaces every secret with one new secret', async () => {
    const rotated = await api(ledger, 'POST', `/api/v1/clients/${clientId}/lifecycle/newSecret`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.client_secret as string;
    const listed = (await api<SecretResource[]>(ledger, 'GET', secretsPath())).body;
    expect(listed.map((s) => s.status)).toEqual(['ACTIVE']);
    expect(listed[0].id).not.toBe(second.id);
    expect((await clientCredentials(second.secret)).status).toBe(401);
    expect((await clientCredentials(newSecret)).status).toBe(200);
  });

  it('a client registered from the log before secret ids lists one ACTIVE secret with a stable, derived id', async () => {
    const declared = await api<SecretResource[]>(ledger, 'GET', `/api/v1/clients/${TEST_CLIENTS.rotate30.id}/credentials/secrets`);
    expect(declared.body.map((s) => [s.id, s.status])).toEqual([['ocs00000000000000001', 'ACTIVE']]);
  });

  it('answers 404 for unknown clients and secrets, and 400 for a client without a secret', async () => {
    expect((await api(ledger, 'GET', '/api/v1/clients/nope/credentials/secrets')).status).toBe(404);
    const unknown = await api(ledger, 'POST', `${secretsPath()}/ocsUnknownSecretId000/lifecycle/activate`);
    expect({ status: unknown.status, errorCode: unknown.body.errorCode }).toEqual({ status: 404, errorCode: 'E0000007' });
    const publicSecrets = await api(ledger, 'GET', `/api/v1/clients/${TEST_CLIENTS.public.id}/credentials/secrets`);
    expect({ status: publicSecrets.status, body: publicSecrets.body }).toEqual({ status: 200, body: [] });
    const publicAdd = await api(ledger, 'POST', `/api/v1/clients/${TEST_CLIENTS.public.id}/credentials/secrets`);
    expect({ status: publicAdd.status, errorSummary: publicAdd.body.errorSummary }).toEqual({ status: 400, errorSummary: 'Api validation failed: client_secret' });
  });
});

describe('client secrets and the bootstrap file (LEDGER_BOOTSTRAP_MODE=enforce)', () => {
  it('a restart that re-declares the client keeps both ACTIVE secrets when the declared one verifies', async () => {
    const env = { LEDGER_BOOTSTRAP_MODE: 'enforce' };
    const client = TEST_CLIENTS.rotate30;
    const path = `/api/v1/clients/${client.id}/credentials/secrets`;
    const first = await startLedger({ env });
    const added = await api<SecretResource>(first, 'POST', path);
    expect(added.status).toBe(201);
    const before = (await api<SecretResource[]>(first, 'GET', path)).body.map((s) => [s.id, s.status]);
    expect(before).toEqual([
      ['ocs00000000000000001', 'ACTIVE'],
      [added.body.id, 'ACTIVE'],
    ]);
    const streamLength = (await first.store.readStream(`client-${client.id}`)).length;
    await first.close();

    const restarted = await startLedger({ env, dataDir: first.dataDir });
    try {
      expect((await restarted.store.readStream(`client-${client.id}`)).length).toBe(streamLength);
      expect((await api<SecretResource[]>(restarted, 'GET', path)).body.map((s) => [s.id, s.status])).toEqual(before);
      const family = await issueFamily(restarted, client.id);
      const withAdded = await refresh(restarted, { id: client.id, secret: added.body.client_secret! }, family.refresh_token!);
      expect(withAdded.status).toBe(200);
      expect((await refresh(restarted, client, withAdded.body.refresh_token!)).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});
