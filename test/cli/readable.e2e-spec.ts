import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectionRunner } from '@ledger/projections';
import { audit, stateAt, why } from '../audit/audit-client';
import { startLedger, TEST_CLIENTS } from '../support/ledger-harness';
import { issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';
import { jwtClaims, refreshTokenParts } from '../support/token-parts';
import { ndjson, runCli } from './run-cli';
import { LedgerSealerScheduler } from '../../apps/token-service/src/audit/seals/ledger-sealer.scheduler';

/** Any ANSI escape: the output of a pipe must have none. */
const ESCAPE = '\u001b[';

/**
 * The CLI for people: `history`, `state`, `why` and `verify` print a readable answer by default
 * and the audit API's JSON with `--json`, from the same functions. The ledger runs on the wall
 * clock, because `why` answers "now" and the CLI's now is the wall clock: the tokens it asks
 * about are minutes old, well inside their lifetimes.
 */
describe('ledger CLI: readable output and --json', () => {
  let dataDir: string;
  /** What the CLI needs beside the data directory to check an access token's issuer as the service did. */
  let env: Record<string, string>;
  const families = { revoked: '', reused: '', active: '' };
  let active: TokenBody;
  let reusedToken: string;
  const api: Record<string, any> = {};
  let stateInstant: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-readable-'));
    const ledger = await startLedger({ clock: 'system', dataDir });
    env = { LEDGER_ISSUER_BASE_URL: ledger.baseUrl };

    // Revoked by its client after one refresh.
    const revokedIssue = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    families.revoked = refreshTokenParts(revokedIssue.refresh_token!).familyId;
    const next = await refresh(ledger, TEST_CLIENTS.rotate30, revokedIssue.refresh_token!);
    expect(next.status).toBe(200);
    expect((await revoke(ledger, TEST_CLIENTS.rotate30, next.body.refresh_token!)).status).toBe(200);

    // Revoked by reuse detection: leeway 0, so the first token presented again is a replay.
    const reusedIssue = await issueFamily(ledger, TEST_CLIENTS.rotate0.id);
    reusedToken = reusedIssue.refresh_token!;
    families.reused = refreshTokenParts(reusedToken).familyId;
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, reusedToken)).status).toBe(200);
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, reusedToken)).status).toBe(400);

    active = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    families.active = refreshTokenParts(active.refresh_token!).familyId;

    for (const [name, familyId] of Object.entries(families)) {
      api[`history:${name}`] = (await audit<Record<string, any>[]>(ledger, 'GET', `/api/v1/audit/families/${familyId}/events`)).body;
    }
    stateInstant = Date.now();
    api.stateReused = (await stateAt(ledger, families.reused, stateInstant)).body;
    api.whyReused = (await why(ledger, { token: reusedToken })).body;
    api.whyActiveRefresh = (await why(ledger, { token: active.refresh_token! })).body;
    api.whyActiveAccess = (await why(ledger, { token: active.access_token })).body;
    api.whyRevokedId = (await why(ledger, { token_id: `${families.revoked}.1` })).body;
    await ledger.app.get(LedgerSealerScheduler).sealNow();
    api.verify = (await audit(ledger, 'POST', '/api/v1/audit/verify')).body;
    await ledger.app.get(ProjectionRunner).waitUntilCaughtUp();
    await ledger.close();
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The CLI's answer is the API's, but for the instant each evaluated at. */
  function sameAnswer(cli: Record<string, any>, apiAnswer: Record<string, any>): void {
    expect({ ...cli, evaluatedAt: apiAnswer.evaluatedAt }).toEqual(apiAnswer);
  }

  it('history: a timeline, revocation and reuse detection marked; --json is the NDJSON of the API', async () => {
    const reused = await runCli(['history', families.reused], dataDir);
    expect({ code: reused.code, stderr: reused.stderr }).toEqual({ code: 0, stderr: '' });
    expect(reused.stdout).not.toContain(ESCAPE);
    const lines = reused.stdout.split('\n');
    expect(lines[0]).toBe(`Token family ${families.reused}: 3 events, oldest first (UTC)`);
    const events = lines.filter((line) => /^. \d{4}-\d\d-\d\dT/.test(line));
    expect(events).toEqual([
      expect.stringMatching(new RegExp(`^  \\S+Z  #0 TokenIssued  gen 0  by \\S+  issued ${families.reused}\\.0$`)),
      expect.stringMatching(new RegExp(`^  \\S+Z  #1 TokenRefreshed  gen 1  by client:${TEST_CLIENTS.rotate0.id}  rotated ${families.reused}\\.0 -> ${families.reused}\\.1$`)),
      // The actor is the client that presented the old token; the revocation is the ledger's own.
      expect.stringMatching(new RegExp(`^! \\S+Z  #2 TokenRevoked  gen 1  by client:${TEST_CLIENTS.rotate0.id}  REUSE DETECTED: ${families.reused}\\.0 presented again, family revoked$`)),
    ]);
    expect(lines[lines.indexOf(events[2]) + 1]).toBe('      requested by system');
    expect(reused.stdout).toContain('decided by default-policy/default-rule on default (config v');
    // Each event's link is the hash of the one before: none is flagged.
    expect(lines.filter((line) => line.includes('hash '))).toHaveLength(3);
    expect(reused.stdout).not.toContain('run verify');

    const revoked = await runCli(['history', families.revoked], dataDir);
    expect(revoked.stdout).toMatch(new RegExp(`\\n! \\S+Z  #2 TokenRevoked  gen 1  by client:${TEST_CLIENTS.rotate30.id}  family revoked, reason client_request`));

    for (const name of ['reused', 'revoked'] as const) {
      const json = await runCli(['history', '--json', families[name]], dataDir);
      expect(json.code).toBe(0);
      expect(ndjson(json.stdout)).toEqual(api[`history:${name}`]);
    }
  });

  it('state: the status and why, readable; --json is the API report', async () => {
    const at = new Date(stateInstant).toISOString();
    const readable = await runCli(['state', families.reused, '--at', at], dataDir);
    expect(readable.code).toBe(0);
    expect(readable.stdout.split('\n')[0]).toBe(`Token family ${families.reused} at ${at.replace('.000Z', 'Z')}: ! REVOKED`);
    expect(readable.stdout).toMatch(/\n {2}why +the family is revoked: every token of it is refused \(family_revoked\)\n/);
    expect(readable.stdout).toMatch(new RegExp(`\\n  revoked +\\S+ by system, reason REUSE DETECTED \\(token ${families.reused}\\.0\\)\\n`));
    expect(readable.stdout).toMatch(/\n {2}generation +1\n/);

    const json = await runCli(['state', families.reused, '--at', at, '--json'], dataDir);
    expect(JSON.parse(json.stdout)).toEqual(api.stateReused);

    const now = await runCli(['state', families.active], dataDir);
    expect(now.stdout).toMatch(new RegExp(`^Token family ${families.active} at \\S+: ACTIVE\\n`));
    expect(now.stdout).toMatch(new RegExp(`\\n  refresh token +${families.active}\\.0, expires \\S+ \\(idle \\S+, absolute never\\)\\n`));
  });

  it('why: a refresh token from stdin, an access token from a file, ids as arguments; the token is never printed', async () => {
    const refreshWhy = await runCli(['why', '--token', '-', '--json'], dataDir, env, `${active.refresh_token!}\n`);
    expect({ code: refreshWhy.code, stderr: refreshWhy.stderr }).toEqual({ code: 0, stderr: '' });
    sameAnswer(JSON.parse(refreshWhy.stdout), api.whyActiveRefresh);
    expect(JSON.parse(refreshWhy.stdout)).toMatchObject({ active: true, tokenType: 'refresh_token', tokenId: `${families.active}.0` });

    const file = path.join(dataDir, 'access-token.txt');
    fs.writeFileSync(file, active.access_token, { mode: 0o600 });
    const accessWhy = await runCli(['why', '--token-file', file, '--json'], dataDir, env);
    sameAnswer(JSON.parse(accessWhy.stdout), api.whyActiveAccess);
    expect(JSON.parse(accessWhy.stdout)).toMatchObject({ active: true, tokenType: 'access_token', tokenId: jwtClaims(active.access_token).jti });
    // The issuer is part of the check: under another base URL the token is none of this ledger's.
    const elsewhere = await runCli(['why', '--token-file', file, '--json'], dataDir, { LEDGER_ISSUER_BASE_URL: 'https://elsewhere.example' });
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ active: false, reason: 'unknown_token', familyId: null });
    const accessReadable = await runCli(['why', '--token-file', file], dataDir, env);
    expect(accessReadable.stdout).toMatch(new RegExp(`^Access token ${jwtClaims(active.access_token).jti}: ACTIVE at \\S+\\n`));
    expect(accessReadable.stdout).toMatch(/\n {2}decided by +default-policy\/default-rule on default \(config v\d+\) at \S+: access 1 h\n/);

    const reused = await runCli(['why', '--token', '-'], dataDir, env, reusedToken);
    expect(reused.stdout.split('\n')[0]).toMatch(new RegExp(`^Refresh token ${families.reused}\\.0: ! INACTIVE at `));
    expect(reused.stdout).toContain('reuse, the family was revoked (reused_outside_leeway)');
    expect(reused.stdout).toMatch(/\n {2}revoked +\S+ by system, reason REUSE DETECTED/);
    sameAnswer(JSON.parse((await runCli(['why', '--token', '-', '--json'], dataDir, env, reusedToken)).stdout), api.whyReused);

    const byId = await runCli(['why', `${families.revoked}.1`, '--json'], dataDir);
    sameAnswer(JSON.parse(byId.stdout), api.whyRevokedId);
    const unknown = await runCli(['why', 'no-such-family.0'], dataDir);
    expect({ code: unknown.code, first: unknown.stdout.split('\n')[0] }).toEqual({ code: 0, first: expect.stringMatching(/^Token: INACTIVE at /) });
    expect(unknown.stdout).toContain('(unknown_token)');

    for (const run of [refreshWhy, accessWhy, accessReadable, reused]) {
      for (const secret of [active.refresh_token!, active.access_token, reusedToken]) expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it('why refuses a token on the command line, and a missing or empty source', async () => {
    const argv = await runCli(['why', '--token', active.refresh_token!], dataDir);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toContain("a token on the command line stays in the shell's history");
    expect(argv.stderr).not.toContain(active.refresh_token!);
    expect((await runCli(['why'], dataDir)).code).toBe(2);
    const empty = await runCli(['why', '--token', '-'], dataDir, env, '\n');
    expect({ code: empty.code, stderr: empty.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('no token in stdin') });
    expect((await runCli(['why', '--token-file', path.join(dataDir, 'nowhere')], dataDir)).code).toBe(2);
  });

  it('verify: OK with counts, head and the latest seal; --json is the API result', async () => {
    const readable = await runCli(['verify'], dataDir);
    expect(readable.code).toBe(0);
    expect(readable.stdout.split('\n')[0]).toBe('The ledger: OK');
    expect(readable.stdout).toMatch(/\n {2}chains +\d+ streams, \d+ events checked\n/);
    expect(readable.stdout).toMatch(/\n {2}latest seal +#\d+ at \S+: \d+ leaves, root [0-9a-f]{12}…, key \S+\n/);
    expect(readable.stdout).toMatch(/\n {2}gaps +none\n/);

    const json = await runCli(['verify', '--json'], dataDir);
    expect(JSON.parse(json.stdout)).toEqual(api.verify);

    const stream = await runCli(['verify', '--stream', `tokenFamily-${families.reused}`], dataDir);
    expect(stream.stdout.split('\n')[0]).toBe(`Stream tokenFamily-${families.reused}: OK`);
    expect(stream.stdout).toMatch(new RegExp(`\\n  head +tokenFamily-${families.reused} #2 [0-9a-f]{12}…\\n`));
  });
});
