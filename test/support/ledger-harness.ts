import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ledger/event-sourcing';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTokenLedgerApp } from '../../apps/token-service/src/app.factory';
import type { AppOverrides } from '../../apps/token-service/src/app.module';
import { loadLedgerConfig } from '@ledger/config';
import { connectGrpc } from '../../apps/token-service/src/grpc/connect-grpc';
import type { Clock } from '../../apps/token-service/src/shared/clock';
import { assertNoPrivateKeyOnDisk } from './private-keys-on-disk';
import { testStoreEnv } from './test-store';

/** 2026-01-01T00:00:00Z: the fixed start of every test clock. */
export const FIXED_START = Date.UTC(2026, 0, 1);

/** A clock the test moves by hand. */
export class SteppableClock implements Clock {
  constructor(private current = FIXED_START) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/**
 * Collects every log line the service writes (pino's JSON lines, exactly as they would reach
 * stdout) so suites can assert nothing secret was logged and find a line by its fields. It is
 * the pino destination of the app under test; `LEDGER_TEST_LOGS=1` also echoes to stderr.
 */
export class CapturingLogger {
  readonly lines: string[] = [];

  /** pino's destination contract: one or more complete lines per call. */
  write(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (line.length === 0) continue;
      this.lines.push(line);
      if (process.env.LEDGER_TEST_LOGS) process.stderr.write(`${line}\n`);
    }
  }

  /** Every line parsed (pino writes one JSON object per line). */
  parsed(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** Test clients, one per refresh behaviour; secrets are fixed so suites can authenticate. */
export const TEST_CLIENTS = {
  rotate30: { id: 'rotate30-client', secret: 'rotate30-secret-0123456789abcdefghijklmnop' },
  rotate0: { id: 'rotate0-client', secret: 'rotate0-secret-0123456789abcdefghijklmnopq' },
  static: { id: 'static-client', secret: 'static-secret-0123456789abcdefghijklmnopqr' },
  post: { id: 'post-client', secret: 'post-secret-0123456789abcdefghijklmnopqrstu' },
  public: { id: 'public-client', secret: '' },
  /** A second public client: whose tokens the first must not learn about. */
  otherPublic: { id: 'other-public-client', secret: '' },
  ccOnly: { id: 'cc-only-client', secret: 'cc-only-secret-0123456789abcdefghijklmnopq' },
} as const;

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnop';

/** The auditor credential of every test ledger: a separate role from the admin (SPEC §9). */
export const AUDITOR_TOKEN = 'test-auditor-token-0123456789abcdefghijklmn';

/**
 * The key-encryption key of every test ledger on EventStoreDB (32 bytes, base64url), where it
 * must be given: replicas share no disk to generate it into. The embedded store generates its own.
 */
export const TEST_KEY_ENCRYPTION_KEY = Buffer.alloc(32, 0x4b).toString('base64url');

/**
 * The key-encryption key a test ledger wraps its signing keys under: the one it generated into
 * its data directory (embedded store), else {@link TEST_KEY_ENCRYPTION_KEY} (EventStoreDB).
 */
export function keyEncryptionKeyOf(dataDir: string): Buffer {
  const file = path.join(dataDir, 'key-encryption.key');
  return Buffer.from(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : TEST_KEY_ENCRYPTION_KEY, 'base64url');
}

/** The refresh-token key of every test ledger on EventStoreDB, for the same reason. */
export const TEST_TOKEN_KEY = Buffer.alloc(32, 0x54).toString('base64url');

/** The refresh-token key of a test ledger: generated into its data directory, else {@link TEST_TOKEN_KEY}. */
export function tokenKeyOf(dataDir: string): Buffer {
  const file = path.join(dataDir, 'refresh-token.key');
  return Buffer.from(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : TEST_TOKEN_KEY, 'base64url');
}

/**
 * The shared keys a ledger on EventStoreDB needs, unless the caller set them (an empty value
 * counts as set: a test of the start-up refusal passes `''`); nothing on the embedded store.
 */
export function sharedKeysEnv(env: Record<string, string>): Record<string, string> {
  if (!env.EVENTSTORE_URL) return {};
  return {
    ...(env.LEDGER_KEY_ENCRYPTION_KEY === undefined && env.LEDGER_KEY_ENCRYPTION_KEY_FILE === undefined ? { LEDGER_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY } : {}),
    ...(env.LEDGER_TOKEN_KEY === undefined ? { LEDGER_TOKEN_KEY: TEST_TOKEN_KEY } : {}),
  };
}

const ALL_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

/** The repository's default bootstrap plus the test clients and a second authorization server. */
export function testBootstrap(): Record<string, unknown> {
  const repo = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'bootstrap.json'), 'utf8'));
  const defaultServer = repo.authorizationServers[0];
  const client = (id: string, secret: string, extra: Record<string, unknown>) => ({
    client_id: id,
    client_name: id,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ALL_GRANTS,
    ...(secret ? { client_secret: secret } : {}),
    ...extra,
  });
  return {
    authorizationServers: [
      defaultServer,
      { ...defaultServer, id: 'other', name: 'other', description: 'A second authorization server', audiences: ['api://other'] },
    ],
    clients: [
      ...repo.clients,
      client(TEST_CLIENTS.rotate30.id, TEST_CLIENTS.rotate30.secret, { refresh_token: { rotation_type: 'ROTATE', leeway: 30 } }),
      client(TEST_CLIENTS.rotate0.id, TEST_CLIENTS.rotate0.secret, { refresh_token: { rotation_type: 'ROTATE', leeway: 0 } }),
      client(TEST_CLIENTS.static.id, TEST_CLIENTS.static.secret, { refresh_token: { rotation_type: 'STATIC', leeway: 0 } }),
      client(TEST_CLIENTS.post.id, TEST_CLIENTS.post.secret, { token_endpoint_auth_method: 'client_secret_post', refresh_token: { rotation_type: 'ROTATE', leeway: 30 } }),
      ...[TEST_CLIENTS.public.id, TEST_CLIENTS.otherPublic.id].map((id) =>
        client(id, '', { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], refresh_token: { rotation_type: 'ROTATE', leeway: 30 } }),
      ),
      client(TEST_CLIENTS.ccOnly.id, TEST_CLIENTS.ccOnly.secret, { grant_types: ['client_credentials'] }),
    ],
  };
}

