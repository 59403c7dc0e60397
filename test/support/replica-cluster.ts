/**
 * Several token-service replicas, each its own process with its own data directory (its own
 * read models, nothing on a shared disk), on one EventStoreDB cluster: the standalone emulator
 * (`npm run esdb-emulator`, test/esdb-emulator/serve.ts), also its own process, driven through
 * its control HTTP API. Everything listens on 127.0.0.1 and stops with the test: `stop()`, the
 * test process's exit, or (`die-with-parent.js`) the test process vanishing.
 *
 * All replicas share what a deployment shares: the refresh-token key, the key-encryption key
 * (so each unwraps the signing keys from the store), the admin token and the public issuer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '@ledger/event-sourcing';
import { EsdbEventStore } from '@ledger/event-store-esdb';
import { spawnLedger, waitUntilListening, type ChildExit, type ChildLedger } from './child-ledger';
import { AUDITOR_TOKEN, freePort, TEST_KEY_ENCRYPTION_KEY, TEST_TOKEN_KEY } from './ledger-harness';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = require.resolve('./register-ts.js');
const DIE_WITH_PARENT = require.resolve('./die-with-parent.js');
const SERVE = path.join(ROOT, 'test', 'esdb-emulator', 'serve.ts');
const OUTPUT_TAIL_CHARS = 8_000;
/** How long after its connection string the emulator may take to print its control URL. */
const CONTROL_LINE_WAIT_MS = 2_000;

/** A node of the emulated cluster as `GET /status` lists it. */
export interface EmulatorNodeStatus {
  readonly index: number;
  readonly host: string;
  readonly port: number;
  readonly state: 'leader' | 'follower' | 'dead';
}

/** `emulator.stats()`: how much of `$all` was read, for "no full scan" checks. */
export interface EmulatorStats {
  /** Reads and subscriptions of `$all` that started at its beginning. */
  readonly allReadsFromStart: number;
  /** Records of `$all` served to readers and subscribers. */
  readonly allRecordsRead: number;
  readonly [figure: string]: number;
}

/** The control API's `GET /status`. */
export interface EmulatorStatus {
  readonly nodes: readonly EmulatorNodeStatus[];
  readonly leader?: number | null;
  readonly stats: EmulatorStats;
  /** Calls received, by RPC (for `BatchAppend`: appends). */
  readonly calls?: Readonly<Record<string, number>>;
  readonly callCounts?: Readonly<Record<string, number>>;
  readonly [member: string]: unknown;
}

/** Faults the emulator can inject into the next calls (see test/esdb-emulator/faults.ts). */
export type EmulatorFaultKind = 'UNAVAILABLE' | 'NOT_LEADER' | 'ACCESS_DENIED' | 'LOST_REPLY' | 'DEADLINE';

/** Client of the standalone emulator's control HTTP API (JSON). */
export class EmulatorControl {
  /** `url` undefined: the emulator printed no control URL (one that predates the control API). */
  constructor(readonly url: string | undefined) {}

  status(): Promise<EmulatorStatus> {
    return this.call<EmulatorStatus>('GET', '/status');
  }

  /** The node that leads now (from `status().nodes`), or undefined during an election. */
  async leader(): Promise<EmulatorNodeStatus | undefined> {
    return (await this.status()).nodes.find((n) => n.state === 'leader');
  }

  /** Call counts by RPC, whichever member name the status uses for them. */
  async calls(): Promise<Readonly<Record<string, number>>> {
    const status = await this.status();
    return status.calls ?? status.callCounts ?? {};
  }

  async setLeader(index: number): Promise<void> {
    await this.call('POST', `/leader/${index}`);
  }

  async killNode(index: number): Promise<void> {
    await this.call('POST', `/nodes/${index}/kill`);
  }

  async restartNode(index: number): Promise<void> {
    await this.call('POST', `/nodes/${index}/restart`);
  }

  async setReplicationLag(ms: number): Promise<void> {
    await this.call('POST', `/replication-lag/${ms}`);
  }

  async failNextCall(kind: EmulatorFaultKind, options: { method?: string; times?: number } = {}): Promise<void> {
    await this.call('POST', '/faults', { kind, ...options });
  }

