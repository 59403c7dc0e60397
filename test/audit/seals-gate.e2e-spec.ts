import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';
import { issueFamily, refresh } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { audit } from './audit-client';
import { latest, NO_TIMER, sealNow } from './seal-client';

/**
 * Issue 17, item 2 on the embedded store (its file is edited here, as an attacker with disk
 * access would): the CLI verifies the seals offline with the keys of the service's own
 * configuration, and a sealed event edited while the service was stopped closes the integrity
 * gate at the next start.
 */
describe('seals: the CLI and the integrity gate', () => {
  const client = TEST_CLIENTS.rotate30;
  let dataDir: string;
  let clock: SteppableClock;
  let ledger: TestLedger | undefined;
  let familyStream: string;
  let refreshToken: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-seals-gate-'));
    clock = new SteppableClock();
    const first = await startLedger({ clock, dataDir, env: NO_TIMER });
    const issued = await issueFamily(first, client.id);
    refreshToken = issued.refresh_token!;
    familyStream = `tokenFamily-${refreshTokenParts(refreshToken).familyId}`;
    // The graceful shutdown seals the family.
    await first.close();
  });

  afterEach(async () => {
    await ledger?.close();
    ledger = undefined;
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the CLI verifies the seals offline, with the keys of the same configuration, and prints the newest seal', async () => {
    const cli = await runCli(['verify', '--json'], dataDir);
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    const verified = JSON.parse(cli.stdout);
    expect(verified).toMatchObject({ ok: true, stream: null, seals: { ok: true, latest: { treeSize: expect.any(Number) } }, gaps: { checked: true, ok: true }, unsealed: { leaves: 0 } });
    const kept = await runCli(['seals', 'latest'], dataDir);
    expect(kept.code).toBe(0);
    expect(JSON.parse(kept.stdout)).toMatchObject({ treeSize: verified.seals.latest.treeSize, rootHash: verified.seals.latest.rootHash, jws: expect.any(String) });
  });

  it('a sealed event edited while the service was stopped closes the gate: 503 on the token endpoints and management writes, readiness down, audit up', async () => {
    const db = new Database(path.join(dataDir, 'events.db'));
    try {
      const row = db.prepare('SELECT position, data FROM events WHERE stream_name = ? AND stream_revision = 0').get(familyStream) as { position: number; data: string };
      const data = JSON.parse(row.data) as Record<string, unknown>;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...data, scopes: ['openid', 'offline_access', 'admin'] }), row.position);
    } finally {
      db.close();
    }
    ledger = await startLedger({ clock, dataDir, env: NO_TIMER });
    const failures = ledger.logs.parsed().filter((line) => String(line.msg).startsWith('ledger_integrity_failure'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 'error', failed: ['seals'], sealBreak: { kind: 'root' } });

    clock.advance(60_000);
    const token = await refresh(ledger, client, refreshToken);
    expect(token.status).toBe(503);
    expect(token.body).toMatchObject({ error: 'temporarily_unavailable', error_description: expect.stringContaining('failed verification') });
    const write = await adminApi(ledger, 'POST', '/api/v1/clients', { client_name: 'x', grant_types: ['client_credentials'] });
    expect(write.status).toBe(503);
    expect(write.body).toMatchObject({ errorCode: 'E0000010', errorSummary: expect.stringContaining('failed verification') });
    expect((await adminApi(ledger, 'GET', '/api/v1/clients')).status).toBe(200);

    const ready = await fetch(`${ledger.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ error: { ledgerIntegrity: { status: 'down', failed: ['seals'] } } });
    expect((await fetch(`${ledger.baseUrl}/health/live`)).status).toBe(200);
    const verified = await audit(ledger, 'POST', '/api/v1/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: false, seals: { ok: false, firstBreak: { kind: 'root' } } });
    expect((await latest(ledger)).treeSize).toBeGreaterThan(0);
    // No seal vouches for the edited log, not even at shutdown.
    const sealsBefore = (await ledger.store.readStream('ledgerSeals')).length;
    await sealNow(ledger);
    expect((await ledger.store.readStream('ledgerSeals')).length).toBe(sealsBefore);
    await ledger.close();
    ledger = undefined;

    const cli = await runCli(['verify', '--json'], dataDir);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, seals: { ok: false, firstBreak: { kind: 'root' } } });
  });
});
