import * as fs from 'node:fs';
import * as path from 'node:path';
import { intVar, onOffVar } from './env-vars';
import { loadHttpLimitsConfig, type HttpLimitsConfig } from './http-limits.config';
import { loadDpopConfig, type DpopConfig } from './dpop.config';
import { loadReadModelsConfig, type ReadModelsConfig } from './read-models.config';
import { loadRateLimitsConfig, type RateLimitsConfig } from './rate-limits.config';
import { loadKeysConfig, type KeysConfig } from './keys.config';
import { loadRetentionConfig, type RetentionConfig } from './retention.config';
import { loadSealsConfig, type SealsConfig } from './seals.config';

/** Everything the service reads from its environment, parsed once at start. */
export interface LedgerConfig {
  /** HTTP port (`PORT`, default 3000). */
  readonly port: number;
  /** Interface to bind (`HOST`, default 127.0.0.1; set 0.0.0.0 in containers). */
  readonly host: string;
  /** Where the event log, read models and generated credentials live (`LEDGER_DATA_DIR`, default ./data). */
  readonly dataDir: string;
  /** Public base URL; issuers are `<base>/oauth2/<as>` (`LEDGER_ISSUER_BASE_URL`, default http://localhost:<port>). */
  readonly issuerBaseUrl: string;
  /** Bootstrap configuration file (`LEDGER_BOOTSTRAP`, default the repository's config/bootstrap.json). */
  readonly bootstrapFile: string;
  /** `seed` (default): create declared objects that do not exist; `enforce`: reset them to the file at each start (`LEDGER_BOOTSTRAP_MODE`). */
  readonly bootstrapMode: 'seed' | 'enforce';
  /** Admin/service credential (`LEDGER_ADMIN_TOKEN`); generated into the data dir when unset. */
  readonly adminToken: string | undefined;
  /** Auditor credential (`LEDGER_AUDITOR_TOKEN`) for `/api/v1/audit`; generated into the data dir when unset. */
  readonly auditorToken: string | undefined;
  /**
   * Refresh-token server key, base64url ≥ 32 bytes (`LEDGER_TOKEN_KEY`); generated into the data
   * dir when unset on the embedded store, required on EventStoreDB.
   */
  readonly tokenKeyFromEnv: string | undefined;
  /** The key-encryption key that wraps private signing keys, and previous ones (`LEDGER_KEY_ENCRYPTION_KEY*`). */
  readonly keys: KeysConfig;
  /** Maximum request body in bytes (`LEDGER_BODY_LIMIT`, default 16384). */
  readonly bodyLimit: number;
  /** HTTP header, request and keep-alive timeouts and the connection cap (`LEDGER_HTTP_*`). */
  readonly http: HttpLimitsConfig;
  /**
   * EventStoreDB connection string (`EVENTSTORE_URL`, e.g. `esdb://localhost:2113?tls=false`):
   * when set, the service uses EventStoreDB instead of the embedded SQLite store.
   */
  readonly eventStoreUrl: string | undefined;
  /**
   * EventStoreDB timings (`EVENTSTORE_RETRY_BUDGET_MS`, default 8000: how long a call that
   * cannot reach the leader is retried before the request is answered 503, longer than an
   * election with the server's default gossip and election timeouts; `EVENTSTORE_READ_TIMEOUT_MS`,
   * default 5000: the longest wait for a read's next message; `EVENTSTORE_APPEND_TIMEOUT_MS`,
   * default 10000: one append attempt, also sent to the server as its deadline).
   */
  readonly eventStoreTimings: { readonly retryBudgetMs: number; readonly readTimeoutMs: number; readonly appendTimeoutMs: number };
  /** SQLite `synchronous` mode (`LEDGER_SQLITE_SYNCHRONOUS`: FULL (default) or NORMAL). */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Streams whose state the command loop remembers after writing them (`LEDGER_STATE_CACHE_SIZE`, default 50000; 0 = off). */
  readonly stateCacheSize: number;
  /**
   * Whether refreshes sign their tokens on a signing thread, during the commit
   * (`LEDGER_SIGNING_THREAD`: on (default) or off, which signs on the event loop).
   */
  readonly signingThread: boolean;
  /**
   * How far this replica's clock may be behind a family's last event (written by a replica
   * whose clock is ahead) before a refresh is refused with `temporarily_unavailable` instead of
   * being decided at that event's time (`LEDGER_MAX_CLOCK_SKEW_SECONDS`, default 60).
   */
  readonly maxClockSkewMs: number;
  /**
   * The configuration freshness bound (`LEDGER_CONFIG_MAX_STALENESS_MS`, default 1000): a
   * decision that uses a client's or a policy's configuration (client authentication,
   * issuance, refresh, introspection and revocation) is taken only on a registry verified
   * against the head of the log at most this long ago, so a client deactivation, secret
   * rotation or policy change made on another replica is enforced here within it.
   */
  readonly configMaxStalenessMs: number;
  /**
   * Where this replica keeps its configuration registry's snapshot (`LEDGER_REGISTRY_SNAPSHOT`;
   * default `configuration-registry.json` beside the read-model database, or in the data
   * directory when the read models are in memory; `off` = none, every start reads the whole log).
   */
  readonly registrySnapshotFile: string | null;
  /** Pino log level (`LOG_LEVEL`, default info). */
  readonly logLevel: string;
  /** Read models, their retention and the readiness lag bound (`LEDGER_READ_MODELS`, ...). */
  readonly readModels: ReadModelsConfig;
  /** gRPC port (`GRPC_PORT`, default 50051); the same process serves HTTP and gRPC. */
  readonly grpcPort: number;
  /** Interface gRPC binds (`GRPC_HOST`, default: `HOST`). */
  readonly grpcHost: string;
  /** Interval of the revocation feed's heartbeat (`LEDGER_REVOCATION_FEED_HEARTBEAT_MS`, default 15000). */
  readonly revocationFeedHeartbeatMs: number;
  /** Request and credential-failure budgets, per replica (`LEDGER_RATE_LIMIT*`). */
  readonly rateLimits: RateLimitsConfig;
  /** DPoP proofs at the token endpoint: age window and server nonce (`LEDGER_DPOP_*`). */
  readonly dpop: DpopConfig;
  /** Retention of the event log (`LEDGER_RETENTION_DAYS`, default off; `LEDGER_RETENTION_INTERVAL_MS`). */
  readonly retention: RetentionConfig;
  /** Seals (signed Merkle tree heads over the log), the sealing key and the integrity gate (`LEDGER_SEAL*`, `LEDGER_INTEGRITY_*`). */
  readonly seals: SealsConfig;
  /** The built web console served at `/console` (`CONSOLE_DIR`, default the repository's `apps/console/dist`). */
  readonly consoleDir: string;
}

