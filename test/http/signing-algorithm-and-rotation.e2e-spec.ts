import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { SigningKeyRotationScheduler } from '../../apps/token-service/src/signing-keys/signing-key-rotation.scheduler';
import { grpcClients, type LedgerGrpcClients } from '../support/grpc-client';
import { ADMIN_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, testBootstrap, type TestLedger } from '../support/ledger-harness';
import { issueFamily } from '../support/token-flows';
import { grpcTransport, httpTransport, type TokenTransport } from '../support/token-transports';

const DAY = 86_400_000;
const client = TEST_CLIENTS.rotate30;

/** The test bootstrap plus servers `rsa` (RS256, MANUAL) and `auto` (ES256, AUTO every 10 days). */
function bootstrapWithSigningServers(): Record<string, unknown> {
  const base = testBootstrap() as { authorizationServers: Record<string, unknown>[] };
  const server = base.authorizationServers[0];
  const withSigning = (id: string, signing: Record<string, unknown>) => ({ ...server, id, name: id, audiences: [`api://${id}`], credentials: { signing } });
  return {
    ...base,
    authorizationServers: [
      ...base.authorizationServers,
      withSigning('rsa', { algorithm: 'RS256', rotationMode: 'MANUAL' }),
      withSigning('auto', { rotationMode: 'AUTO', rotationPeriodDays: 10 }),
    ],
  };
}

async function getJson<T = Record<string, any>>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

