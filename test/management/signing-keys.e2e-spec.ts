import { SIGNING_KEY_RETIREMENT_DELAY_MINUTES } from '@ledger/domain';
import { compactDecrypt, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_TOKEN, FIXED_START, keyEncryptionKeyOf, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';

/** A key as `GET …/credentials/keys` lists it. */
interface KeyBody {
  kid: string;
  alg: string;
  use: string;
  kty: string;
  crv: string;
  x: string;
  y: string;
  status: string;
  created: string;
  retiresAt: string | null;
  [member: string]: unknown;
}

/** Okta's management error body. */
interface ManagementErrorBody {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

interface Answer<T> {
  status: number;
  body: T;
  text: string;
}

const MINUTE = 60_000;

/** Recorded events as text (revisions and positions are bigints). */
function asText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
const client = TEST_CLIENTS.rotate30;

async function call<T>(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const response = await fetch(url, { method: init.method ?? 'GET', body: init.body, headers: init.headers });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, text };
}

describe('signing-key rotation (Okta credentials API)', () => {
  const clock = new SteppableClock();
  let ledger: TestLedger;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const keysUrl = (as = 'default') => `${ledger.baseUrl}/api/v1/authorizationServers/${as}/credentials/keys`;
  const rotateUrl = (as = 'default') => `${ledger.baseUrl}/api/v1/authorizationServers/${as}/credentials/lifecycle/keyRotate`;
  const listKeys = () => call<KeyBody[]>(keysUrl(), { headers: admin });
  const jwks = () => call<JSONWebKeySet>(`${ledger.baseUrl}/oauth2/default/v1/keys`);
  const keyEvents = () => ledger.store.readStream('signingKeys-default');
  const kek = () => keyEncryptionKeyOf(ledger.dataDir);
  const noKeyDirectory = () => expect(fs.existsSync(path.join(ledger.dataDir, 'keys'))).toBe(false);
  const issuer = () => `${ledger.baseUrl}/oauth2/default`;

  /** Verifies a JWT as a resource server would: jose against the JWKS the ledger publishes now. */
  async function verifyWithPublishedKeys(jwt: string, typ: string) {
    const set = createLocalJWKSet((await jwks()).body);
    return jwtVerify(jwt, set, { issuer: issuer(), typ, algorithms: ['ES256'], currentDate: new Date(clock.now()) });
  }

  beforeAll(async () => {
    ledger = await startLedger({ clock });
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('lists the first key as ACTIVE, in Okta’s shape, public members only', async () => {
    const listed = await listKeys();
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        alg: 'ES256',
        use: 'sig',
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        status: 'ACTIVE',
        created: new Date(FIXED_START).toISOString(),
        retiresAt: null,
      },
    ]);
    expect((await jwks()).body.keys.map((k) => k.kid)).toEqual([listed.body[0].kid]);
  });

  it('refuses a caller without the admin credential, or with a wrong one, with 401 and records nothing', async () => {
    const before = await keyEvents();
    const callers: Record<string, string>[] = [{}, { authorization: `Bearer ${ADMIN_TOKEN}-wrong` }, { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}` }];
    for (const headers of callers) {
      const listed = await call<ManagementErrorBody>(keysUrl(), { headers });
      expect(listed.status).toBe(401);
      expect(listed.body.errorCode).toBe('E0000011');
      const rotated = await call<ManagementErrorBody>(rotateUrl(), { method: 'POST', headers });
      expect(rotated.status).toBe(401);
      expect(rotated.body.errorCode).toBe('E0000011');
    }
    expect(await keyEvents()).toEqual(before);
    noKeyDirectory();
  });

  it('answers 404 for an unknown authorization server and creates no key for it', async () => {
    const notFound = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nope (AuthorizationServer)', errorCauses: [] };
    const listed = await call<ManagementErrorBody>(keysUrl('nope'), { headers: admin });
    expect(listed.status).toBe(404);
    expect(listed.body).toMatchObject(notFound);
    const rotated = await call<ManagementErrorBody>(rotateUrl('nope'), { method: 'POST', headers: admin });
    expect(rotated.status).toBe(404);
    expect(rotated.body).toMatchObject(notFound);
    noKeyDirectory();
    expect(await ledger.store.readStream('signingKeys-nope')).toEqual([]);
  });

  it('refuses a key use other than sig with 400 and rotates nothing', async () => {
    const before = await keyEvents();
    const refused = await call<ManagementErrorBody>(rotateUrl(), {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ use: 'enc' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: use', errorCauses: [{ errorSummary: expect.stringMatching(/^use: /) }] });
    expect(await keyEvents()).toEqual(before);
    noKeyDirectory();
  });

  describe('after a rotation', () => {
    const rotatedAt = FIXED_START + 10 * MINUTE;
    let oldKid: string;
    let rotation: Answer<KeyBody>;
    /** Issued before the rotation: its tokens are signed with the old key. */
    let before: TokenBody;
    /** The latest refresh token of the family issued before the rotation. */
    let latestRefreshToken: string;

    beforeAll(async () => {
      oldKid = (await listKeys()).body[0].kid;
      before = await issueFamily(ledger, client.id);
      latestRefreshToken = before.refresh_token!;
      clock.set(rotatedAt);
      // Okta's SDKs send `{"use":"sig"}` as JSON.
      rotation = await call<KeyBody>(rotateUrl(), {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ use: 'sig' }),
      });
    });

    it('answers 200 with the new key, ACTIVE, in Okta’s shape', () => {
      expect(rotation.status).toBe(200);
      expect(rotation.body).toEqual({
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        alg: 'ES256',
        use: 'sig',
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        status: 'ACTIVE',
        created: new Date(rotatedAt).toISOString(),
        retiresAt: null,
      });
      expect(rotation.body.kid).not.toBe(oldKid);
      expect(decodeProtectedHeader(before.access_token).kid).toBe(oldKid);
    });

    it('records SigningKeyCreated (public key, private half wrapped under the key-encryption key) and SigningKeyRotated, and writes no key file', async () => {
      const events = await keyEvents();
      expect(events.map((e) => e.type)).toEqual(['SigningKeyCreated', 'SigningKeyCreated', 'SigningKeyRotated']);
      const created = events[1].data as { wrappedPrivateKey: string; kekId: string };
      expect(events[1].data).toEqual({
        authorizationServerId: 'default',
        kid: rotation.body.kid,
        alg: 'ES256',
        publicJwk: { kty: 'EC', crv: 'P-256', x: rotation.body.x, y: rotation.body.y, kid: rotation.body.kid, alg: 'ES256', use: 'sig' },
        createdAt: rotatedAt,
        wrappedPrivateKey: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/),
        kekId: expect.stringMatching(/^local:[\w-]{22}$/),
      });
      expect(decodeProtectedHeader(created.wrappedPrivateKey)).toEqual({ alg: 'A256KW', enc: 'A256GCM', kid: created.kekId, cty: 'jwk+json' });
      expect(events[2].data).toEqual({
        authorizationServerId: 'default',
        newKid: rotation.body.kid,
        previousKid: oldKid,
        rotatedAt,
        previousRetiresAt: rotatedAt + SIGNING_KEY_RETIREMENT_DELAY_MINUTES * MINUTE,
      });
      expect(events[2].metadata).toMatchObject({ actor: 'admin:service', previousEventHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      // The JWE opens with the ledger's key-encryption key, into the private half of the published key.
      for (const event of events.slice(0, 2)) {
        const { kid, publicJwk, wrappedPrivateKey } = event.data as { kid: string; publicJwk: { x: string; y: string }; wrappedPrivateKey: string };
        const jwk = JSON.parse(new TextDecoder().decode((await compactDecrypt(wrappedPrivateKey, kek())).plaintext)) as Record<string, string>;
        expect({ kid, x: jwk.x, y: jwk.y, d: typeof jwk.d }).toEqual({ kid, x: publicJwk.x, y: publicJwk.y, d: 'string' });
        expect(asText(events)).not.toContain(jwk.d);
      }
      expect(asText(events)).not.toMatch(/"d"\s*:/);
      noKeyDirectory();
    });

    it('publishes both keys, so a token signed before the rotation still verifies and introspects active', async () => {
      expect((await jwks()).body.keys.map((k) => k.kid)).toEqual([rotation.body.kid, oldKid]);
      await expect(verifyWithPublishedKeys(before.access_token, 'at+jwt')).resolves.toMatchObject({ protectedHeader: { kid: oldKid } });
      const introspected = await introspect(ledger, client, before.access_token);
      expect(introspected.body).toMatchObject({ active: true, client_id: client.id });
    });

    it('signs refreshed access and ID tokens with the new key, and they verify against the published keys', async () => {
      const refreshed = await refresh(ledger, client, latestRefreshToken);
      expect(refreshed.status).toBe(200);
      latestRefreshToken = refreshed.body.refresh_token!;
      expect(decodeProtectedHeader(refreshed.body.access_token).kid).toBe(rotation.body.kid);
      expect(decodeProtectedHeader(refreshed.body.id_token!).kid).toBe(rotation.body.kid);
      await expect(verifyWithPublishedKeys(refreshed.body.access_token, 'at+jwt')).resolves.toMatchObject({ payload: { client_id: client.id } });
      await expect(verifyWithPublishedKeys(refreshed.body.id_token!, 'JWT')).resolves.toMatchObject({ payload: { aud: client.id } });
      expect((await introspect(ledger, client, refreshed.body.access_token)).body.active).toBe(true);
    });

    it('lists the new key ACTIVE and the previous one EXPIRED with its retirement time, never a private member', async () => {
      const listed = await listKeys();
      expect(listed.body.map((k) => [k.kid, k.status, k.retiresAt])).toEqual([
        [rotation.body.kid, 'ACTIVE', null],
        [oldKid, 'EXPIRED', new Date(rotatedAt + 1445 * MINUTE).toISOString()],
      ]);
      for (const key of listed.body) expect(Object.keys(key).sort()).toEqual(['alg', 'created', 'crv', 'kid', 'kty', 'retiresAt', 'status', 'use', 'x', 'y']);
      expect(listed.text).not.toMatch(/"d"\s*:/);
      // Nor the wrapped half, though only a holder of the key-encryption key could open it.
      for (const event of await keyEvents()) {
        const { wrappedPrivateKey } = event.data as { wrappedPrivateKey?: string };
        if (wrappedPrivateKey) expect(listed.text).not.toContain(wrappedPrivateKey.split('.')[3]);
      }
      expect(listed.text).not.toMatch(/wrapped|kekId/);
    });

    it('restarts without recording anything and keeps signing with the new key', async () => {
      const eventsBefore = await keyEvents();
      const jwksBefore = (await jwks()).body;
      await ledger.close();
      ledger = await startLedger({ dataDir: ledger.dataDir, clock });
      expect(await keyEvents()).toEqual(eventsBefore);
      expect((await jwks()).body).toEqual(jwksBefore);
      const issued = await issueFamily(ledger, client.id);
      expect(decodeProtectedHeader(issued.access_token).kid).toBe(rotation.body.kid);
    });

    // Runs last in this block: it moves the ledger's clock a day forward.
    it('drops the previous key from the JWKS and from verification once it retires, keeping it listed as RETIRED', async () => {
      /** Issued after the rotation: a control whose access token is just as expired, but signed with the new key. */
      const after = await issueFamily(ledger, client.id);
      const retiresAt = Date.parse((await listKeys()).body[1].retiresAt!);
      clock.advance(retiresAt - 1 - clock.now());
      expect((await jwks()).body.keys.map((k) => k.kid)).toEqual([rotation.body.kid, oldKid]);

      clock.advance(1);
      expect((await jwks()).body.keys.map((k) => k.kid)).toEqual([rotation.body.kid]);
      expect((await listKeys()).body.map((k) => [k.kid, k.status])).toEqual([
        [rotation.body.kid, 'ACTIVE'],
        [oldKid, 'RETIRED'],
      ]);
      // The old access token expired long ago (60 minutes after issuance).
      expect((await introspect(ledger, client, before.access_token)).body).toEqual({ active: false });

      // Revocation accepts expired access tokens, so the key is what decides whether one names
      // its family: sent by another client, a token of the retired key is an unknown token
      // (200, nothing happens) ...
      expect((await revoke(ledger, TEST_CLIENTS.rotate0, before.access_token)).status).toBe(200);
      const stillAlive = await refresh(ledger, client, latestRefreshToken);
      expect(stillAlive.status).toBe(200);
      expect(decodeProtectedHeader(stillAlive.body.access_token).kid).toBe(rotation.body.kid);
      // ... while an equally expired token of the active key still names its family, which is
      // not that client's: refused (RFC 7009 §2.1). Its owner revoking it changes nothing (expired).
      expect((await revoke(ledger, TEST_CLIENTS.rotate0, after.access_token)).status).toBe(400);
      expect((await revoke(ledger, client, after.access_token)).status).toBe(200);
      expect((await refresh(ledger, client, after.refresh_token!)).status).toBe(200);

      const events = await keyEvents();
      expect(events.map((e) => e.type)).toEqual(['SigningKeyCreated', 'SigningKeyCreated', 'SigningKeyRotated']);
      // Retired, never unpublished from history: its wrapped half stays in its event.
      expect(events[0].data).toMatchObject({ kid: oldKid, wrappedPrivateKey: expect.any(String) });
    });
  });
});