/**
 * The repository's `config/bootstrap.json`, found from this file whether it runs from source
 * (`libs/config/src`) or from the build (`dist/libs/config/src`).
 */
const DEFAULT_BOOTSTRAP_FILE = [3, 4]
  .map((up) => path.resolve(__dirname, ...Array<string>(up).fill('..'), 'config', 'bootstrap.json'))
  .find((candidate) => fs.existsSync(candidate)) ?? path.resolve('config', 'bootstrap.json');

/**
 * The repository's `apps/console/dist` (what `npm run build:console` writes), found from this
 * file like {@link DEFAULT_BOOTSTRAP_FILE}; the source-relative one when it was not built yet.
 */
const DEFAULT_CONSOLE_DIR = ((candidates: string[]) => candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0])(
  [3, 4].map((up) => path.resolve(__dirname, ...Array<string>(up).fill('..'), 'apps', 'console', 'dist')),
);

/** Parses the environment; invalid values fail the start with a message naming the variable. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const sync = (env.LEDGER_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('LEDGER_SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  const base = (env.LEDGER_ISSUER_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(base)) throw new Error('LEDGER_ISSUER_BASE_URL must be an http(s) URL');
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(env.LEDGER_DATA_DIR ?? './data');
  const readModels = loadReadModelsConfig(env, dataDir);
  return {
    port,
    host,
    dataDir,
    issuerBaseUrl: base,
    bootstrapFile: path.resolve(env.LEDGER_BOOTSTRAP ?? DEFAULT_BOOTSTRAP_FILE),
    bootstrapMode: bootstrapModeOf(env.LEDGER_BOOTSTRAP_MODE),
    adminToken: env.LEDGER_ADMIN_TOKEN || undefined,
    auditorToken: env.LEDGER_AUDITOR_TOKEN || undefined,
    tokenKeyFromEnv: env.LEDGER_TOKEN_KEY || undefined,
    keys: loadKeysConfig(env, dataDir),
    bodyLimit: intVar(env, 'LEDGER_BODY_LIMIT', 16384, 1024, 10 * 1024 * 1024),
    http: loadHttpLimitsConfig(env),
    eventStoreUrl: eventStoreUrlOf(env.EVENTSTORE_URL),
    eventStoreTimings: {
      retryBudgetMs: intVar(env, 'EVENTSTORE_RETRY_BUDGET_MS', 8000, 0, 600_000),
      readTimeoutMs: intVar(env, 'EVENTSTORE_READ_TIMEOUT_MS', 5000, 100, 600_000),
      appendTimeoutMs: intVar(env, 'EVENTSTORE_APPEND_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    sqliteSynchronous: sync,
    stateCacheSize: intVar(env, 'LEDGER_STATE_CACHE_SIZE', 50_000, 0, 10_000_000),
    signingThread: onOffVar(env, 'LEDGER_SIGNING_THREAD', true),
    maxClockSkewMs: intVar(env, 'LEDGER_MAX_CLOCK_SKEW_SECONDS', 60, 0, 86_400) * 1000,
    configMaxStalenessMs: intVar(env, 'LEDGER_CONFIG_MAX_STALENESS_MS', 1000, 100, 3_600_000),
    registrySnapshotFile: registrySnapshotFileOf(env.LEDGER_REGISTRY_SNAPSHOT, readModels.file, dataDir),
    logLevel: env.LOG_LEVEL ?? 'info',
    readModels,
    grpcPort: intVar(env, 'GRPC_PORT', 50051, 0, 65535),
    grpcHost: env.GRPC_HOST || host,
    revocationFeedHeartbeatMs: intVar(env, 'LEDGER_REVOCATION_FEED_HEARTBEAT_MS', 15_000, 50, 3_600_000),
    rateLimits: loadRateLimitsConfig(env),
    dpop: loadDpopConfig(env),
    retention: loadRetentionConfig(env, readModels.retentionDays),
    seals: loadSealsConfig(env, readModels.file),
    consoleDir: path.resolve(env.CONSOLE_DIR || DEFAULT_CONSOLE_DIR),
  };
}

function bootstrapModeOf(raw: string | undefined): 'seed' | 'enforce' {
  const mode = (raw ?? 'seed').toLowerCase();
  if (mode !== 'seed' && mode !== 'enforce') throw new Error('LEDGER_BOOTSTRAP_MODE must be seed or enforce');
  return mode;
}

/**
 * The snapshot sits with the read models by default: both are this replica's own, rebuildable
 * state (a snapshot is a fold of a prefix of the log, so one that is missing, unreadable or
 * from another version only costs a full read at start).
 */
function registrySnapshotFileOf(raw: string | undefined, readModelsFile: string, dataDir: string): string | null {
  const value = raw?.trim();
  if (value?.toLowerCase() === 'off') return null;
  if (value) return path.resolve(value);
  const dir = readModelsFile === ':memory:' ? dataDir : path.dirname(readModelsFile);
  return path.join(dir, 'configuration-registry.json');
}

function eventStoreUrlOf(raw: string | undefined): string | undefined {
  const url = raw?.trim();
  if (!url) return undefined;
  // The message never repeats the value: it may carry a password.
  if (!/^esdb(\+discover)?:\/\//i.test(url)) throw new Error('EVENTSTORE_URL must start with esdb:// or esdb+discover://');
  return url;
}

/** Injection token for {@link LedgerConfig}. */
export const LEDGER_CONFIG = Symbol.for('tokenledger.LedgerConfig');
