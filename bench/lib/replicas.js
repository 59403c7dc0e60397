'use strict';
/**
 * `npm run bench -- refresh --store=emulator --replicas=N`: the refresh scenario over several
 * service processes on one EventStoreDB cluster (the in-repo emulator in a process of its own,
 * 3 nodes unless `--nodes=1`), as a deployment with replicas behind a load balancer runs.
 *
 * Each replica is a fresh `dist/.../main.js` with its own data directory (its own read models,
 * nothing shared on disk) and the same refresh-token key and key-encryption key; the bench
 * issues the families, then drives the chains with one autocannon run per replica, all at once,
 * `connections / N` kept-alive connections each. Two routings (`--routing=alternate|sticky|both`,
 * default both, each with fresh families):
 *
 *   alternate  every refresh of a chain goes to another replica than the one before: the next
 *              replica never holds the family's state and reads it from the store (the worst
 *              case of a balancer that ignores the family; `4 x connections` chains, so that
 *              a replica rarely finds none waiting when the other one is ahead: a connection
 *              that finds none takes one of the other replica's, counted as `poolMisses`);
 *   sticky     each chain stays on one replica (a balancer routing by the family id the refresh
 *              token names, docs/running-several-replicas.md): its state stays cached there.
 *
 * Figures per routing: refreshes/s and latency percentiles over every replica's answers
 * together; appends and reads per refresh from the emulator's call counts (its control API,
 * `GET /status`) over the measured window divided by the refreshes answered in it; server CPU
 * (every replica and the emulator, from /proc) per refresh. Then every chain's newest token
 * must still refresh, on the replica its routing would send it to next.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { runCannon, timeline } = require('./cannon');
const { ChainBook } = require('./chains');
const { processesCpuMeter } = require('./cpu');
const { basicAuth, issueFamilies, refreshForm, TOKEN_PATH } = require('./families');
const { HttpClient } = require('./http');
const { startService, REPO_ROOT } = require('./service');
const { summarize, round } = require('./stats');

const ROUTINGS = ['alternate', 'sticky'];

/**
 * Starts the emulator (`test/esdb-emulator/serve.ts` from source, as `npm run esdb-emulator`)
 * on ephemeral ports; resolves with its connection string and, when it printed one, the URL of
 * its control API. It is killed when the bench exits (and stops by itself should the bench
 * vanish: test/support/die-with-parent.js).
 * @param {{ nodes?: number, control?: boolean }} [options]
 */
