'use strict';
/**
 * Starts a fresh Token Ledger as a child process (the built `dist/.../main.js`, exactly what
 * `npm run start:prod` runs) on a free 127.0.0.1 port with a new temporary data directory, and
 * makes sure it dies with the bench: on normal exit, on failure, and on Ctrl-C.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MAIN_JS = path.join(REPO_ROOT, 'dist', 'apps', 'token-service', 'src', 'main.js');

/**
 * The admin/service credential the bench starts the service with. Fixed so runs are alike; it
 * only ever guards a throw-away instance bound to 127.0.0.1.
 */
const ADMIN_TOKEN = 'bench-admin-3f9c1e7a52d84b06a1e9c4d7f0b2a68e5d3c91f4b7a0e6d2c8f5a1b9e3d7c402';

/** Resolves with a port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every live service started here, so the exit hooks can kill them. */
const live = new Set();
let hooksInstalled = false;

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL whatever is still running, remove temp dirs.
  process.on('exit', () => {
    for (const service of live) service.killNow();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal} received, stopping the service\n`);
      process.exit(130);
    });
  }
}

class Service {
  constructor({ child, port, dataDir, baseUrl, profileDir, grpcAddress, ownsDataDir = true }) {
    this.child = child;
    /** False when the caller gave the data directory: it outlives the service (stop leaves it). */
    this.ownsDataDir = ownsDataDir;
    this.port = port;
    /** `127.0.0.1:<port>` of the service's gRPC server. */
    this.grpcAddress = grpcAddress;
    this.dataDir = dataDir;
    this.baseUrl = baseUrl;
    this.profileDir = profileDir;
    this.adminToken = ADMIN_TOKEN;
    this.exited = false;
    this.exitInfo = null;
    /** Last lines the service printed (LOG_LEVEL=warn, so normally none). */
    this.logTail = [];
    this.logLines = 0;
    this.exitPromise = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exited = true;
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
    const collect = (stream) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) {
          if (!line.trim()) continue;
          this.logLines++;
          this.logTail.push(line);
          if (this.logTail.length > 20) this.logTail.shift();
        }
      });
    };
    collect(child.stdout);
    collect(child.stderr);
  }

  /** The demo client's secret, generated into the data directory on first start. */
  demoClientSecret() {
    return fs.readFileSync(path.join(this.dataDir, 'demo-client.secret'), 'utf8').trim();
  }

  /** Polls the discovery document until the service answers 200. */
  async waitReady(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    const url = `${this.baseUrl}/oauth2/default/.well-known/openid-configuration`;
    for (;;) {
      if (this.exited) throw new Error(`service exited during start (${JSON.stringify(this.exitInfo)}):\n${this.logTail.join('\n')}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`service did not answer ${url} within ${timeoutMs} ms:\n${this.logTail.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM (Nest shuts down cleanly, and a CPU profile gets written), SIGKILL after a grace period. */
  async stop(graceMs = 10_000) {
    if (!this.exited) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exitPromise;
      clearTimeout(timer);
    }
    live.delete(this);
    this.removeDataDir();
    return this.exitInfo;
  }

  /** Synchronous last resort for the process 'exit' hook. */
  killNow() {
    if (!this.exited) {
      try {
        this.child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    this.removeDataDir();
  }

  removeDataDir() {
    if (!this.ownsDataDir) return;
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Starts a fresh service. With `profileDir`, node runs with `--cpu-prof` and a small preload
 * that turns Nest's re-raised SIGTERM into a normal exit, so V8 writes the profile.
 * `env` adds variables (the replicas' shared keys and store), `issuerBaseUrl` replaces the
 * service's own address as its public issuer (replicas behind one load balancer share one), and
 * `beforeStart(dataDir)` may put files into the new data directory before the service starts.
 * `dataDir` runs it on an existing directory instead, which stop() leaves in place (a store
 * prepared once and reopened; the caller removes it), and `readyTimeoutMs` allows for the
 * start-up verification of a large log.
 * @param {{ profileDir?: string, sqliteSynchronous?: 'FULL' | 'NORMAL', env?: Record<string, string>, issuerBaseUrl?: string, beforeStart?: (dataDir: string) => void, dataDir?: string, readyTimeoutMs?: number }} [options]
 */
async function startService(options = {}) {
  if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run "nest build token-service" first (npm run bench does)`);
  installExitHooks();
  const port = await freePort();
  const grpcPort = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  // Start from the caller's environment minus every LEDGER_* knob, so nothing set in the
  // shell (another bootstrap file, synchronous=NORMAL, ...) silently changes what is measured.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LEDGER_')));
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_ADMIN_TOKEN: ADMIN_TOKEN,
    LEDGER_ISSUER_BASE_URL: options.issuerBaseUrl ?? baseUrl,
    LOG_LEVEL: 'warn',
    GRPC_PORT: String(grpcPort),
    GRPC_HOST: '127.0.0.1',
    ...options.env,
  });
  options.beforeStart?.(dataDir);
  if (options.sqliteSynchronous) env.LEDGER_SQLITE_SYNCHRONOUS = options.sqliteSynchronous;
  // Keys, not knobs: on EventStoreDB every service process of a run must share them (run.js sets them).
  for (const name of ['LEDGER_KEY_ENCRYPTION_KEY', 'LEDGER_KEY_ENCRYPTION_KEY_FILE', 'LEDGER_TOKEN_KEY']) {
    if (process.env[name]) env[name] = process.env[name];
  }
  delete env.NODE_OPTIONS; // npm may set it; the service gets exactly the flags below
  const nodeArgs = [];
  if (options.profileDir) {
    nodeArgs.push(
      '--cpu-prof',
      `--cpu-prof-dir=${options.profileDir}`,
      '--cpu-prof-name=service.cpuprofile',
      '--require',
      path.join(__dirname, 'service-preload.js'),
    );
  }
  const child = spawn(process.execPath, [...nodeArgs, MAIN_JS], {
    cwd: REPO_ROOT,
    env,
    // stdin stays an open pipe: the profiling preload stops the service when it closes.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => {}); // EPIPE after the child is gone is of no interest
  const service = new Service({ child, port, dataDir, baseUrl, profileDir: options.profileDir, grpcAddress: `127.0.0.1:${grpcPort}`, ownsDataDir: !options.dataDir });
  live.add(service);
  await service.waitReady(options.readyTimeoutMs);
  return service;
}

module.exports = { startService, freePort, REPO_ROOT };