  private async call<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    if (this.url === undefined) throw new Error(`emulator control ${method} ${route}: this emulator has no control API (it printed no "control http://..." line)`);
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator control ${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface EmulatorProcessOptions {
  readonly nodes?: 1 | 3;
  readonly replicationLagMs?: number;
  /** How long a dead leader stays unreplaced (the emulator's default: 500 ms). */
  readonly electionMs?: number;
  readonly requireAuth?: boolean;
  /** How long to wait for the connection string and the control line (default 20 s). */
  readonly startTimeoutMs?: number;
}

/** The standalone emulator in a process of its own. */
export interface EmulatorProcess {
  /** `esdb://127.0.0.1:<p>[,127.0.0.1:<p2>,127.0.0.1:<p3>]?tls=false`, as it printed it. */
  readonly connectionString: string;
  readonly control: EmulatorControl;
  readonly process: ChildProcess;
  readonly exited: Promise<ChildExit>;
  output(): string;
  /** SIGTERM (the emulator closes its ports), SIGKILL after a grace period. */
  stop(): Promise<ChildExit>;
}

/**
 * Starts `node -r register-ts.js test/esdb-emulator/serve.ts --port 0 --control-port <p>`, what
 * `npm run esdb-emulator -- ...` runs, and resolves once it printed its connection string and
 * its control URL (the first two lines of its stdout).
 */
export async function startEmulatorProcess(options: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const controlPort = await freePort();
  const args = ['--port', '0', '--control-port', String(controlPort)];
  if (options.nodes) args.push('--nodes', String(options.nodes));
  if (options.replicationLagMs !== undefined) args.push('--replication-lag-ms', String(options.replicationLagMs));
  if (options.electionMs !== undefined) args.push('--election-ms', String(options.electionMs));
  if (options.requireAuth) args.push('--require-auth');
  const child = spawn(process.execPath, ['-r', DIE_WITH_PARENT, '-r', REGISTER, SERVE, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let tail = '';
  let stdout = '';
  const exited = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const lines = new Promise<[string, string | undefined]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the emulator printed no connection string within ${timeoutMs} ms:\n${tail}`)),
      timeoutMs,
    );
    let noControl: NodeJS.Timeout | undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const complete = stdout.split('\n').slice(0, -1).map((line) => line.trim());
      if (complete.length >= 2) {
        clearTimeout(timer);
        clearTimeout(noControl);
        resolve([complete[0], complete[1]]);
      } else if (complete.length === 1 && !noControl) {
        // The control line follows at once; an emulator that predates the control API never prints it.
        noControl = setTimeout(() => {
          clearTimeout(timer);
          resolve([complete[0], undefined]);
        }, CONTROL_LINE_WAIT_MS);
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      clearTimeout(noControl);
      reject(new Error(`the emulator exited (${JSON.stringify(exit)}) before it was ready:\n${tail}`));
    });
  });
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = () => stopChild(child, exited);
  let connectionString: string;
  let controlLine: string | undefined;
  try {
    [connectionString, controlLine] = await lines;
  } catch (error) {
    await stop();
    throw error;
  }
  const control = controlLine === undefined ? undefined : /^control (http:\/\/\S+)$/.exec(controlLine);
  if (!/^esdb:\/\//.test(connectionString) || control === null) {
    await stop();
    throw new Error(`unexpected emulator output:\n${stdout}`);
  }
  return {
    connectionString,
    control: control ? new EmulatorControl(control[1]) : new EmulatorControl(undefined),
    process: child,
    exited,
    output: () => tail,
    stop,
  };
}

export interface ReplicaClusterOptions {
  /** Replica processes (default 2). */
  readonly replicas?: number;
  /** Emulated EventStoreDB nodes (default 3). */
  readonly nodes?: 1 | 3;
  readonly replicationLagMs?: number;
  readonly electionMs?: number;
  /** Environment of every replica (on top of the cluster's). */
  readonly env?: Record<string, string>;

  /** A short name for the temporary directories. */
  readonly name?: string;
  /** The order the replicas start in (default 0, 1, ...); whichever starts first seeds the store. */
  readonly startOrder?: readonly number[];
  /** Runs before replica `i` starts (e.g. an election, so that replicas start on different leaders). */
  readonly beforeStart?: (i: number, emulator: EmulatorProcess) => Promise<void>;
}

/** Replicas and their emulator; replica `i` keeps its port and data directory across restarts. */
export interface ReplicaCluster {
  readonly emulator: EmulatorProcess;
  /** The replicas as they run now (a restart replaces the entry). */
  readonly replicas: readonly ChildLedger[];
  /** The public issuer every replica shares (replica 0's address, as behind one load balancer). */
  readonly issuerBaseUrl: string;
  /** SIGKILL replica `i` (no shutdown hook runs) and wait for it to exit. */
  killReplica(i: number): Promise<ChildExit>;
  /** Starts replica `i` again on its port and data directory; resolves once it listens. */
  startReplica(i: number): Promise<ChildLedger>;
  /** A store client on the cluster (the EventStoreDB adapter), opened once, closed by `stop`. */
  eventStore(): Promise<EventStore>;
  /** Every file under the replicas' data directories (for "no private key on disk" checks). */
  dataFiles(): string[];
  /** Stops every replica (SIGTERM, then SIGKILL) and the emulator; removes the data directories. */
  stop(): Promise<void>;
}

/** Starts the emulator, then the replicas one after the other (the first to start seeds the store). */
export async function startReplicaCluster(options: ReplicaClusterOptions = {}): Promise<ReplicaCluster> {
  const count = options.replicas ?? 2;
  const emulator = await startEmulatorProcess({ nodes: options.nodes ?? 3, replicationLagMs: options.replicationLagMs, electionMs: options.electionMs });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ledger-cluster-${options.name ?? 'replicas'}-`));
  const ports: number[] = [];
  const replicas: ChildLedger[] = [];
  let store: Promise<EventStore> | undefined;

  const start = async (i: number): Promise<ChildLedger> => {
    const dataDir = path.join(root, `replica-${i}`);
    for (let attempt = 1; ; attempt++) {
      ports[i] ??= await freePort();
      const ledger = spawnLedger({
        dataDir,
        port: ports[i],
        env: {
          EVENTSTORE_URL: emulator.connectionString,
          LEDGER_TOKEN_KEY: TEST_TOKEN_KEY,
          LEDGER_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY,
          LEDGER_AUDITOR_TOKEN: AUDITOR_TOKEN,
          LEDGER_ISSUER_BASE_URL: issuerBaseUrl,
          // The suites refuse many requests on purpose; the credential-failure budgets are not under test.
          LEDGER_RATE_LIMIT_CLIENT_FAILURES: '1000000',
          LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '1000000',
          NODE_OPTIONS: `--require ${DIE_WITH_PARENT}`,
          ...options.env,
        },
      });
      killOnExit(ledger.process);
      replicas[i] = ledger;
      try {
        await waitUntilListening(ledger, 60_000);
        return ledger;
      } catch (error) {
        await ledger.kill();
        // A port found free can be taken before the replica listens: another one, a few times
        // (not for replica 0, whose port the issuer names).
        if (attempt >= 3 || i === 0 || !ledger.output().includes('EADDRINUSE')) throw error;
        ports[i] = await freePort();
      }
    }
  };

  ports[0] = await freePort();
  const issuerBaseUrl = `http://127.0.0.1:${ports[0]}`;
  try {
    for (const i of options.startOrder ?? Array.from({ length: count }, (_, index) => index)) {
      await options.beforeStart?.(i, emulator);
      await start(i);
    }
  } catch (error) {
    await Promise.all(replicas.map((r) => r.kill()));
    await emulator.stop();
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }

  return {
    emulator,
    replicas,
    issuerBaseUrl,
    killReplica: (i) => replicas[i].kill(),
    startReplica: (i) => start(i),
    eventStore: () => (store ??= EsdbEventStore.connect({ connectionString: emulator.connectionString })),
    dataFiles: () => listFiles(root),
    stop: async () => {
      if (store) await (await store.catch(() => undefined))?.close().catch(() => undefined);
      await Promise.all(replicas.map((r) => stopChild(r.process, r.exited)));
      await emulator.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
async function stopChild(child: ChildProcess, exited: Promise<ChildExit>, graceMs = 5_000): Promise<ChildExit> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  }
  return exited;
}

/** The test process ending normally (or on an uncaught error) takes its children with it. */
function killOnExit(child: ChildProcess): void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : entry.isFile() ? [full] : [];
  });
}
