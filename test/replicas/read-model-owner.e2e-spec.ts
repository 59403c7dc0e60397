/**
 * One read-model file, one writer: a second service process pointed at a read-model file that a
 * running one owns refuses to start (two writers dropped each other's tables on a rebuild and
 * moved rows backwards), while a killed owner (`kill -9`, no shutdown hook) never blocks the
 * restart that follows on the same host.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnLedger, waitUntilListening, type ChildLedger } from '../support/child-ledger';
import { freePort } from '../support/ledger-harness';

const EXIT_WAIT_MS = 30_000;

describe('read-model file ownership across processes', () => {
  const children: ChildLedger[] = [];
  let root: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-read-model-owner-'));
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
  });

  async function start(dataDir: string, readModels: string): Promise<ChildLedger> {
    const child = spawnLedger({ dataDir, port: await freePort(), env: { LEDGER_READ_MODELS: readModels } });
    children.push(child);
    return child;
  }

  function exitWithin(child: ChildLedger, ms: number): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${child.output()}`)), ms);
    });
    return Promise.race([child.exited, timeout]).finally(() => clearTimeout(timer));
  }

  it('refuses a second process on a read-model file another one owns, naming the owner; a kill -9 of the owner frees it', async () => {
    // Their own event logs (so nothing else is shared), one read-model file.
    const shared = path.join(root, 'shared', 'read-models.db');
    const owner = await start(path.join(root, 'a'), shared);
    await waitUntilListening(owner);

    const second = await start(path.join(root, 'b'), shared);
    expect(await exitWithin(second, EXIT_WAIT_MS)).toEqual({ code: 1, signal: null });
    expect(second.output()).toContain('read_model_file_in_use');
    expect(second.output()).toContain(`read-model file ${shared} is in use by process ${owner.process.pid} on host ${os.hostname()}`);
    expect(second.output()).toContain('give each replica its own data directory');
    // The owner was never disturbed.
    expect((await fetch(`${owner.baseUrl}/health/ready`)).status).toBe(200);

    expect(await owner.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    // No stale lock to wait out: the kernel released it with the process.
    const restarted = await start(path.join(root, 'a'), shared);
    await waitUntilListening(restarted);
    expect((await fetch(`${restarted.baseUrl}/health/ready`)).status).toBe(200);
  }, 120_000);
});
