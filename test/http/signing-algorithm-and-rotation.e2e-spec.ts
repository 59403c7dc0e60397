import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { SigningKeyRotationScheduler } from '../../apps/token-service/src/signing-keys/signing-key-rotation.scheduler';
import { ADMIN_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, testBootstrap, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh } from '../support/token-flows';

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

  beforeAll(async () => {
    ledger = await startLedger({ clock, bootstrap: bootstrapWithSigningServers() });
  });
  afterAll(async () => {
    await ledger.close();
  });

  describe('an RS256 server (Okta’s algorithm)', () => {
    it('signs refresh-issued access and ID tokens with RS256 that a standard verifier accepts from the served JWKS', async () => {
      const family = await issueFamily(ledger, client.id, { as: 'rsa' });
      const refreshed = await refresh(ledger, client, family.refresh_token!, {}, 'rsa');
      expect(refreshed.status).toBe(200);
      const discovery = await getJson(`${issuer('rsa')}/.well-known/openid-configuration`);
      // jose's remote JWKS, as a resource server would use it: fetched from the advertised jwks_uri.
      const keySet = createRemoteJWKSet(new URL(discovery.jwks_uri));
      const access = await jwtVerify(refreshed.body.access_token, keySet, { issuer: issuer('rsa'), typ: 'at+jwt', algorithms: ['RS256'], currentDate: new Date(clock.now()) });
      expect(access.protectedHeader.alg).toBe('RS256');
      expect(access.payload.aud).toBe('api://rsa');
      const id = await jwtVerify(refreshed.body.id_token!, keySet, { issuer: issuer('rsa'), audience: client.id, algorithms: ['RS256'], currentDate: new Date(clock.now()) });
      expect(id.protectedHeader).toMatchObject({ alg: 'RS256', kid: access.protectedHeader.kid });
      expect(typeof id.payload.at_hash).toBe('string');
    });

    it('publishes an RSA JWK and advertises RS256 in discovery; introspection accepts its tokens', async () => {
      const set = await jwks('rsa');
      expect(set.keys).toEqual([{ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' }]);
      expect(Buffer.from(set.keys[0].n as string, 'base64url').length).toBe(256);
      const discovery = await getJson(`${issuer('rsa')}/.well-known/openid-configuration`);
      expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256']);
      const family = await issueFamily(ledger, client.id, { as: 'rsa' });
      const answer = await introspect(ledger, client, family.access_token, 'rsa');
      expect(answer.body.active).toBe(true);
    });

    it('shows its signing settings in the management resource', async () => {
      const server = await getJson(`${ledger.baseUrl}/api/v1/authorizationServers/rsa`, admin);
      const [key] = (await jwks('rsa')).keys;
      expect(server.credentials).toEqual({ signing: { rotationMode: 'MANUAL', use: 'sig', algorithm: 'RS256', rotationPeriodDays: 90, kid: key.kid, lastRotated: expect.any(String) } });
    });

    it('keeps ES256 the default', async () => {
      const set = await jwks('default');
      expect(set.keys.map((k) => [k.kty, k.alg])).toEqual([['EC', 'ES256']]);
      const discovery = await getJson(`${issuer('default')}/.well-known/openid-configuration`);
      expect(discovery.id_token_signing_alg_values_supported).toEqual(['ES256']);
      const family = await issueFamily(ledger, client.id);
      expect(decodeProtectedHeader(family.access_token).alg).toBe('ES256');
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

    it('records the rotation as events: the NEXT key created ahead, then rotated to', async () => {
      const events = await ledger.store.readStream('signingKeys-auto');
      expect(events.map((e) => e.type)).toEqual(['SigningKeyCreated', 'SigningKeyCreated', 'SigningKeyRotated']);
      expect(events[2].data).toMatchObject({ newKid: nextKid, previousKid: firstKid });
    });

    it('never rotates a MANUAL server by itself', async () => {
      await scheduler().runDue();
      expect((await jwks('default')).keys).toHaveLength(1);
      expect((await jwks('rsa')).keys).toHaveLength(1);
    });
  });
});