export interface StartLedgerOptions {
  /** Defaults to a {@link SteppableClock} at {@link FIXED_START}; pass `'system'` for wall time. */
  readonly clock?: Clock | 'system';
  readonly bootstrap?: Record<string, unknown>;
  /** Reuse a data directory (restart scenarios); a fresh temp dir otherwise. */
  readonly dataDir?: string;
  readonly eventStore?: EventStore;
  readonly env?: Record<string, string>;
  /** Also serve gRPC (on a free port, as `main.ts` does: connected before `listen()`, started after). */
  readonly grpc?: boolean;
  /** Called with the created app before it starts (its routes are registered then): to add a Fastify hook. */
  readonly beforeListen?: (app: NestFastifyApplication) => void;
}

/** A running ledger on 127.0.0.1 with an ephemeral port, booted from source exactly as `main.ts` does. */
export interface TestLedger {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly store: EventStore;
  readonly clock: Clock;
  readonly logs: CapturingLogger;
  /** `127.0.0.1:<port>` of the gRPC server when started with `grpc: true`. */
  readonly grpcAddress?: string;
  /** Every event in the store, in global order. */
  allEvents(): Promise<RecordedEvent[]>;
  /** Closes the app, then fails if any file of the data directory holds a private key. */
  close(): Promise<void>;
}

/** Boots the real app (HTTP on Fastify, embedded SQLite store unless one is given). */
export async function startLedger(options: StartLedgerOptions = {}): Promise<TestLedger> {
  // A port found free can be taken before `listen` (another worker's test, an outgoing
  // connection's local port): boot again on another one, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLedgerOnce(options);
    } catch (error) {
      if (attempt >= 5 || !isAddressInUse(error)) throw error;
    }
  }
}

/**
 * Node's listen error has `code: 'EADDRINUSE'`; grpc-js wraps it into a message of its own
 * ("No address added out of total 1 resolved errors: [listen EADDRINUSE: ...]") with no code.
 */
function isAddressInUse(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'EADDRINUSE' || (error instanceof Error && error.message.includes('EADDRINUSE'));
}

async function startLedgerOnce(options: StartLedgerOptions): Promise<TestLedger> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
  const bootstrapFile = path.join(dataDir, 'bootstrap.test.json');
  fs.writeFileSync(bootstrapFile, JSON.stringify(options.bootstrap ?? testBootstrap()));
  // The issuer (and so every discovery URL) names the port, so pick it before booting.
  const port = await freePort();
  const grpcPort = options.grpc ? await freePort() : undefined;
  const storeEnv = { ...(await testStoreEnv(dataDir, options)), ...options.env };
  const config = loadLedgerConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_BOOTSTRAP: bootstrapFile,
    LEDGER_ADMIN_TOKEN: ADMIN_TOKEN,
    LEDGER_AUDITOR_TOKEN: AUDITOR_TOKEN,
    LEDGER_ISSUER_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'debug',
    // Every suite's requests come from 127.0.0.1 under a clock that rarely moves, so the
    // credential-failure budgets would carry refusals from one test into the next; the
    // rate-limit suites set their own.
    LEDGER_RATE_LIMIT_CLIENT_FAILURES: '1000000',
    LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '1000000',
    // Seals at start and at shutdown only (a suite that wants the timer sets its own interval):
    // a seal appended by a timer mid-test would change the event counts suites compare.
    LEDGER_SEAL_INTERVAL_MS: '3600000',
    ...(grpcPort !== undefined ? { GRPC_PORT: String(grpcPort), GRPC_HOST: '127.0.0.1' } : {}),
    ...sharedKeysEnv(storeEnv),
    ...storeEnv,
  });
  const clock: Clock = options.clock === 'system' ? { now: () => Date.now() } : (options.clock ?? new SteppableClock());
  const logs = new CapturingLogger();
  const overrides: AppOverrides = { clock, logDestination: logs, ...(options.eventStore ? { eventStore: options.eventStore } : {}) };
  const app = await createTokenLedgerApp(config, overrides);
  try {
    if (grpcPort !== undefined) connectGrpc(app, config);
    options.beforeListen?.(app);
    await app.listen({ port, host: '127.0.0.1' });
    if (grpcPort !== undefined) await app.startAllMicroservices();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    ...(grpcPort !== undefined ? { grpcAddress: `127.0.0.1:${grpcPort}` } : {}),
    dataDir,
    store,
    clock,
    logs,
    allEvents: () => store.readAll({ maxCount: 1_000_000 }),
    close: async () => {
      await app.close();
      assertNoPrivateKeyOnDisk(dataDir);
    },
  };
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, chosen at random below Linux's ephemeral
 * range (32768-60999), where the local ports of outgoing connections (the tests' own clients,
 * the EventStoreDB emulator's) cannot take it before the server listens.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found in 20000-31999');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