describe('signing algorithm and automatic key rotation (credentials.signing)', () => {
  const clock = new SteppableClock();
  let ledger: TestLedger;
  const issuer = (as: string) => `${ledger.baseUrl}/oauth2/${as}`;
  const jwks = (as: string) => getJson<JSONWebKeySet>(`${issuer(as)}/v1/keys`);
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  let clients: LedgerGrpcClients;
  const transports: Record<'http' | 'grpc', () => TokenTransport> = {
    http: () => httpTransport(ledger),
    grpc: () => grpcTransport(ledger, clients),
  };

  beforeAll(async () => {
    ledger = await startLedger({ clock, bootstrap: bootstrapWithSigningServers(), grpc: true });
    clients = grpcClients(ledger);
  });
  afterAll(async () => {
    clients?.close();
    await ledger.close();
  });

  describe('an RS256 server (Okta’s algorithm)', () => {
    describe.each(['http', 'grpc'] as const)('over %s', (name) => {
      it('signs refresh-issued access and ID tokens with RS256 that a standard verifier accepts from the served JWKS', async () => {
        const t = transports[name]();
        const family = await t.issue(client.id, { as: 'rsa' });
        const outcome = await t.refresh(client, family.refresh_token!, { as: 'rsa' });
        if (!outcome.ok) throw new Error(`refresh refused: ${outcome.error}`);
        const discovery = await getJson(`${issuer('rsa')}/.well-known/openid-configuration`);
        // jose's remote JWKS, as a resource server would use it: fetched from the advertised jwks_uri.
        const keySet = createRemoteJWKSet(new URL(discovery.jwks_uri));
        const currentDate = new Date(clock.now());
        const access = await jwtVerify(outcome.body.access_token, keySet, { issuer: issuer('rsa'), typ: 'at+jwt', algorithms: ['RS256'], currentDate });
        expect(access.protectedHeader.alg).toBe('RS256');
        expect(access.payload.aud).toBe('api://rsa');
        const id = await jwtVerify(outcome.body.id_token!, keySet, { issuer: issuer('rsa'), audience: client.id, algorithms: ['RS256'], currentDate });
        expect(id.protectedHeader).toMatchObject({ alg: 'RS256', kid: access.protectedHeader.kid });
        expect(typeof id.payload.at_hash).toBe('string');
      });

      it('introspection verifies its RS256 access tokens', async () => {
        const t = transports[name]();
        const family = await t.issue(client.id, { as: 'rsa' });
        expect(decodeProtectedHeader(family.access_token).alg).toBe('RS256');
        const answer = await t.introspect(client, family.access_token, 'rsa');
        expect(answer).toMatchObject({ ok: true, body: { active: true } });
      });
    });

    it('publishes an RSA JWK and advertises RS256 in discovery, while ES256 stays the default elsewhere', async () => {
      const set = await jwks('rsa');
      expect(set.keys).toEqual([{ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' }]);
      expect(Buffer.from(set.keys[0].n as string, 'base64url').length).toBe(256);
      const discovery = await getJson(`${issuer('rsa')}/.well-known/openid-configuration`);
      expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256']);

      expect((await jwks('default')).keys.map((k) => [k.kty, k.alg])).toEqual([['EC', 'ES256']]);
      const defaultDiscovery = await getJson(`${issuer('default')}/.well-known/openid-configuration`);
      expect(defaultDiscovery.id_token_signing_alg_values_supported).toEqual(['ES256']);
      expect(decodeProtectedHeader((await issueFamily(ledger, client.id)).access_token).alg).toBe('ES256');
    });

    it('shows its signing settings in the management resource and its RSA key in the key listing', async () => {
      const server = await getJson(`${ledger.baseUrl}/api/v1/authorizationServers/rsa`, admin);
      const [key] = (await jwks('rsa')).keys;
      expect(server.credentials).toEqual({ signing: { rotationMode: 'MANUAL', use: 'sig', algorithm: 'RS256', rotationPeriodDays: 90, kid: key.kid, lastRotated: expect.any(String) } });
      const listed = await getJson<Record<string, unknown>[]>(`${ledger.baseUrl}/api/v1/authorizationServers/rsa/credentials/keys`, admin);
      expect(listed).toEqual([
        { kid: key.kid, alg: 'RS256', use: 'sig', kty: 'RSA', n: key.n, e: 'AQAB', status: 'ACTIVE', created: expect.any(String), retiresAt: null },
      ]);
    });
  });

  describe('AUTO rotation on a 10-day period', () => {
    const scheduler = () => ledger.app.get(SigningKeyRotationScheduler);
    const signingKid = async (as: string) => decodeProtectedHeader((await issueFamily(ledger, client.id, { as })).access_token).kid;
    let firstKid: string;
    let nextKid: string;
    let tokenOfFirstKey: string;

    it('publishes the NEXT key half a period ahead, while the active key still signs', async () => {
      const start = await jwks('auto');
      expect(start.keys).toHaveLength(1);
      firstKid = start.keys[0].kid!;
      clock.advance(5 * DAY - 1);
      await scheduler().runDue();
      expect((await jwks('auto')).keys).toHaveLength(1);

      clock.advance(1);
      await scheduler().runDue();
      const published = await jwks('auto');
      expect(published.keys.map((k) => k.kid)).toEqual([firstKid, expect.any(String)]);
      nextKid = published.keys[1].kid!;
      expect(nextKid).not.toBe(firstKid);
      expect(await signingKid('auto')).toBe(firstKid);
      tokenOfFirstKey = (await issueFamily(ledger, client.id, { as: 'auto' })).access_token;
      const listed = await getJson<{ kid: string; status: string }[]>(`${ledger.baseUrl}/api/v1/authorizationServers/auto/credentials/keys`, admin);
      expect(listed.map((k) => [k.kid, k.status])).toEqual([
        [firstKid, 'ACTIVE'],
        [nextKid, 'NEXT'],
      ]);
    });

    it('signs with the NEXT key from the rotation time on; the replaced key stays published so its tokens verify', async () => {
      clock.advance(5 * DAY - 1);
      await scheduler().runDue();
      expect(await signingKid('auto')).toBe(firstKid);

      clock.advance(1);
      await scheduler().runDue();
      expect(await signingKid('auto')).toBe(nextKid);
      // The gRPC token service signs with the same key.
      const overGrpc = await transports.grpc().issue(client.id, { as: 'auto' });
      expect(decodeProtectedHeader(overGrpc.access_token).kid).toBe(nextKid);
      const published = await jwks('auto');
      expect(published.keys.map((k) => k.kid)).toEqual([nextKid, firstKid]);
      const keySet = createRemoteJWKSet(new URL(`${issuer('auto')}/v1/keys`));
      await expect(jwtVerify(tokenOfFirstKey, keySet, { issuer: issuer('auto'), algorithms: ['ES256'], currentDate: new Date(clock.now() - 5 * DAY) })).resolves.toBeDefined();
      const server = await getJson(`${ledger.baseUrl}/api/v1/authorizationServers/auto`, admin);
      expect(server.credentials.signing).toMatchObject({
        rotationMode: 'AUTO',
        rotationPeriodDays: 10,
        kid: nextKid,
        lastRotated: new Date(clock.now()).toISOString(),
        nextRotation: new Date(clock.now() + 10 * DAY).toISOString(),
      });
    });

    it('records the rotation as events (the NEXT key created ahead, then rotated to); MANUAL servers rotated nothing by themselves', async () => {
      const events = await ledger.store.readStream('signingKeys-auto');
      expect(events.map((e) => e.type)).toEqual(['SigningKeyCreated', 'SigningKeyCreated', 'SigningKeyRotated']);
      expect(events[2].data).toMatchObject({ newKid: nextKid, previousKid: firstKid });
      await scheduler().runDue();
      for (const manual of ['default', 'rsa']) {
        expect((await ledger.store.readStream(`signingKeys-${manual}`)).map((e) => e.type)).toEqual(['SigningKeyCreated']);
      }
    });
  });

  describe('settings through the management API', () => {
    const serverUrl = (as: string) => `${ledger.baseUrl}/api/v1/authorizationServers/${as}`;
    async function send(method: string, url: string, body: unknown) {
      const response = await fetch(url, { method, headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    }

    it('creates a server with Okta’s default AUTO rotation when no credentials are given', async () => {
      const created = await send('POST', `${ledger.baseUrl}/api/v1/authorizationServers`, { id: 'fresh', name: 'fresh', audiences: ['api://fresh'] });
      expect(created.status).toBe(201);
      const [key] = (await jwks('fresh')).keys;
      expect(created.body.credentials.signing).toEqual({
        rotationMode: 'AUTO',
        use: 'sig',
        algorithm: 'ES256',
        rotationPeriodDays: 90,
        kid: key.kid,
        lastRotated: new Date(clock.now()).toISOString(),
        nextRotation: new Date(clock.now() + 90 * DAY).toISOString(),
      });
    });

    it('refuses signing settings it does not know, naming the field and appending nothing', async () => {
      const before = (await ledger.allEvents()).length;
      for (const [signing, field] of [
        [{ algorithm: 'HS256' }, 'credentials.signing.algorithm'],
        [{ rotationMode: 'SOMETIMES' }, 'credentials.signing.rotationMode'],
        [{ rotationPeriodDays: 0 }, 'credentials.signing.rotationPeriodDays'],
        [{ rotationPeriodDays: 1.5 }, 'credentials.signing.rotationPeriodDays'],
      ] as const) {
        const refused = await send('POST', `${ledger.baseUrl}/api/v1/authorizationServers`, { name: 'bad', audiences: ['api://bad'], credentials: { signing } });
        expect(refused.status).toBe(400);
        expect(JSON.stringify(refused.body)).toContain(field);
      }
      expect((await ledger.allEvents()).length).toBe(before);
    });

    it('changing the algorithm rotates at once to a key of the new one; the old key stays published and its tokens verify', async () => {
      const esToken = (await issueFamily(ledger, client.id, { as: 'other' })).access_token;
      const [esKey] = (await jwks('other')).keys;
      const current = await getJson(serverUrl('other'), admin);
      const updated = await send('PUT', serverUrl('other'), { ...current, credentials: { signing: { ...current.credentials.signing, algorithm: 'RS256' } } });
      expect(updated.status).toBe(200);
      expect(updated.body.credentials.signing).toMatchObject({ rotationMode: 'MANUAL', algorithm: 'RS256' });
      expect(updated.body.credentials.signing.kid).not.toBe(esKey.kid);

      const published = await jwks('other');
      expect(published.keys.map((k) => [k.kty, k.alg])).toEqual([
        ['RSA', 'RS256'],
        ['EC', 'ES256'],
      ]);
      expect(published.keys[0].kid).toBe(updated.body.credentials.signing.kid);
      const discovery = await getJson(`${issuer('other')}/.well-known/openid-configuration`);
      expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
      const rsToken = (await issueFamily(ledger, client.id, { as: 'other' })).access_token;
      expect(decodeProtectedHeader(rsToken)).toMatchObject({ alg: 'RS256', kid: published.keys[0].kid });
      const keySet = createRemoteJWKSet(new URL(`${issuer('other')}/v1/keys`));
      for (const token of [esToken, rsToken]) {
        await expect(jwtVerify(token, keySet, { issuer: issuer('other'), algorithms: ['ES256', 'RS256'], currentDate: new Date(clock.now()) })).resolves.toBeDefined();
      }
      // A PUT without credentials keeps them.
      const { credentials: _kept, ...withoutCredentials } = updated.body;
      const again = await send('PUT', serverUrl('other'), withoutCredentials);
      expect(again.body.credentials.signing).toMatchObject({ algorithm: 'RS256', kid: published.keys[0].kid });
    });
  });
});