function startEmulatorProcess(options = {}) {
  const args = ['--port', '0'];
  if (options.nodes) args.push('--nodes', String(options.nodes));
  const controlPort = options.control ? 20_000 + crypto.randomInt(12_000) : undefined;
  if (controlPort) args.push('--control-port', String(controlPort));
  const child = spawn(
    process.execPath,
    ['-r', path.join(REPO_ROOT, 'test/support/die-with-parent.js'), '-r', path.join(REPO_ROOT, 'test/support/register-ts.js'), path.join(REPO_ROOT, 'test/esdb-emulator/serve.ts'), ...args],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.on('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    let noControl;
    const done = (controlUrl) => {
      clearTimeout(noControl);
      resolve({ connectionString: out.split('\n')[0].trim(), controlUrl, pid: child.pid, child });
    };
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n').slice(0, -1);
      if (lines.length === 1 && controlPort && !noControl) {
        // An emulator that predates the control API prints no second line: no call counts then.
        noControl = setTimeout(() => done(undefined), 2000);
      } else if (lines.length === 1 && !controlPort) done(undefined);
      else if (lines.length >= 2) done(/^control (http:\/\/\S+)$/.exec(lines[1].trim())?.[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

/** Calls received by the emulator, by RPC (for BatchAppend: appends), or null without a control API. */
async function emulatorCalls(controlUrl) {
  if (!controlUrl) return null;
  try {
    const res = await fetch(`${controlUrl}/status`, { signal: AbortSignal.timeout(5000) });
    const status = await res.json();
    return status.calls ?? status.callCounts ?? null;
  } catch {
    return null;
  }
}

/**
 * The chains, in one free list per replica: a connection to replica r takes its next chain from
 * r's list; an answered chain goes back to the list of the replica its routing picks next.
 */
class RoutedChainBook extends ChainBook {
  constructor(families, replicas, routing) {
    super(families);
    this.replicas = replicas;
    this.routing = routing;
    this.pools = Array.from({ length: replicas }, () => []);
    for (const chain of this.chains) {
      chain.replica = chain.id % replicas; // where it was issued
      this.pools[chain.replica].push(chain);
    }
  }

  resetCounters() {
    super.resetCounters();
    this.counters.poolMisses = 0;
  }

  /** Where the chain's next refresh goes. */
  next(chain) {
    return this.routing === 'alternate' ? (chain.replica + 1) % this.replicas : chain.replica;
  }

  /** A chain for a connection of `replica`; from another replica's list only if its own is empty (counted). */
  claimFor(replica) {
    let chain = this.pools[replica].pop();
    if (!chain) {
      chain = this.pools.find((pool) => pool.length > 0)?.pop();
      if (chain) this.counters.poolMisses++;
    }
    if (!chain) {
      this.counters.noFreeChain++;
      return null;
    }
    this.send(chain);
    chain.replica = replica;
    return chain;
  }

  answer(chain, status, body) {
    const ok = super.answer(chain, status, body);
    if (ok) {
      this.free.pop(); // ChainBook's single list is not used here
      this.pools[this.next(chain)].push(chain);
    }
    return ok;
  }
}

function routedRequests(book, replica, secret) {
  return [
    {
      method: 'POST',
      path: TOKEN_PATH,
      headers: { authorization: basicAuth(secret), 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest(req, context) {
        const chain = book.claimFor(replica);
        context.chain = chain;
        req.body = refreshForm(chain ? chain.refreshToken : 'tlr1.no-free-chain.0.x.x');
        return req;
      },
      onResponse(status, body, context) {
        if (context.chain) book.answer(context.chain, status, body);
      },
    },
  ];
}

/**
 * Starts the emulator and `replicas` services; answers `{ emulator, services, stop }`.
 * @param {{ replicas: number, nodes: number, eventStoreUrl?: string, log: Function }} o
 */
async function startCluster(o) {
  // EVENTSTORE_URL without --store=emulator: a real server (no call counts, no emulator CPU).
  const emulator = o.eventStoreUrl ? null : await startEmulatorProcess({ nodes: o.nodes, control: true });
  if (emulator) o.log(`emulator up: ${emulator.connectionString}${emulator.controlUrl ? `, control ${emulator.controlUrl}` : ' (no control API: no call counts)'}`);
  // What every replica must share (docs/running-several-replicas.md); generated per run.
  const shared = {
    EVENTSTORE_URL: emulator ? emulator.connectionString : o.eventStoreUrl,
    LEDGER_TOKEN_KEY: crypto.randomBytes(32).toString('base64url'),
    LEDGER_KEY_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64url'),
  };
  const services = [];
  for (let i = 0; i < o.replicas; i++) {
    const service = await startService({
      env: shared,
      // The demo client's secret is generated into the first replica's data directory and
      // recorded (hashed) in the store; the others are given the same file.
      beforeStart: (dataDir) => {
        if (i > 0) fs.copyFileSync(path.join(services[0].dataDir, 'demo-client.secret'), path.join(dataDir, 'demo-client.secret'));
      },
      // One public issuer, as behind one load balancer.
      issuerBaseUrl: services[0]?.baseUrl,
    });
    o.log(`replica ${i} up at ${service.baseUrl} (data ${service.dataDir})`);
    services.push(service);
  }
  return {
    emulator,
    services,
    stop: async () => {
      const exits = await Promise.all(services.map((s) => s.stop()));
      emulator?.child.kill('SIGTERM');
      return exits;
    },
  };
}

/**
 * One routing's run: fresh families, warm-up, measured window, sanity check.
 * @param {{ cluster, secret: string, routing: 'alternate'|'sticky', connections: number, warmupSec: number, durationSec: number, log: Function }} ctx
 */
async function runReplicatedRefresh(ctx) {
  const { cluster, secret, routing, connections, warmupSec, durationSec, log } = ctx;
  const { services, emulator } = cluster;
  const n = services.length;
  const perReplica = Math.max(1, Math.floor(connections / n));
  const chainCount = routing === 'alternate' ? 4 * perReplica * n : perReplica * n;
  log(`refresh ${routing}: issuing ${chainCount} families over ${n} replicas`);
  const https = services.map((s) => new HttpClient(s.baseUrl));
  const families = [];
  for (let i = 0; i < chainCount; i++) {
    // Family i is issued on replica i % n (RoutedChainBook starts it there).
    const [family] = await issueFamilies(https[i % n], services[i % n], 1, `replicas-${routing}-${i}`);
    families.push(family);
  }
  const book = new RoutedChainBook(families, n, routing);
  const counts = () => book.chains.map((c) => c.refreshes);

  const pids = Object.fromEntries([...(emulator ? [['emulator', emulator.pid]] : []), ...services.map((s, i) => [`replica${i}`, s.child.pid])]);
  let cpu = () => null;
  let callsBefore = Promise.resolve({ calls: null, refreshes: 0 });
  const answered = () => book.chains.reduce((sum, c) => sum + c.refreshes, 0);
  let beforeMeasured = counts();
  let warmupChains = null;
  log(`refresh ${routing}: warm-up ${warmupSec} s, then measured ${durationSec} s, ${perReplica} connections per replica`);
  const runs = await Promise.all(
    services.map((service, r) =>
      runCannon({
        url: service.baseUrl,
        title: `refresh-${routing}-replica${r}`,
        connections: perReplica,
        warmupSec,
        durationSec,
        requests: routedRequests(book, r, secret),
        servicePid: service.child.pid,
        keepLatencies: true,
        // The runs start together; the first one's warm-up end marks the measured window.
        onMeasuredStart:
          r === 0
            ? () => {
                cpu = processesCpuMeter(pids);
                // The counts arrive while the load goes on: the refreshes they stand against are
                // taken half-way between asking and getting them.
                const asked = answered();
                callsBefore = emulatorCalls(emulator?.controlUrl).then((calls) => ({ calls, refreshes: (asked + answered()) / 2 }));
                warmupChains = book.figures(counts(), { midRun: true });
                book.resetCounters();
                beforeMeasured = counts();
              }
            : undefined,
      }),
    ),
  );
  const cpuFigures = cpu();
  // After the drain nothing is in flight: these counts and the refreshes answered agree.
  const { calls: before, refreshes: refreshesAtBefore } = await callsBefore;
  const after = await emulatorCalls(emulator?.controlUrl);
  const refreshesBetweenCounts = answered() - refreshesAtBefore;
  const chains = book.figures(beforeMeasured);

  log(`refresh ${routing}: sanity check of every chain`);
  let sanity;
  try {
    sanity = await book.sanityCheck((token) => {
      const chain = book.chains.find((c) => c.refreshToken === token);
      const target = chain ? book.next(chain) : 0;
      return https[target].request('POST', TOKEN_PATH, {
        headers: { authorization: basicAuth(secret) },
        form: { grant_type: 'refresh_token', scope: 'openid offline_access', refresh_token: token },
      });
    });
  } catch (error) {
    sanity = { chains: book.chains.length, ok: 0, failed: book.chains.length, error: String(error && error.message) };
  }
  for (const h of https) h.agent.destroy();

  // Every replica's answers together.
  const latencies = runs.flatMap((run) => run.latenciesRaw);
  const start = Math.min(...runs.map((run) => run.measuredStartedAt));
  const endedAt = runs.flatMap((run) => run.endedAtMsRaw.map((ms) => ms + run.measuredStartedAt - start));
  const elapsedSec = Math.max(...runs.map((run) => run.durationSec));
  const requests = latencies.length;
  const sum = (pick) => runs.reduce((total, run) => total + pick(run), 0);
  const statusCounts = {};
  for (const run of runs) for (const [code, c] of Object.entries(run.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + c;
  const non2xx = sum((run) => run.non2xx);
  const unanswered = sum((run) => run.unanswered);
  const socketErrors = sum((run) => run.socketErrors);
  const timeouts = sum((run) => run.timeouts);
  const errors = non2xx + Math.max(unanswered, socketErrors + timeouts) + chains.reusedTokens + chains.malformedAnswers;

  const delta = (method) => (before && after && after[method] !== undefined ? after[method] - (before[method] ?? 0) : null);
  const perRefresh = (x) => (x === null || refreshesBetweenCounts <= 0 ? null : round(x / refreshesBetweenCounts, 3));
  const appends = delta('BatchAppend') === null && delta('Append') === null ? null : (delta('BatchAppend') ?? 0) + (delta('Append') ?? 0);
  const serverCpuSec = cpuFigures ? Object.values(cpuFigures.processCpuSec).reduce((s, x) => s + (x ?? 0), 0) : null;

  return {
    endpoint: `POST ${TOKEN_PATH} (grant_type=refresh_token, rotation, client_secret_basic) on ${n} replicas, ${routing} routing`,
    routing,
    replicas: n,
    connections: perReplica * n,
    connectionsPerReplica: perReplica,
    chains: { count: chainCount, ...chains },
    pipelining: 1,
    targetDurationSec: durationSec,
    durationSec: elapsedSec,
    requests,
    requestsPerSec: round(requests / elapsedSec, 1),
    latencyMs: summarize(latencies),
    latencyTimeline: timeline(endedAt, latencies),
    statusCounts,
    non2xx,
    socketErrors,
    timeouts,
    unanswered,
    errors,
    perReplica: runs.map((run, r) => ({ replica: r, requests: run.requests, requestsPerSec: run.requestsPerSec, latencyMs: run.latencyMs, non2xx: run.non2xx })),
    perRefresh: {
      // With two replicas a pool miss is a refresh on the replica that served the chain last.
      ...(routing === 'alternate' && requests > 0 ? { onAnotherReplicaShare: round(1 - chains.poolMisses / requests, 3) } : {}),
      appends: perRefresh(appends),
      reads: perRefresh(delta('Read')),
      serverCpuMs: serverCpuSec === null || requests === 0 ? null : round((serverCpuSec * 1000) / requests, 3),
    },
    emulatorCalls: before && after ? { before, after, refreshesBetween: refreshesBetweenCounts } : null,
    cpuCores: cpuFigures && { ...cpuFigures, serviceCores: cpuFigures.serverCores },
    sanity,
    warmup: { chains: warmupChains, requests: sum((run) => run.warmup?.requests ?? 0) },
  };
}

/**
 * The store of a single service process (the default scenarios and `--peer`): with
 * `storeEmulator` (and no EVENTSTORE_URL), starts the emulator and points EVENTSTORE_URL at it.
 * On EventStoreDB the service refuses to generate its keys (replicas share no disk): one of each
 * for this run, in process.env for every service process it starts, unless the caller gave its
 * own. Answers the emulator (`{ child, pid, ... }`) or undefined.
 */
async function useEventStoreFromOptions({ storeEmulator }) {
  const emulator = storeEmulator && !process.env.EVENTSTORE_URL ? await startEmulatorProcess() : undefined;
  if (emulator) process.env.EVENTSTORE_URL = emulator.connectionString;
  if (process.env.EVENTSTORE_URL) {
    for (const name of ['LEDGER_KEY_ENCRYPTION_KEY', 'LEDGER_TOKEN_KEY']) {
      if (!process.env[name] && !(name === 'LEDGER_KEY_ENCRYPTION_KEY' && process.env.LEDGER_KEY_ENCRYPTION_KEY_FILE)) {
        process.env[name] = crypto.randomBytes(32).toString('base64url');
      }
    }
  }
  return emulator;
}

module.exports = { ROUTINGS, startCluster, startEmulatorProcess, useEventStoreFromOptions, runReplicatedRefresh };
