import { RefreshTokenCodec } from '@ledger/token-crypto';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { familyIdOf, lastRefusalReason } from '../support/family-events';
import { basic, postForm, send, type HttpResult } from '../support/http';
import { ADMIN_TOKEN, startLedger, TEST_CLIENTS, tokenKeyOf, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke } from '../support/token-flows';

const FORM = 'application/x-www-form-urlencoded';

interface Refusal {
  readonly status: number | readonly number[];
  readonly error: string;
}

/**
 * Bad input gets a clear RFC 6749 §5.2 error and changes nothing (SPEC §6): every case checks
 * the status, the `error` code, that `error_description` is a string echoing none of the
 * secrets or tokens sent, and that the store holds exactly as many events as before.
 */
describe('bad input over HTTP is refused and changes nothing', () => {
  let ledger: TestLedger;
  const owner = TEST_CLIENTS.rotate30;
  const tokenUrl = () => `${ledger.baseUrl}/oauth2/default/v1/token`;
  const issueUrl = (as = 'default') => `${ledger.baseUrl}/api/v1/authorizationServers/${as}/tokens`;

  beforeAll(async () => {
    ledger = await startLedger();
  });

  afterAll(async () => {
    await ledger.close();
  });

  /** Runs one request and asserts the refusal and that no event was appended. */
  async function expectRefused<T extends object>(
    request: () => Promise<HttpResult<T>>,
    expected: Refusal,
    sent: readonly string[] = [],
  ): Promise<HttpResult<T>> {
    const before = (await ledger.allEvents()).length;
    const result = await request();
    const body = result.body as Record<string, unknown>;
    const statuses = typeof expected.status === 'number' ? [expected.status] : expected.status;
    expect({ status: result.status, error: body.error }).toEqual({
      status: statuses.includes(result.status) ? result.status : statuses.join(' or '),
      error: expected.error,
    });
    expect(typeof body.error_description).toBe('string');
    for (const secret of [...sent, owner.secret, ADMIN_TOKEN]) {
      if (secret.length >= 8) expect(result.text).not.toContain(secret);
    }
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect((await ledger.allEvents()).length).toBe(before);
    return result;
  }

  /** The family still refreshes for its owner: it was not revoked. */
  async function expectStillWorks(refreshToken: string): Promise<void> {
    const result = await refresh(ledger, owner, refreshToken);
    expect(result.status).toBe(200);
  }

  describe('the token endpoint body', () => {
    it('refuses a malformed form body', async () => {
      for (const body of ['%%%', '=&&=&%E0%A4%A', Buffer.from([0xff, 0xfe, 0x00, 0x3d, 0x26])]) {
        await expectRefused(
          () => send(tokenUrl(), { body, headers: { 'content-type': FORM, authorization: basic(owner.id, owner.secret) } }),
          { status: 400, error: 'invalid_request' },
        );
      }
    });

    it('refuses a JSON body (415 or 400, invalid_request), well-formed or not', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const json = JSON.stringify({ grant_type: 'refresh_token', refresh_token: issued.refresh_token });
      for (const body of [json, json.slice(0, 20)]) {
        await expectRefused(
          () => send(tokenUrl(), { body, headers: { 'content-type': 'application/json', authorization: basic(owner.id, owner.secret) } }),
          { status: [400, 415], error: 'invalid_request' },
          [issued.refresh_token!],
        );
      }
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses a body without a content type', async () => {
      const issued = await issueFamily(ledger, owner.id);
      // A Buffer body makes fetch send no Content-Type at all.
      const body = Buffer.from(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: issued.refresh_token! }).toString());
      await expectRefused(
        () => send(tokenUrl(), { body, headers: { authorization: basic(owner.id, owner.secret) } }),
        { status: [400, 415], error: 'invalid_request' },
        [issued.refresh_token!],
      );
      await expectRefused(
        () => send(tokenUrl(), { body: body.toString(), headers: { 'content-type': 'text/plain', authorization: basic(owner.id, owner.secret) } }),
        { status: [400, 415], error: 'invalid_request' },
        [issued.refresh_token!],
      );
    });

    it('refuses a body over 16 KiB with 413 invalid_request', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: issued.refresh_token!, padding: 'x'.repeat(17 * 1024) }).toString();
      await expectRefused(
        () => send(tokenUrl(), { body, headers: { 'content-type': FORM, authorization: basic(owner.id, owner.secret) } }),
        { status: 413, error: 'invalid_request' },
        [issued.refresh_token!],
      );
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses an unknown grant type with unsupported_grant_type', async () => {
      await expectRefused(
        () => postForm(tokenUrl(), { grant_type: 'password', username: 'alice', password: 'hunter2-hunter2' }, { authorization: basic(owner.id, owner.secret) }),
        { status: 400, error: 'unsupported_grant_type' },
        ['hunter2-hunter2'],
      );
      await expectRefused(
        () => postForm(tokenUrl(), { grant_type: 'authorization_code', code: 'some-code-0123456789' }, { authorization: basic(owner.id, owner.secret) }),
        { status: 400, error: 'unsupported_grant_type' },
        ['some-code-0123456789'],
      );
    });

    it('refuses a missing grant_type', async () => {
      const issued = await issueFamily(ledger, owner.id);
      await expectRefused(
        () => postForm(tokenUrl(), { refresh_token: issued.refresh_token! }, { authorization: basic(owner.id, owner.secret) }),
        { status: 400, error: 'invalid_request' },
        [issued.refresh_token!],
      );
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses a missing refresh_token', async () => {
      await expectRefused(
        () => postForm(tokenUrl(), { grant_type: 'refresh_token' }, { authorization: basic(owner.id, owner.secret) }),
        { status: 400, error: 'invalid_request' },
      );
      await expectRefused(
        () => postForm(tokenUrl(), { grant_type: 'refresh_token', refresh_token: '' }, { authorization: basic(owner.id, owner.secret) }),
        { status: 400, error: 'invalid_request' },
      );
    });

    it('refuses a repeated parameter (RFC 6749 §3.2)', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const rt = encodeURIComponent(issued.refresh_token!);
      for (const body of [
        `grant_type=refresh_token&grant_type=refresh_token&refresh_token=${rt}`,
        `grant_type=refresh_token&refresh_token=${rt}&refresh_token=${rt}`,
        `grant_type=refresh_token&refresh_token=${rt}&scope=openid&scope=openid`,
      ]) {
        await expectRefused(
          () => send(tokenUrl(), { body, headers: { 'content-type': FORM, authorization: basic(owner.id, owner.secret) } }),
          { status: 400, error: 'invalid_request' },
          [issued.refresh_token!],
        );
      }
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses a malformed scope with invalid_request or invalid_scope', async () => {
      const issued = await issueFamily(ledger, owner.id);
      for (const scope of ['openid  offline_access', ' openid', 'openid "x"', 'api\\read']) {
        await expectRefused(
          () => refresh(ledger, owner, issued.refresh_token!, { scope }),
          { status: 400, error: 'invalid_request' },
          [issued.refresh_token!],
        );
      }
      await expectStillWorks(issued.refresh_token!);
    });
  });

  describe('refresh tokens that are not genuine', () => {
    function flipOneCharacter(token: string): string {
      const parts = token.split('.');
      const secret = parts[3];
      const i = 10;
      parts[3] = `${secret.slice(0, i)}${secret[i] === 'A' ? 'B' : 'A'}${secret.slice(i + 1)}`;
      return parts.join('.');
    }

    it('refuses a forged (one character flipped), truncated or garbage token with invalid_grant, without revoking', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const token = issued.refresh_token!;
      const familyId = familyIdOf(token);
      const base64url = (bytes: number) => randomBytes(bytes).toString('base64url');
      const candidates = [
        flipOneCharacter(token),
        token.slice(0, -1),
        token.slice(0, token.lastIndexOf('.')),
        `${token}A`,
        token.toUpperCase(),
        randomBytes(48).toString('base64url'),
        'not a token at all',
        'tlr1....',
        `tlr1.${familyId}.-1.${base64url(32)}.${base64url(16)}`,
        `tlr1.${familyId}.00.${base64url(32)}.${base64url(16)}`,
        `tlr1.${familyId}.99999999999999999.${base64url(32)}.${base64url(16)}`,
        // Names the real family, with a made-up secret and tag.
        `tlr1.${familyId}.0.${base64url(32)}.${base64url(16)}`,
        `tlr1.${familyId}.1.${base64url(32)}.${base64url(16)}`,
        'x'.repeat(500),
      ];
      for (const candidate of candidates) {
        await expectRefused(() => refresh(ledger, owner, candidate), { status: 400, error: 'invalid_grant' }, [candidate, token]);
        expect(lastRefusalReason(ledger)).toBe('unknown_token');
      }
      expect((await introspect(ledger, owner, token)).body).toMatchObject({ active: true });
      await expectStillWorks(token);
    });

    it('refuses a correctly tagged token naming a real family with a wrong secret, without revoking (defence in depth)', async () => {
      // Only reachable with the server key: it exercises the family's own check behind the MAC.
      const codec = new RefreshTokenCodec(tokenKeyOf(ledger.dataDir));
      const issued = await issueFamily(ledger, owner.id);
      const familyId = familyIdOf(issued.refresh_token!);
      const forgedFirst = codec.mint(familyId).token;
      await expectRefused(() => refresh(ledger, owner, forgedFirst), { status: 400, error: 'invalid_grant' }, [forgedFirst]);
      expect(lastRefusalReason(ledger)).toBe('unknown_token');

      const rotated = await refresh(ledger, owner, issued.refresh_token!);
      expect(rotated.status).toBe(200);
      const forgedPrevious = codec.mint(familyId).token;
      const forgedCurrent = codec.successorOf(codec.parse(forgedPrevious)!).token;
      const forgedFuture = codec.successorOf(codec.parse(forgedCurrent)!).token;
      for (const forged of [forgedPrevious, forgedCurrent, forgedFuture]) {
        await expectRefused(() => refresh(ledger, owner, forged), { status: 400, error: 'invalid_grant' }, [forged]);
        expect(lastRefusalReason(ledger)).toBe('unknown_token');
      }
      await expectStillWorks(rotated.body.refresh_token!);
    });
  });

  describe('client authentication', () => {
    it('refuses a wrong client secret with 401 invalid_client and WWW-Authenticate', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const wrong = `${owner.secret}-but-wrong`;
      const result = await expectRefused(
        () => refresh(ledger, { id: owner.id, secret: wrong }, issued.refresh_token!),
        { status: 401, error: 'invalid_client' },
        [wrong, issued.refresh_token!],
      );
      expect(result.headers.get('www-authenticate')).toMatch(/^Basic /);
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses an unknown client with the same 401 invalid_client', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const secret = 'nobody-secret-0123456789abcdefghij';
      const result = await expectRefused(
        () => refresh(ledger, { id: 'nobody-client', secret }, issued.refresh_token!),
        { status: 401, error: 'invalid_client' },
        [secret, issued.refresh_token!],
      );
      expect(result.headers.get('www-authenticate')).toMatch(/^Basic /);
      await expectRefused(
        () => postForm(tokenUrl(), { grant_type: 'refresh_token', refresh_token: issued.refresh_token!, client_id: 'nobody-client' }),
        { status: 401, error: 'invalid_client' },
        [issued.refresh_token!],
      );
    });

    it('refuses a request with no client authentication at all', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const result = await expectRefused(
        () => postForm(tokenUrl(), { grant_type: 'refresh_token', refresh_token: issued.refresh_token! }),
        { status: 401, error: 'invalid_client' },
        [issued.refresh_token!],
      );
      expect(result.headers.get('www-authenticate')).toEqual(expect.any(String));
    });

    it('refuses a malformed Basic header', async () => {
      const issued = await issueFamily(ledger, owner.id);
      for (const authorization of [
        'Basic !!!not-base64!!!',
        `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
        `Basic ${Buffer.from(`:${owner.secret}`).toString('base64')}`,
        `Basic ${Buffer.from(`${owner.id}:%zz${owner.secret}`).toString('base64')}`,
        'Basic',
      ]) {
        const result = await expectRefused(
          () => postForm(tokenUrl(), { grant_type: 'refresh_token', refresh_token: issued.refresh_token! }, { authorization }),
          { status: 401, error: 'invalid_client' },
          [issued.refresh_token!],
        );
        expect(result.headers.get('www-authenticate')).toMatch(/^Basic /);
      }
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses Basic plus a body secret (two methods) with invalid_request', async () => {
      const issued = await issueFamily(ledger, owner.id);
      await expectRefused(
        () =>
          postForm(
            tokenUrl(),
            { grant_type: 'refresh_token', refresh_token: issued.refresh_token!, client_id: owner.id, client_secret: owner.secret },
            { authorization: basic(owner.id, owner.secret) },
          ),
        { status: 400, error: 'invalid_request' },
        [issued.refresh_token!],
      );
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses a body client_id that differs from the Basic client', async () => {
      const issued = await issueFamily(ledger, owner.id);
      await expectRefused(
        () =>
          postForm(
            tokenUrl(),
            { grant_type: 'refresh_token', refresh_token: issued.refresh_token!, client_id: TEST_CLIENTS.rotate0.id },
            { authorization: basic(owner.id, owner.secret) },
          ),
        { status: 400, error: 'invalid_request' },
        [issued.refresh_token!],
      );
    });

    it('refuses a client assertion from a client not registered for private_key_jwt', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const assertion = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJyb3RhdGUzMC1jbGllbnQifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
      await expectRefused(
        () =>
          postForm(tokenUrl(), {
            grant_type: 'refresh_token',
            refresh_token: issued.refresh_token!,
            client_id: owner.id,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
          }),
        { status: 401, error: 'invalid_client' },
        [issued.refresh_token!, assertion],
      );
    });
  });

  it('answers 404 for an unknown authorization server on every OAuth endpoint', async () => {
    const issued = await issueFamily(ledger, owner.id);
    const auth = { authorization: basic(owner.id, owner.secret) };
    for (const endpoint of ['token', 'revoke', 'introspect']) {
      await expectRefused(
        () => postForm(`${ledger.baseUrl}/oauth2/nope/v1/${endpoint}`, { grant_type: 'refresh_token', refresh_token: issued.refresh_token!, token: issued.refresh_token! }, auth),
        { status: 404, error: 'not_found' },
        [issued.refresh_token!],
      );
    }
    for (const url of [
      '/oauth2/nope/v1/keys',
      '/oauth2/nope/.well-known/openid-configuration',
      '/oauth2/nope/.well-known/oauth-authorization-server',
      '/.well-known/oauth-authorization-server/oauth2/nope',
    ]) {
      await expectRefused(() => send(`${ledger.baseUrl}${url}`, { method: 'GET' }), { status: 404, error: 'not_found' });
    }
    await expectStillWorks(issued.refresh_token!);
  });

  it('never echoes an unknown authorization server id (NUL bytes and markup included)', async () => {
    const issued = await issueFamily(ledger, owner.id);
    const auth = { authorization: basic(owner.id, owner.secret) };
    for (const as of ['nope-nope-nope', 'x\u0000<script>alert(1)</script>']) {
      const urls = ['v1/token', 'v1/revoke', 'v1/introspect', 'v1/keys', '.well-known/openid-configuration'].map(
        (endpoint) => `${ledger.baseUrl}/oauth2/${encodeURIComponent(as)}/${endpoint}`,
      );
      for (const url of urls) {
        const method = url.endsWith('keys') || url.endsWith('configuration') ? 'GET' : 'POST';
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: issued.refresh_token!, token: issued.refresh_token! }).toString();
        const result = await expectRefused(
          () => send(url, method === 'GET' ? { method } : { body: form, headers: { ...auth, 'content-type': FORM } }),
          { status: 404, error: 'not_found' },
          [issued.refresh_token!],
        );
        for (const echoed of ['nope', '<script>', '\u0000', '\\u0000']) expect(result.text).not.toContain(echoed);
      }
    }
    await expectStillWorks(issued.refresh_token!);
  });

  describe("Fastify's own answers under /oauth2/ are OAuth error bodies", () => {
    it('answers a wrong method on an existing OAuth route with 405, Allow and invalid_request', async () => {
      const cases: ReadonlyArray<readonly [string, string, string]> = [
        ['GET', '/oauth2/default/v1/token', 'POST'],
        ['GET', '/oauth2/default/v1/revoke', 'POST'],
        ['GET', '/oauth2/default/v1/introspect', 'POST'],
        ['POST', '/oauth2/default/v1/keys', 'GET, HEAD'],
        ['POST', '/oauth2/default/.well-known/openid-configuration', 'GET, HEAD'],
        ['POST', '/.well-known/oauth-authorization-server/oauth2/default', 'GET, HEAD'],
        ['DELETE', '/oauth2/default/v1/token?x=1', 'POST'],
      ];
      const descriptions = new Set<unknown>();
      for (const [method, url, allow] of cases) {
        const result = await expectRefused(() => send(`${ledger.baseUrl}${url}`, { method }), { status: 405, error: 'invalid_request' });
        expect({ url, allow: result.headers.get('allow') }).toEqual({ url, allow });
        expect(result.text).not.toContain(url);
        descriptions.add(result.body.error_description);
      }
      expect(descriptions.size).toBe(1);
    });

    it('still answers 404 not_found for a path no route has', async () => {
      const result = await expectRefused(() => send(`${ledger.baseUrl}/oauth2/default/v1/nothing-here`, { method: 'GET' }), { status: 404, error: 'not_found' });
      expect(result.headers.get('allow')).toBeNull();
      expect(result.text).not.toContain('nothing-here');
    });

    it('answers request header fields over the limit (a 20 KB cookie) with 431 and an OAuth body', async () => {
      const cookie = `session=${'c'.repeat(20 * 1024)}`;
      const { port } = new URL(ledger.baseUrl);
      const answer = await rawExchange(Number(port), `GET /oauth2/default/v1/keys HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookie}\r\n\r\n`);
      const [head, body] = answer.split('\r\n\r\n', 2);
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      expect(head.toLowerCase()).toContain('content-type: application/json');
      expect(head.toLowerCase()).toContain('cache-control: no-store');
      expect(JSON.parse(body)).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
      expect(body).not.toContain('ccccccccc');
      // The connection is closed after it; the next request is served normally.
      expect((await send(`${ledger.baseUrl}/oauth2/default/v1/keys`, { method: 'GET' })).status).toBe(200);
    });

    it('answers a path parameter that does not decode, or is over the length limit, with invalid_request echoing nothing', async () => {
      for (const as of ['%E0%A4%A', 'bad%ZZ', `${'a'.repeat(3100)}`]) {
        for (const [method, endpoint] of [['GET', 'v1/keys'], ['POST', 'v1/token']] as const) {
          const result = await expectRefused(
            () => send(`${ledger.baseUrl}/oauth2/${as}/${endpoint}`, { method, ...(method === 'POST' ? { body: 'grant_type=refresh_token', headers: { 'content-type': FORM } } : {}) }),
            { status: 400, error: 'invalid_request' },
          );
          expect(result.text).not.toContain(as.slice(0, 8));
          expect(result.headers.get('content-type')).toMatch(/^application\/json/);
        }
      }
    });
  });

  describe('the issuance API', () => {
    const form = (extra: Record<string, string> = {}) => ({ client_id: owner.id, sub: 'alice@example.com', scope: 'openid offline_access', ...extra });

    it('refuses a caller without the admin token, or with a wrong one, with 401', async () => {
      const wrongAdmin = `${ADMIN_TOKEN}-wrong`;
      const callers: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${wrongAdmin}` },
        { authorization: `SSWS ${wrongAdmin}` },
        { authorization: basic(owner.id, owner.secret) },
        { authorization: `Bearer ${owner.secret}` },
        { authorization: 'Bearer' },
      ];
      for (const headers of callers) {
        const result = await expectRefused(() => postForm(issueUrl(), form(), headers), { status: 401, error: 'unauthorized' }, [wrongAdmin]);
        expect(result.headers.get('www-authenticate')).toMatch(/^Bearer /);
      }
    });

    it('refuses an unknown client, an unknown scope and a disallowed grant with 400', async () => {
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
      // Neither the unknown client id nor the unknown scope is echoed.
      await expectRefused(() => postForm(issueUrl(), form({ client_id: 'nobody-client' }), admin), { status: 400, error: 'invalid_request' }, ['nobody-client']);
      await expectRefused(() => postForm(issueUrl(), form({ scope: 'openid offline_access launch:codes' }), admin), { status: 400, error: 'invalid_scope' }, ['launch:codes']);
      await expectRefused(() => postForm(issueUrl(), form({ client_id: TEST_CLIENTS.ccOnly.id }), admin), { status: 400, error: 'unauthorized_client' });
      await expectRefused(() => postForm(issueUrl(), form({ grant_type: 'refresh_token' }), admin), { status: 400, error: 'invalid_request' });
    });

    it('refuses a malformed issuance request with invalid_request', async () => {
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
      await expectRefused(() => postForm(issueUrl(), { client_id: owner.id, scope: 'openid' }, admin), { status: 400, error: 'invalid_request' });
      await expectRefused(() => postForm(issueUrl(), form({ scope: '' }), admin), { status: 400, error: 'invalid_request' });
      await expectRefused(() => postForm(issueUrl(), form({ auth_time: 'yesterday' }), admin), { status: 400, error: 'invalid_request' });
      await expectRefused(
        () => send(issueUrl(), { body: `client_id=${owner.id}&client_id=${owner.id}&sub=a&scope=openid`, headers: { ...admin, 'content-type': FORM } }),
        { status: 400, error: 'invalid_request' },
      );
      await expectRefused(
        () => send(issueUrl(), { body: '{"client_id":', headers: { ...admin, 'content-type': 'application/json' } }),
        { status: 400, error: 'invalid_request' },
      );
    });

    it('refuses issuance on an unknown authorization server with 404', async () => {
      await expectRefused(() => postForm(issueUrl('nope'), form(), { authorization: `Bearer ${ADMIN_TOKEN}` }), { status: 404, error: 'not_found' });
    });
  });

  describe('revocation and introspection', () => {
    it('answers 200 to revoking an unknown token and appends nothing', async () => {
      for (const token of ['no-such-token', `tlr1.${randomBytes(16).toString('base64url')}.0.${randomBytes(32).toString('base64url')}.${randomBytes(16).toString('base64url')}`]) {
        const before = (await ledger.allEvents()).length;
        const result = await revoke(ledger, owner, token);
        expect(result.status).toBe(200);
        expect((await ledger.allEvents()).length).toBe(before);
      }
    });

    it("refuses revoking another client's token (400 invalid_request, RFC 7009 §2.1) and leaves that family working", async () => {
      const issued = await issueFamily(ledger, owner.id);
      for (const token of [issued.refresh_token!, issued.access_token]) {
        const before = (await ledger.allEvents()).length;
        const result = await revoke(ledger, TEST_CLIENTS.rotate0, token);
        expect({ status: result.status, body: result.body }).toEqual({
          status: 400,
          body: { error: 'invalid_request', error_description: 'The token was not issued to this client.' },
        });
        expect(result.text).not.toContain(token);
        expect((await ledger.allEvents()).length).toBe(before);
      }
      expect((await introspect(ledger, owner, issued.refresh_token!)).body).toMatchObject({ active: true });
      await expectStillWorks(issued.refresh_token!);
    });

    it('refuses revocation without a token or without client authentication', async () => {
      const issued = await issueFamily(ledger, owner.id);
      await expectRefused(() => revoke(ledger, owner, ''), { status: 400, error: 'invalid_request' });
      await expectRefused(
        () => postForm(`${ledger.baseUrl}/oauth2/default/v1/revoke`, { token: issued.refresh_token! }),
        { status: 401, error: 'invalid_client' },
        [issued.refresh_token!],
      );
      const wrong = `${owner.secret}-nope`;
      await expectRefused(() => revoke(ledger, { id: owner.id, secret: wrong }, issued.refresh_token!), { status: 401, error: 'invalid_client' }, [wrong, issued.refresh_token!]);
      await expectStillWorks(issued.refresh_token!);
    });

    it('answers inactive for an altered copy of an access token that introspected active a moment before (a verified token is remembered by its exact bytes only)', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const token = issued.access_token;
      expect((await introspect(ledger, owner, token)).body).toMatchObject({ active: true });
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const widened = Buffer.from(JSON.stringify({ ...claims, scope: `${String(claims.scope)} admin` })).toString('base64url');
      const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
      for (const altered of [`${header}.${widened}.${signature}`, `${header}.${payload}.${flipped}`, `${header}.${payload}.`]) {
        expect((await introspect(ledger, owner, altered)).body).toEqual({ active: false });
      }
      expect((await introspect(ledger, owner, token)).body).toMatchObject({ active: true });
    });

    it('refuses introspection without client authentication with 401', async () => {
      const issued = await issueFamily(ledger, owner.id);
      const result = await expectRefused(
        () => postForm(`${ledger.baseUrl}/oauth2/default/v1/introspect`, { token: issued.access_token }),
        { status: 401, error: 'invalid_client' },
        [issued.access_token, issued.refresh_token!],
      );
      expect(result.headers.get('www-authenticate')).toEqual(expect.any(String));
      expect(result.text).not.toContain('active');
      const wrong = `${owner.secret}-nope`;
      await expectRefused(() => introspect(ledger, { id: owner.id, secret: wrong }, issued.refresh_token!), { status: 401, error: 'invalid_client' }, [wrong, issued.refresh_token!]);
    });
  });
});

/**
 * Writes raw bytes on a fresh connection and returns everything read until the server closes it
 * (fetch cannot send a header block over Node's limit and read the answer reliably).
 */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length > 0 ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(error)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(request);
  });
}
