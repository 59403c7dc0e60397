import { compactDecrypt } from 'jose';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { basic, postForm, send } from '../support/http';
import { ADMIN_TOKEN, keyEncryptionKeyOf, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every directory under `dir` (itself included), recursively. */
function dirsUnder(dir: string): string[] {
  return [dir, ...fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => dirsUnder(path.join(dir, e.name)))];
}

/**
 * SPEC §3 and §9: raw tokens, client secrets and private keys never enter an event, the
 * event-store files or a log line. A realistic session collects every secret that crossed the
 * wire; then the stores are searched for each of them (and for their secret parts alone).
 */
describe('no secret reaches the event log, the database files or the logs', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;
  /** name -> value, so a failure says which secret leaked where. */
  const secrets = new Map<string, string>();
  /** Public ids that must be found where secrets must not: shows each search reads real data. */
  let firstFamilyId = '';

  function collect(name: string, value: string | undefined): void {
    if (!value) return;
    secrets.set(name, value);
    if (value.startsWith('tlr1.')) {
      // The secret part alone (and the token without its tag) must not be stored either.
      const parts = value.split('.');
      secrets.set(`${name} (secret part)`, parts[3]);
      secrets.set(`${name} (untagged)`, parts.slice(0, 4).join('.'));
    } else if (/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) {
      secrets.set(`${name} (signature)`, value.split('.')[2]);
    }
  }

  function collectBody(name: string, body: TokenBody): void {
    collect(`${name} refresh_token`, body.refresh_token);
    collect(`${name} access_token`, body.access_token);
    collect(`${name} id_token`, body.id_token);
  }

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock });

    for (const [name, client] of Object.entries(TEST_CLIENTS)) collect(`${name} client secret`, client.secret);
    collect('admin token', ADMIN_TOKEN);
    collect('demo-client secret', fs.readFileSync(path.join(ledger.dataDir, 'demo-client.secret'), 'utf8').trim());
    collect('refresh-token server key', fs.readFileSync(path.join(ledger.dataDir, 'refresh-token.key'), 'utf8').trim());
    // The private keys exist only wrapped in their events: open them as a holder of the KEK would.
    const kek = keyEncryptionKeyOf(ledger.dataDir);
    collect('key-encryption key', kek.toString('base64url'));
    for (const event of (await ledger.allEvents()).filter((e) => e.type === 'SigningKeyCreated')) {
      const { kid, wrappedPrivateKey } = event.data as { kid: string; wrappedPrivateKey: string };
      const jwk = JSON.parse(new TextDecoder().decode((await compactDecrypt(wrappedPrivateKey, kek)).plaintext)) as { d: string };
      collect(`private key d of ${event.streamName} ${kid}`, jwk.d);
    }

    const rotate = TEST_CLIENTS.rotate30;
    const ok = (result: { status: number; body: TokenBody }, name: string): TokenBody => {
      if (result.status !== 200) throw new Error(`${name}: expected 200, got ${result.status}`);
      collectBody(name, result.body);
      return result.body;
    };

    // ROTATE with leeway: issue, rotate, retry inside the leeway, rotate again, then reuse.
    const t0 = await issueFamily(ledger, rotate.id, { scope: 'openid offline_access api:read', groups: 'staff' });
    collectBody('issued', t0);
    firstFamilyId = t0.refresh_token!.split('.')[1];
    const t1 = ok(await refresh(ledger, rotate, t0.refresh_token!), 'refresh 1');
    clock.advance(5_000);
    ok(await refresh(ledger, rotate, t0.refresh_token!), 'leeway retry');
    const t2 = ok(await refresh(ledger, rotate, t1.refresh_token!, { scope: 'openid' }), 'refresh 2 narrowed');
    const t3 = ok(await refresh(ledger, rotate, t2.refresh_token!), 'refresh 3');
    clock.advance(31_000);
    expect((await refresh(ledger, rotate, t1.refresh_token!)).body.error).toBe('invalid_grant');
    expect((await refresh(ledger, rotate, t3.refresh_token!)).body.error).toBe('invalid_grant');
    expect((await introspect(ledger, rotate, t3.access_token)).body).toEqual({ active: false });

    // Another family: introspect, a stolen-token attempt, a forged token, revoke.
    const f0 = await issueFamily(ledger, rotate.id, { sub: 'bob@example.com' });
    collectBody('second family', f0);
    expect((await introspect(ledger, rotate, f0.refresh_token!)).body.active).toBe(true);
    expect((await introspect(ledger, rotate, f0.access_token)).body.active).toBe(true);
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, f0.refresh_token!)).body.error).toBe('invalid_grant');
    const forged = `${f0.refresh_token!.slice(0, -3)}AAA`;
    collect('forged refresh token', forged);
    expect((await refresh(ledger, rotate, forged)).body.error).toBe('invalid_grant');
    const f1 = ok(await refresh(ledger, rotate, f0.refresh_token!), 'second family refresh');
    expect((await revoke(ledger, rotate, f1.refresh_token!)).status).toBe(200);
    expect((await introspect(ledger, rotate, f1.refresh_token!)).body).toEqual({ active: false });

    // Leeway 0, STATIC, client_secret_post, public client and client_credentials.
    const z0 = await issueFamily(ledger, TEST_CLIENTS.rotate0.id);
    collectBody('rotate0 issued', z0);
    ok(await refresh(ledger, TEST_CLIENTS.rotate0, z0.refresh_token!), 'rotate0 refresh');
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, z0.refresh_token!)).body.error).toBe('invalid_grant');

    const s0 = await issueFamily(ledger, TEST_CLIENTS.static.id);
    collectBody('static issued', s0);
    ok(await refresh(ledger, TEST_CLIENTS.static, s0.refresh_token!), 'static refresh 1');
    ok(await refresh(ledger, TEST_CLIENTS.static, s0.refresh_token!), 'static refresh 2');
    expect((await revoke(ledger, TEST_CLIENTS.static, s0.access_token)).status).toBe(200);

    const tokenUrl = `${ledger.baseUrl}/oauth2/default/v1/token`;
    const p0 = await issueFamily(ledger, TEST_CLIENTS.post.id);
    collectBody('post issued', p0);
    ok(
      await postForm<TokenBody>(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: p0.refresh_token!,
        client_id: TEST_CLIENTS.post.id,
        client_secret: TEST_CLIENTS.post.secret,
      }),
      'post refresh',
    );

    const u0 = await issueFamily(ledger, TEST_CLIENTS.public.id);
    collectBody('public issued', u0);
    ok(await postForm<TokenBody>(tokenUrl, { grant_type: 'refresh_token', refresh_token: u0.refresh_token!, client_id: TEST_CLIENTS.public.id }), 'public refresh');

    ok(
      await postForm<TokenBody>(tokenUrl, { grant_type: 'client_credentials', scope: 'api:read' }, { authorization: basic(rotate.id, rotate.secret) }),
      'client credentials',
    );

    // Failed authentication: wrong secrets by Basic and by body, a wrong admin token.
    const wrongBasic = `${rotate.secret}-wrong-basic`;
    const wrongPost = `${TEST_CLIENTS.post.secret}-wrong-post`;
    const wrongAdmin = `${ADMIN_TOKEN}-wrong-admin`;
    collect('wrong Basic secret', wrongBasic);
    collect('wrong body secret', wrongPost);
    collect('wrong admin token', wrongAdmin);
    expect((await refresh(ledger, { id: rotate.id, secret: wrongBasic }, f1.refresh_token!)).status).toBe(401);
    expect((await introspect(ledger, { id: rotate.id, secret: wrongBasic }, f1.refresh_token!)).status).toBe(401);
    expect(
      (
        await postForm(tokenUrl, {
          grant_type: 'refresh_token',
          refresh_token: p0.refresh_token!,
          client_id: TEST_CLIENTS.post.id,
          client_secret: wrongPost,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await send(`${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`, {
          body: `client_id=${rotate.id}&sub=alice&scope=openid`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${wrongAdmin}` },
        })
      ).status,
    ).toBe(401);
    // A token and a secret sent in a body the server refuses to parse.
    expect((await send(tokenUrl, { body: JSON.stringify({ refresh_token: f1.refresh_token, client_secret: rotate.secret }), headers: { 'content-type': 'application/json' } })).status).toBeGreaterThanOrEqual(400);
  });

  afterAll(async () => {
    await ledger.close();
  });

  function leaksIn(haystack: string | Buffer): string[] {
    return [...secrets].filter(([, value]) => haystack.includes(value)).map(([name]) => name);
  }

  it('collected the secrets of a realistic session', () => {
    expect(secrets.size).toBeGreaterThan(60);
    for (const value of secrets.values()) expect(value.length).toBeGreaterThanOrEqual(16);
  });

  it('keeps every secret out of every event (data and metadata)', async () => {
    const events = await ledger.allEvents();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']));
    const leaks = events.flatMap((event) => {
      const text = JSON.stringify({ data: event.data, metadata: event.metadata }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
      return leaksIn(text).map((name) => `${name} in ${event.streamName}#${event.revision} ${event.type}`);
    });
    expect(leaks).toEqual([]);
  });

  it('keeps every secret out of the raw SQLite files', () => {
    const files = fs.readdirSync(ledger.dataDir).filter((name) => name.startsWith('events.db'));
    expect(files).toContain('events.db');
    const contents = files.map((name) => fs.readFileSync(path.join(ledger.dataDir, name)));
    // Positive control: the files hold the events in a searchable form.
    expect(contents.some((bytes) => bytes.includes(`tokenFamily-${firstFamilyId}`))).toBe(true);
    expect(contents.some((bytes) => bytes.includes('reuse_detected'))).toBe(true);
    const leaks = files.flatMap((name, i) => leaksIn(contents[i]).map((secret) => `${secret} in ${name}`));
    expect(leaks).toEqual([]);
  });

  it('keeps every secret out of the logs', () => {
    expect(ledger.logs.lines.some((line) => line.includes('request refused') && line.includes('reused_outside_leeway'))).toBe(true);
    const leaks = ledger.logs.lines.flatMap((line, i) => leaksIn(line).map((name) => `${name} in log line ${i}`));
    expect(leaks).toEqual([]);
  });

  it('keeps no key directory, and writes the keys it generates 0600', () => {
    expect([...secrets.keys()].filter((name) => name.startsWith('private key d of ')).length).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(path.join(ledger.dataDir, 'keys'))).toBe(false);
    for (const name of ['key-encryption.key', 'refresh-token.key', 'demo-client.secret']) {
      expect({ file: name, mode: (fs.statSync(path.join(ledger.dataDir, name)).mode & 0o777).toString(8) }).toEqual({ file: name, mode: '600' });
    }
    for (const dir of dirsUnder(ledger.dataDir).filter((d) => d !== ledger.dataDir)) {
      expect({ dir: path.relative(ledger.dataDir, dir), mode: (fs.statSync(dir).mode & 0o777).toString(8) }).toEqual({ dir: path.relative(ledger.dataDir, dir), mode: '700' });
    }
  });

  it('publishes only public key material', async () => {
    const response = await fetch(`${ledger.baseUrl}/oauth2/default/v1/keys`);
    const text = await response.text();
    expect(leaksIn(text)).toEqual([]);
    const jwks = JSON.parse(text) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(Object.keys(key)).not.toContain('d');
  });
});
