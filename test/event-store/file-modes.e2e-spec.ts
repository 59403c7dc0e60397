import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectionRunner } from '@ledger/projections';
import { runCli } from '../cli/run-cli';
import { postForm } from '../support/http';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { refresh, type TokenBody } from '../support/token-flows';

/** Written into the data directory by the test harness, not by the service. */
const HARNESS_FILES = new Set(['bootstrap.test.json']);

/**
 * Issue 15 item 4: the data directory holds subjects, client configuration, token hashes, keys
 * and credentials. In a directory that already exists with 0755 (a mounted volume, the image's
 * `/data`), every file the service or the ledger CLI creates must be 0600 and every directory it
 * creates 0700, SQLite's `-wal` and `-shm` included.
 */
describe('file modes in a data directory that already exists with 0755', () => {
  let root: string;
  let dataDir: string;
  let ledger: TestLedger | undefined;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-modes-'));
    dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    fs.chmodSync(dataDir, 0o755);
    // No admin or auditor credential given: the service generates both into the data directory.
    ledger = await startLedger({ dataDir, env: { LEDGER_ADMIN_TOKEN: '', LEDGER_AUDITOR_TOKEN: '' } });
  });

  afterAll(async () => {
    await ledger?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the running service: every file 0600 (the databases with their -wal and -shm), every directory it made 0700', async () => {
    const running = ledger!;
    const adminToken = fs.readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
    const issued = await postForm<TokenBody>(
      `${running.baseUrl}/api/v1/authorizationServers/default/tokens`,
      { client_id: TEST_CLIENTS.rotate30.id, sub: 'alice@example.com', scope: 'openid offline_access' },
      { authorization: `Bearer ${adminToken}` },
    );
    expect(issued.status).toBe(200);
    expect((await refresh(running, TEST_CLIENTS.rotate30, issued.body.refresh_token!)).status).toBe(200);
    await running.app.get(ProjectionRunner).waitUntilCaughtUp();

    const entries = listModes(dataDir);
    expect(entries.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'events.db', 'events.db-wal', 'events.db-shm',
        'read-models.db', 'read-models.db-wal', 'read-models.db-shm',
        'refresh-token.key', 'key-encryption.key', 'admin.token', 'auditor.token', 'demo-client.secret',
      ]),
    );
    // Private signing keys travel wrapped in their events: no key directory any more.
    expect(entries.filter((e) => e.name.startsWith('keys'))).toEqual([]);
    expect(offenders(entries)).toEqual([]);
    // The operator's directory is theirs: its mode is left as they made it.
    expect(modeOf(dataDir)).toBe('0755');
  });

  it('the ledger CLI (projections rebuild --service-stopped) narrows databases an older version left 0644', async () => {
    await ledger!.close();
    ledger = undefined;
    for (const name of ['events.db', 'read-models.db']) fs.chmodSync(path.join(dataDir, name), 0o644);

    const run = await runCli(['projections', 'rebuild', 'token_families', '--service-stopped'], dataDir);
    expect(run.code).toBe(0);

    expect(offenders(listModes(dataDir))).toEqual([]);
  });
});

interface Entry {
  /** Relative to the data directory; directories end with `/`. */
  readonly name: string;
  readonly mode: string;
  readonly directory: boolean;
}

/** Every file and directory under `dir` (recursively, the directory itself excluded) with its mode. */
function listModes(dir: string, prefix = ''): Entry[] {
  const entries: Entry[] = [];
  for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    const name = `${prefix}${dirent.name}${dirent.isDirectory() ? '/' : ''}`;
    entries.push({ name, mode: modeOf(full), directory: dirent.isDirectory() });
    if (dirent.isDirectory()) entries.push(...listModes(full, name));
  }
  return entries;
}

/** `name mode` of every entry that is not 0600 (files) or 0700 (directories). */
function offenders(entries: readonly Entry[]): string[] {
  return entries
    .filter((e) => !HARNESS_FILES.has(e.name) && e.mode !== (e.directory ? '0700' : '0600'))
    .map((e) => `${e.name} ${e.mode}`);
}

function modeOf(file: string): string {
  return `0${(fs.statSync(file).mode & 0o777).toString(8)}`;
}
