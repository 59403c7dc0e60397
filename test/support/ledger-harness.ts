import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ledger/event-sourcing';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTokenLedgerApp } from '../../apps/token-service/src/app.factory';
import type { AppOverrides } from '../../apps/token-service/src/app.module';
import { loadLedgerConfig } from '../../apps/token-service/src/config/ledger-config';
import type { Clock } from '../../apps/token-service/src/shared/clock';
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

/** Collects every log line (as JSON text) so suites can assert nothing secret was logged. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private push(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push(JSON.stringify({ level, message, rest }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    if (process.env.LEDGER_TEST_LOGS) process.stderr.write(`${this.lines[this.lines.length - 1]}\n`);
  }
  log(message: unknown, ...rest: unknown[]): void { this.push('log', message, rest); }
  error(message: unknown, ...rest: unknown[]): void { this.push('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]): void { this.push('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]): void { this.push('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]): void { this.push('verbose', message, rest); }
  fatal(message: unknown, ...rest: unknown[]): void { this.push('fatal', message, rest); }
}

/** Test clients, one per refresh behaviour; secrets are fixed so suites can authenticate. */
export const TEST_CLIENTS = {
  rotate30: { id: 'rotate30-client', secret: 'rotate30-secret-0123456789abcdefghijklmnop' },
  rotate0: { id: 'rotate0-client', secret: 'rotate0-secret-0123456789abcdefghijklmnopq' },
  static: { id: 'static-client', secret: 'static-secret-0123456789abcdefghijklmnopqr' },
  post: { id: 'post-client', secret: 'post-secret-0123456789abcdefghijklmnopqrstu' },
  public: { id: 'public-client', secret: '' },
  ccOnly: { id: 'cc-only-client', secret: 'cc-only-secret-0123456789abcdefghijklmnopq' },
} as const;

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnop';

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
      client(TEST_CLIENTS.public.id, '', { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], refresh_token: { rotation_type: 'ROTATE', leeway: 30 } }),
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
}

/** A running ledger on 127.0.0.1 with an ephemeral port, booted from source exactly as `main.ts` does. */
export interface TestLedger {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly store: EventStore;
  readonly clock: Clock;
  readonly logs: CapturingLogger;
  /** Every event in the store, in global order. */
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** Boots the real app (HTTP on Fastify, embedded SQLite store unless one is given). */
export async function startLedger(options: StartLedgerOptions = {}): Promise<TestLedger> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
  const bootstrapFile = path.join(dataDir, 'bootstrap.test.json');
  fs.writeFileSync(bootstrapFile, JSON.stringify(options.bootstrap ?? testBootstrap()));
  // The issuer (and so every discovery URL) names the port, so pick it before booting.
  const port = await freePort();
  const config = loadLedgerConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_BOOTSTRAP: bootstrapFile,
    LEDGER_ADMIN_TOKEN: ADMIN_TOKEN,
    LEDGER_ISSUER_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'debug',
    ...(await testStoreEnv(dataDir, options)),
    ...options.env,
  });
  const clock: Clock = options.clock === 'system' ? { now: () => Date.now() } : (options.clock ?? new SteppableClock());
  const logs = new CapturingLogger();
  const overrides: AppOverrides = { clock, logger: logs, ...(options.eventStore ? { eventStore: options.eventStore } : {}) };
  const app = await createTokenLedgerApp(config, overrides);
  await app.listen({ port, host: '127.0.0.1' });
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    store,
    clock,
    logs,
    allEvents: () => store.readAll({ maxCount: 1_000_000 }),
    close: () => app.close(),
  };
}

/** An ephemeral TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
