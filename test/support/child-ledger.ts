import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_TOKEN, sharedKeysEnv, testBootstrap } from './ledger-harness';
import { assertNoPrivateKeyOnDisk } from './private-keys-on-disk';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = require.resolve('./register-ts.js');
const CLOCK_OFFSET = require.resolve('./clock-offset.js');
const MAIN = 'apps/token-service/src/main.ts';
/** Output kept for failure messages (the tail of stdout and stderr). */
const OUTPUT_TAIL_CHARS = 8_000;

/** How the child ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The token service running from source in its own process (`main.ts`, wall clock, real SQLite file). */
export interface ChildLedger {
  readonly process: ChildProcess;
  readonly baseUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** Settles when the process has exited, however it ended. */
  readonly exited: Promise<ChildExit>;
  /** The tail of what the child printed, for failure messages. */
  output(): string;
  /**
   * SIGKILL (no shutdown hooks run) and wait for the exit; harmless once it has exited. Then
   * fails if any file of the data directory holds a private key.
   */
  kill(): Promise<ChildExit>;
}

export interface SpawnLedgerOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Extra environment (e.g. `LOG_LEVEL`). */
  readonly env?: Record<string, string>;
  /** Run the child's wall clock this many milliseconds off (negative = behind); see `clock-offset.js`. */
  readonly clockOffsetMs?: number;
}

/**
 * Starts `node -r test/support/register-ts.js apps/token-service/src/main.ts` on 127.0.0.1 with
 * the test bootstrap (the test clients), the harness admin token and the given data directory.
 * Resolves once it is spawned; call {@link waitUntilListening} before sending requests.
 */
export function spawnLedger(options: SpawnLedgerOptions): ChildLedger {
  const { dataDir, port } = options;
  fs.mkdirSync(dataDir, { recursive: true });
  const bootstrapFile = path.join(dataDir, 'bootstrap.test.json');
  fs.writeFileSync(bootstrapFile, JSON.stringify(testBootstrap()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const clockArgs = options.clockOffsetMs ? ['-r', CLOCK_OFFSET] : [];
  const child = spawn(process.execPath, [...clockArgs, '-r', REGISTER, MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_BOOTSTRAP: bootstrapFile,
      LEDGER_ADMIN_TOKEN: ADMIN_TOKEN,
      LEDGER_ISSUER_BASE_URL: baseUrl,
      LOG_LEVEL: 'warn',
      // gRPC on an ephemeral port: several child ledgers (and other test runs) must not compete for 50051.
      GRPC_PORT: '0',
      ...(options.clockOffsetMs ? { LEDGER_TEST_CLOCK_OFFSET_MS: String(options.clockOffsetMs) } : {}),
      // On EventStoreDB replicas share no disk: the keys they must agree on are given to each.
      ...sharedKeysEnv(options.env ?? {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    baseUrl,
    port,
    dataDir,
    exited,
    output: () => tail,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const exit = await exited;
      assertNoPrivateKeyOnDisk(dataDir);
      return exit;
    },
  };
}

/**
 * Polls discovery until the child answers 200: bounded attempts, each a short fetch, failing
 * fast (with the child's output) if the process exits first. This waits for a process to
 * listen; it does not wait for any state.
 */
export async function waitUntilListening(ledger: ChildLedger, timeoutMs = 30_000): Promise<void> {
  const url = `${ledger.baseUrl}/oauth2/default/.well-known/openid-configuration`;
  const deadline = Date.now() + timeoutMs;
  let exit: ChildExit | undefined;
  void ledger.exited.then((e) => (exit = e));
  let attempts = 0;
  let last = 'no attempt yet';
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(`ledger exited (${JSON.stringify(exit)}) before listening on ${ledger.baseUrl}:\n${ledger.output()}`);
    }
    attempts += 1;
    const outcome = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => (r.status === 200 ? 'up' : `status ${r.status}`),
      (e: unknown) => (e instanceof Error ? `${e.name}: ${(e.cause as Error | undefined)?.message ?? e.message}` : String(e)),
    );
    if (outcome === 'up') return;
    last = outcome;
    // Connection refused answers at once; pause briefly so the loop does not spin.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`ledger on ${ledger.baseUrl} did not answer discovery within ${timeoutMs} ms (${attempts} attempts, last: ${last}):\n${ledger.output()}`);
}
