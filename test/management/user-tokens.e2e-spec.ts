import { ProjectionRunner } from '@ledger/projections';
import { eventCount, familyIdOf } from '../support/family-events';
import { send, type HttpResult } from '../support/http';
import { AUDITOR_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';
import { introspect, issueFamily, refresh } from '../support/token-flows';

/** A subject as login services send them: an e-mail address, with `@` and `.`. */
const ALICE = 'alice.user@example.com';
const BOB = 'bob.user@example.com';
const ROTATE = TEST_CLIENTS.rotate30;
const STATIC = TEST_CLIENTS.static;

/** `/api/v1/users/{userId}/clients…` with the segments percent-encoded. */
function userPath(userId: string, clientId?: string, tokenId?: string): string {
  let path = `/api/v1/users/${encodeURIComponent(userId)}/clients`;
  if (clientId !== undefined) path += `/${encodeURIComponent(clientId)}/tokens`;
  if (tokenId !== undefined) path += `/${encodeURIComponent(tokenId)}`;
  return path;
}

/** The target of the `Link` header's relation `rel`, or `null`. */
function linkOf(result: HttpResult<unknown>, rel: string): string | null {
  const header = result.headers.get('link') ?? '';
  return new RegExp(`<([^>]+)>; rel="${rel}"`).exec(header)?.[1] ?? null;
}

type TokenJson = Record<string, any>;

/**
 * Okta's user-token management API over token families: `userId` is a family's subject, a
 * refresh token's `id` its family id. Families are issued for two users and two clients; the
 * listings page with Okta's `Link` headers, never show another user's or client's families,
 * and the revocations end exactly the families they name (checked by introspection and refresh).
 */
describe('user token management API (/api/v1/users/{userId}/clients)', () => {
  let ledger: TestLedger;
  const clock = new SteppableClock();
  /** Alice's two families of the rotating client, oldest first. */
  let aliceRotate: string[];
  let aliceStatic: string;
  let bobRotate: string;
  /** Alice's family without a refresh token (no `offline_access`). */
  let aliceNoRefresh: string;
  const families: Record<string, string> = {};

  const api = <T = TokenJson>(method: string, path: string) => adminApi<T>(ledger, method, path);
  const caughtUp = () => ledger.app.get(ProjectionRunner).waitUntilCaughtUp();

  beforeAll(async () => {
    ledger = await startLedger({ clock });
    // A second apart: the listings are in issuance order (then by the random family id).
    const issue = async (clientId: string, options: Parameters<typeof issueFamily>[2]) => {
      clock.advance(1_000);
      return issueFamily(ledger, clientId, options);
    };
    aliceRotate = [(await issue(ROTATE.id, { sub: ALICE })).refresh_token!, (await issue(ROTATE.id, { sub: ALICE })).refresh_token!];
    aliceStatic = (await issue(STATIC.id, { sub: ALICE, scope: 'openid offline_access profile' })).refresh_token!;
    bobRotate = (await issue(ROTATE.id, { sub: BOB })).refresh_token!;
    const noRefresh = await issue(ROTATE.id, { sub: ALICE, scope: 'openid' });
    expect(noRefresh.refresh_token).toBeUndefined();
    aliceNoRefresh = (await ledger.allEvents()).filter((e) => e.type === 'TokenIssued').map((e) => (e.data as { familyId: string }).familyId).pop()!;
    Object.assign(families, { a0: familyIdOf(aliceRotate[0]), a1: familyIdOf(aliceRotate[1]), as: familyIdOf(aliceStatic), b0: familyIdOf(bobRotate) });
    await caughtUp();
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('lists the clients a user holds refresh tokens of, in Okta’s shape', async () => {
    const alice = await api<TokenJson[]>('GET', userPath(ALICE));
    expect(alice.status).toBe(200);
    expect(alice.headers.get('cache-control')).toBe('no-store');
    expect(alice.body).toEqual([
      {
        client_id: ROTATE.id,
        client_name: ROTATE.id,
        client_uri: null,
        logo_uri: null,
        _links: {
          app: { href: `${ledger.baseUrl}/api/v1/clients/${ROTATE.id}` },
          tokens: { href: `${ledger.baseUrl}${userPath(ALICE, ROTATE.id)}`, hints: { allow: ['GET', 'DELETE'] } },
        },
      },
      expect.objectContaining({ client_id: STATIC.id, client_name: STATIC.id }),
    ]);
    expect((await api<TokenJson[]>('GET', userPath(BOB))).body.map((c) => c.client_id)).toEqual([ROTATE.id]);
    expect(await api('GET', userPath('nobody@example.com'))).toMatchObject({ status: 200, body: [] });
  });

  it('lists a user’s refresh tokens for a client, one per family, in Okta’s shape', async () => {
    const page = await api<TokenJson[]>('GET', userPath(ALICE, ROTATE.id));
    expect(page.status).toBe(200);
    expect(page.body.map((t) => t.id)).toEqual([families.a0, families.a1]);
    expect(linkOf(page, 'next')).toBeNull();
    expect(linkOf(page, 'self')).toBe(`${ledger.baseUrl}${userPath(ALICE, ROTATE.id)}`);
    const self = `${ledger.baseUrl}${userPath(ALICE, ROTATE.id, families.a0)}`;
    expect(page.body[0]).toEqual({
      id: families.a0,
      status: 'ACTIVE',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      lastUpdated: page.body[0].created,
      expiresAt: expect.stringMatching(/Z$/),
      issuer: `${ledger.baseUrl}/oauth2/default`,
      clientId: ROTATE.id,
      userId: ALICE,
      scopes: ['openid', 'offline_access'],
      _links: {
        app: { href: `${ledger.baseUrl}/api/v1/clients/${ROTATE.id}`, title: ROTATE.id },
        self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
        revoke: { href: self, hints: { allow: ['DELETE'] } },
        client: { href: `${ledger.baseUrl}/api/v1/clients/${ROTATE.id}`, title: ROTATE.id },
        user: { href: `${ledger.baseUrl}/api/v1/users/${encodeURIComponent(ALICE)}/tokens` },
        authorizationServer: { href: `${ledger.baseUrl}/api/v1/authorizationServers/default`, title: expect.any(String) },
      },
    });
    expect(Date.parse(page.body[0].expiresAt)).toBeGreaterThan(Date.parse(page.body[0].created));
    // The family without a refresh token is no refresh token; bob's are never alice's.
    expect(page.body.map((t) => t.id)).not.toContain(aliceNoRefresh);
    expect((await api<TokenJson[]>('GET', userPath(BOB, ROTATE.id))).body.map((t) => t.id)).toEqual([families.b0]);
    expect((await api<TokenJson[]>('GET', userPath(BOB, STATIC.id))).body).toEqual([]);
  });

  it('pages with limit and Okta’s Link rel="next", and follows it to the last page', async () => {
    const first = await api<TokenJson[]>('GET', `${userPath(ALICE, ROTATE.id)}?limit=1`);
    expect(first.body.map((t) => t.id)).toEqual([families.a0]);
    expect(linkOf(first, 'self')).toBe(`${ledger.baseUrl}${userPath(ALICE, ROTATE.id)}?limit=1`);
    const next = linkOf(first, 'next');
    expect(next).toMatch(new RegExp(`^${ledger.baseUrl}${userPath(ALICE, ROTATE.id)}\\?limit=1&after=[A-Za-z0-9_-]+$`));
    const second = await api<TokenJson[]>('GET', next!.slice(ledger.baseUrl.length));
    expect(second.body.map((t) => t.id)).toEqual([families.a1]);
    expect(linkOf(second, 'next')).toBeNull();
  });

  it('embeds the scopes with expand=scope', async () => {
    const page = await api<TokenJson[]>('GET', `${userPath(ALICE, STATIC.id)}?expand=scope`);
    expect(page.body).toEqual([
      expect.objectContaining({
        id: families.as,
        scopes: ['openid', 'offline_access', 'profile'],
        _embedded: { scopes: [{ name: 'openid' }, { name: 'offline_access' }, { name: 'profile' }] },
      }),
    ]);
    const one = await api('GET', `${userPath(ALICE, STATIC.id, families.as)}?expand=scope`);
    expect(one.body._embedded).toEqual({ scopes: [{ name: 'openid' }, { name: 'offline_access' }, { name: 'profile' }] });
  });

  it('keeps a token’s id across rotations (the family id) and moves lastUpdated', async () => {
    const before = (await api('GET', userPath(ALICE, ROTATE.id, families.a1))).body;
    clock.advance(60_000);
    const rotated = await refresh(ledger, ROTATE, aliceRotate[1]);
    expect(rotated.status).toBe(200);
    aliceRotate[1] = rotated.body.refresh_token!;
    expect(familyIdOf(aliceRotate[1])).toBe(families.a1);
    await caughtUp();
    const after = await api('GET', userPath(ALICE, ROTATE.id, families.a1));
    expect(after.body).toMatchObject({ id: families.a1, status: 'ACTIVE', created: before.created });
    expect(Date.parse(after.body.lastUpdated)).toBeGreaterThan(Date.parse(before.lastUpdated));
  });

  it('gets one token, and answers 404 E0000007 for another user’s, another client’s, one without a refresh token, or an unknown id', async () => {
    const one = await api('GET', userPath(ALICE, ROTATE.id, families.a0));
    expect(one.status).toBe(200);
    const listed = (await api<TokenJson[]>('GET', userPath(ALICE, ROTATE.id))).body.find((t) => t.id === families.a0);
    expect(one.body).toEqual(listed);

    for (const path of [
      userPath(ALICE, ROTATE.id, families.b0),
      userPath(BOB, ROTATE.id, families.a0),
      userPath(ALICE, STATIC.id, families.a0),
      userPath(ALICE, ROTATE.id, aliceNoRefresh),
      userPath(ALICE, ROTATE.id, 'no-such-family'),
      userPath(ALICE, ROTATE.id, 'not a family id'),
    ]) {
      const answer = await api('GET', path);
      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 404,
        body: expect.objectContaining({ errorCode: 'E0000007', errorSummary: expect.stringMatching(/\(RefreshToken\)$/) }),
      });
      expect(answer.text).not.toContain('not a family id');
    }
  });

  it('revokes one token: its refresh token introspects inactive, the user’s other token still refreshes', async () => {
    // Another user's token through this user's path is a 404 that appends nothing.
    const before = await eventCount(ledger);
    expect(await api('DELETE', userPath(ALICE, ROTATE.id, families.b0))).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
    expect(await api('DELETE', userPath(ALICE, STATIC.id, families.a0))).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
    expect(await eventCount(ledger)).toBe(before);

    const answer = await api('DELETE', userPath(ALICE, ROTATE.id, families.a0));
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    // Appended before the answer: no wait on any projection.
    expect((await introspect(ledger, ROTATE, aliceRotate[0])).body.active).toBe(false);
    const revocation = (await ledger.allEvents()).filter((e) => e.type === 'TokenRevoked');
    expect(revocation.map((e) => e.data)).toEqual([expect.objectContaining({ familyId: families.a0, reason: 'admin', requestedBy: 'admin:service' })]);

    const other = await refresh(ledger, ROTATE, aliceRotate[1]);
    expect(other.status).toBe(200);
    aliceRotate[1] = other.body.refresh_token!;
    expect((await introspect(ledger, ROTATE, bobRotate)).body.active).toBe(true);

    await caughtUp();
    expect((await api<TokenJson[]>('GET', userPath(ALICE, ROTATE.id))).body.map((t) => t.id)).toEqual([families.a1]);
    expect((await api('GET', userPath(ALICE, ROTATE.id, families.a0))).body).toMatchObject({ id: families.a0, status: 'REVOKED' });

    // A second DELETE is a 204 that appends nothing.
    const count = await eventCount(ledger);
    expect((await api('DELETE', userPath(ALICE, ROTATE.id, families.a0))).status).toBe(204);
    expect(await eventCount(ledger)).toBe(count);
  });

  it('revokes every token of a user for one client, and only those', async () => {
    const answer = await api('DELETE', userPath(ALICE, STATIC.id));
    expect(answer.status).toBe(204);
    expect((await introspect(ledger, STATIC, aliceStatic)).body.active).toBe(false);
    expect((await introspect(ledger, ROTATE, aliceRotate[1])).body.active).toBe(true);
    expect((await introspect(ledger, ROTATE, bobRotate)).body.active).toBe(true);
    const revoked = (await ledger.allEvents()).filter((e) => e.type === 'TokenRevoked').map((e) => e.data as { familyId: string; reason: string });
    expect(revoked.filter((r) => r.familyId === families.as)).toEqual([expect.objectContaining({ reason: 'admin' })]);

    await caughtUp();
    expect((await api<TokenJson[]>('GET', userPath(ALICE))).body.map((c) => c.client_id)).toEqual([ROTATE.id]);
    expect((await api<TokenJson[]>('GET', userPath(ALICE, STATIC.id))).body).toEqual([]);
    expect((await api('DELETE', userPath(ALICE, STATIC.id))).status).toBe(204);
  });

  it('takes any subject issuance takes, percent-encoded, and refuses a segment over the router’s limit echoing nothing', async () => {
    const odd = 'o’brien/ünïcode+tag@example.com';
    const refreshToken = (await issueFamily(ledger, ROTATE.id, { sub: odd })).refresh_token!;
    const family = familyIdOf(refreshToken);
    await caughtUp();
    expect((await api<TokenJson[]>('GET', userPath(odd))).body.map((c) => c.client_id)).toEqual([ROTATE.id]);
    expect((await api<TokenJson[]>('GET', userPath(odd, ROTATE.id))).body).toEqual([expect.objectContaining({ id: family, userId: odd })]);
    expect((await api('DELETE', userPath(odd, ROTATE.id, family))).status).toBe(204);
    expect((await introspect(ledger, ROTATE, refreshToken)).body.active).toBe(false);

    // The longest subject issuance takes, in characters that percent-encode to 9 bytes each.
    const longest = '€'.repeat(256);
    const longFamily = familyIdOf((await issueFamily(ledger, ROTATE.id, { sub: longest })).refresh_token!);
    await caughtUp();
    expect((await api<TokenJson[]>('GET', userPath(longest, ROTATE.id))).body).toEqual([expect.objectContaining({ id: longFamily, userId: longest })]);

    // The service-wide limit on a path segment (3,072 bytes as sent): the management format, no echo.
    const tooLong = await api('GET', userPath(`${'x'.repeat(3100)}@example.com`));
    expect(tooLong).toMatchObject({ status: 400, body: { errorCode: 'E0000003' } });
    expect(tooLong.text).not.toContain('xxxxxxxx');
  });

  it('refuses a bad expand, limit or cursor with E0000001 naming the parameter', async () => {
    for (const [query, field] of [
      ['expand=everything', 'expand'],
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['after=not-a-cursor', 'after'],
    ]) {
      const answer = await api('GET', `${userPath(ALICE, ROTATE.id)}?${query}`);
      expect({ query, status: answer.status, body: answer.body }).toEqual({
        query,
        status: 400,
        body: expect.objectContaining({ errorCode: 'E0000001', errorSummary: `Api validation failed: ${field}` }),
      });
    }
  });

  it('requires the admin credential on every route (401 E0000011; the auditor’s is not enough)', async () => {
    const routes: [string, string][] = [
      ['GET', userPath(ALICE)],
      ['GET', userPath(ALICE, ROTATE.id)],
      ['DELETE', userPath(ALICE, ROTATE.id)],
      ['GET', userPath(ALICE, ROTATE.id, families.a1)],
      ['DELETE', userPath(ALICE, ROTATE.id, families.a1)],
    ];
    const before = await eventCount(ledger);
    for (const [method, path] of routes) {
      for (const authorization of [undefined, `Bearer ${AUDITOR_TOKEN}`, 'Bearer wrong-token']) {
        const answer = await send(`${ledger.baseUrl}${path}`, { method, headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) } });
        expect({ method, path, status: answer.status, errorCode: answer.body.errorCode }).toEqual({ method, path, status: 401, errorCode: 'E0000011' });
      }
    }
    expect(await eventCount(ledger)).toBe(before);
    expect((await introspect(ledger, ROTATE, aliceRotate[1])).body.active).toBe(true);
  });
});
