#!/usr/bin/env node
'use strict';
/**
 * Token Ledger benchmark: `npm run bench [-- <scenario>...] [--profile]`.
 *
 * `npm run bench` builds the service (`nest build token-service`), then this script starts a
 * FRESH instance as a child process (`node dist/apps/token-service/src/main.js`: a free port on
 * 127.0.0.1, a new temporary data directory, a fixed admin token, LOG_LEVEL=warn, the default
 * `config/bootstrap.json`, embedded SQLite store with its default synchronous=FULL), waits for
 * the discovery document, runs the scenarios against it, stops it and deletes its data.
 *
 * Scenarios (default: all four, in this order, against the same instance):
 *
 *   refresh     POST /oauth2/default/v1/token, grant_type=refresh_token, Basic client auth.
 *               100 connections, pipelining 1, one token family per connection; each connection
 *               continues its own chain (rotation: every refresh token is presented exactly
 *               once, the next request uses the token the previous answer returned). 3 s
 *               warm-up, then 10 s measured, continuing the same chains; then every chain's
 *               newest token must still refresh. Any non-2xx, socket error, timeout, lost
 *               answer or token presented twice counts as an error.
 *   introspect  POST /oauth2/default/v1/introspect with ~100 access tokens in rotation, Basic
 *               client auth, 100 connections, 3 s warm-up, 10 s measured; answers must be
 *               active.
 *   history     SPEC §4: refresh latency must not grow with a family's history. Sequential
 *               refreshes over one keep-alive connection: 2,000 at generations 0-1,999, then
 *               the family is advanced to generation 20,000 and 2,000 more are timed,
 *               interleaved with 2,000 refreshes of a fresh control family. p50/mean compared.
 *   client-credentials  (only when named) POST /oauth2/default/v1/token with
 *               grant_type=client_credentials (scope api:read, Basic client auth), 100
 *               connections, 3 s warm-up, 10 s measured: every answer starts a family (one
 *               durable TokenIssued) and carries a signed access token, no refresh token.
 *   projections (only when named; no service) rebuild of the read models from 1,000,000
 *               token-family events written straight into a fresh embedded store: events/s and
 *               peak RSS of a new read-model database's build and of a rebuild beside it
 *               (lib/projections.js). `--projection-events=N` changes the size of the log.
 *   seal        (only when named; no service) the ledger's seals over 500,000 chained
 *               token-family events in a fresh embedded store: events/s of a first seal over the
 *               whole log and of an incremental one, and of `verify` (chains, Merkle tree,
 *               seals, gaps) over the sealed log (lib/seal.js). `--seal-events=N` changes the size.
 *   grpc        the refresh scenario over gRPC (TokenService/RefreshTokens, Basic credentials in
 *               metadata): as many chains as connections, in flight together, each continuing its
 *               own chain, 3 s warm-up, 10 s measured, then the sanity check; the load generator
 *               is @grpc/grpc-js in this process (lib/grpc.js). `npm run bench -- refresh grpc`
 *               puts both transports side by side on one instance.
 *   families-scale  (only when named; starts its own services) the refresh scenario on a fresh
 *               store and on a store holding 1,000,000 live token families issued before the
 *               run (appended straight into the embedded store, then the service started on
 *               it), alternating fresh/big for `--rounds=N` rounds (default 2): refreshes/s,
 *               p50/p99 and service CPU per refresh of each, and big/fresh CPU per refresh
 *               (issue 18's bar: within 10%) (lib/families-scale.js). `--live-families=N`.
 *   soak        (only when named; starts its own service) one refresh load, 100 connections,
 *               for 10 minutes (`--soak-minutes=N`), the service's RSS sampled every second:
 *               RSS at 1 minute and at the end (issue 18's bar: within 20%), peak, refreshes/s
 *               and CPU per refresh per minute, the data directory's size (lib/soak.js).
 *
 * What the figures are: requests/s is answered requests / wall time of the measured run
 * (from the first request to the last answer, including a graceful drain of the requests in
 * flight at the deadline, see lib/cannon.js). Latencies are per request, measured by the load
 * generator from writing the request to the end of the answer, with sub-millisecond
 * resolution (exact percentiles over every request, not a histogram). It is a closed loop:
 * 100 connections each wait for their answer, so latency ~ connections / throughput.
 *
 * Warm-up and measured window are one autocannon run on the same 100 kept-alive connections
 * (lib/cannon.js): the window starts under steady load. autocannon opens its connections all
 * at once at the start of the warm-up, and a busy Node.js process accepts one new connection per
 * event-loop turn, so that transient stays in the warm-up. (Run as two separate runs, it put a
 * p99 of 30-250 ms into the first 100-300 ms of every measured run.)
 * `latencyTimeline` has p50 and p99 per 100 ms window of the run: a stall that recurs shows
 * as windows with a high p99 at a fixed period (the stdout line counts windows whose p99 is
 * over twice the run's p50).
 *
 * The machine is shared: the load generator (autocannon, in this very process, parsing every
 * answer to follow the chains) runs on the same 2 cores as the service, and the loopback TCP
 * work of both ends is kernel time on those cores too. The service therefore never has the
 * machine to itself and the figures are conservative: the same service with its clients on
 * other machines would do at least as well. How much it matters is measured, not guessed: each
 * result records the cores used by the service, by this process and by everything else during
 * the measured run (lib/cpu.js). On the reference machine the generator needs about 0.1-0.3
 * of a core, and the service, one Node.js process whose request work all runs on one JS thread
 * (better-sqlite3 is synchronous), saturates about one core; it is that thread, not the
 * generator, that bounds the throughput.
 *
 * Results: bench/results/<ISO time>-<scenarios>.json and bench/results/latest.json, plus a
 * compact table on stdout. With --profile the service runs under `node --cpu-prof`; the
 * profile (bench/results/<ISO time>-<scenarios>.cpuprofile, git-ignored) and a summary of the
 * top self-time functions during the measured refresh run go into
 * <ISO time>-<scenarios>-profile.json. A profiled run is slower, so it does not replace
 * latest.json.
 *
 * Other load on the machine lowers every figure. The bench measures how busy the machine is
 * before it starts (and how much CPU went to other processes during each measured run, see
 * lib/cpu.js), records both, and warns; `--wait-quiet[=S]` first waits up to S seconds
 * (default 300) for the machine to be idle (< 0.25 cores busy).
 *
 * Options (for quick local tries and comparisons; the defaults are the reference settings,
 * and only runs with the reference store settings replace latest.json):
 *   --connections=N  --duration=S  --warmup=S  --history-length=N  --history-sample=N
 *   --sqlite-synchronous=NORMAL   the service's LEDGER_SQLITE_SYNCHRONOUS (default FULL: an
 *                                 fsync per group commit), to see what durability costs
 *
 * Several replicas (lib/replicas.js): `npm run bench -- refresh --store=emulator --replicas=2
 * [--nodes=1|3] [--routing=alternate|sticky|both]` starts the emulator as its own process (3
 * nodes by default) and that many service processes, each with its own data directory, and
 * runs the refresh scenario over all of them at once, once per routing (a chain's refreshes
 * alternating between replicas, or each chain sticky to one). It reports refreshes/s and
 * latency over every replica's answers, appends and reads per refresh (the emulator's call
 * counts) and server CPU per refresh (replicas and emulator, /proc). Only `refresh` runs there. *
 * Against a reference peer (lib/peer.js): `npm run bench -- --peer [refresh] [introspect]
 * [--rounds=N] [--store=emulator]` starts this service (durable store, defaults) and
 * node-oidc-provider (the devDependency `oidc-provider`, bench/peer/oidc-provider.mjs: refresh
 * token rotation, ES256 JWT access tokens for a default resource, ES256 ID tokens,
 * client_secret_basic, an in-memory store that never evicts, NODE_ENV=production), and runs
 * each scenario on them alternately (A B A B: `--rounds=N` pairs, default 2) with the same
 * load generator and settings. It writes both results, the server CPU per request (/proc, all
 * threads) and the ratios to bench/results/<ISO time>-peer.json (not latest.json) and prints
 * them; every chain of both systems must still refresh afterwards. With --store=emulator the
 * service runs on the in-repo EventStoreDB emulator (its process's CPU counted as the service's).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { HttpClient } = require('./lib/http');
const { startService } = require('./lib/service');
const { runRefresh } = require('./lib/refresh');
const { runIntrospect } = require('./lib/introspect');
const { runClientCredentials } = require('./lib/client-credentials');
const { runHistory } = require('./lib/history');
const { runProjections } = require('./lib/projections');
const { runSeal } = require('./lib/seal');
const { runGrpcRefresh } = require('./lib/grpc');
const { runFamiliesScale } = require('./lib/families-scale');
const { runSoak } = require('./lib/soak');
const { summarizeProfile } = require('./lib/profile');
const replicated = require('./lib/replicas');
const { machineBusyCores } = require('./lib/cpu');
const report = require('./lib/report');
const { runPeerComparison, SCENARIOS: PEER_SCENARIOS } = require('./lib/peer');

const SCENARIOS = ['refresh', 'introspect', 'history', 'grpc'];
/** Scenarios against the service that run only when named. */
const ON_REQUEST = ['client-credentials'];
/** Scenarios that need no running service, run only when named (see lib/projections.js). */
const STANDALONE = ['projections', 'seal'];
/** Scenarios that start (and stop) services of their own, run only when named. */
const SELF_SERVED = ['families-scale', 'soak'];

function usage(message) {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    'usage: npm run bench [-- [refresh] [introspect] [history] [grpc] [client-credentials] [projections] [--projection-events=N] [seal] [--seal-events=N] [families-scale] [--live-families=N] [--rounds=N] [soak] [--soak-minutes=N] [--profile] [--wait-quiet[=S]] [--sqlite-synchronous=FULL|NORMAL] [--store=emulator] [--replicas=N [--nodes=1|3] [--routing=alternate|sticky|both]] [--connections=N] [--duration=S] [--warmup=S] [--history-length=N] [--history-sample=N]]\n' +
      '       npm run bench -- --peer [refresh] [introspect] [--rounds=N] [--store=emulator] [--sqlite-synchronous=FULL|NORMAL] [--wait-quiet[=S]] [--connections=N] [--duration=S] [--warmup=S]\n',
  );
  process.exit(message ? 2 : 0);
}

function parseArgs(argv) {
  const opts = {
    scenarios: [],
    profile: false,
    connections: 100,
    durationSec: 10,
    warmupSec: 3,
    historyLength: 20_000,
    historySample: 2_000,
    historyWarmup: 500,
    waitQuietSec: 0,
    sqliteSynchronous: 'FULL',
    projectionEvents: 1_000_000,
    sealEvents: 500_000,
    liveFamilies: 1_000_000,
    rounds: 2,
    soakMinutes: 10,
    replicas: 1,
    nodes: undefined,
    routings: replicated.ROUTINGS,
    peer: false,
  };
  const numeric = { '--connections': 'connections', '--duration': 'durationSec', '--warmup': 'warmupSec', '--history-length': 'historyLength', '--history-sample': 'historySample', '--wait-quiet': 'waitQuietSec', '--projection-events': 'projectionEvents', '--seal-events': 'sealEvents', '--replicas': 'replicas', '--live-families': 'liveFamilies', '--rounds': 'rounds', '--soak-minutes': 'soakMinutes' };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') usage();
    else if (arg === '--profile') opts.profile = true;
    else if (arg === '--wait-quiet') opts.waitQuietSec = 300;
    else if (/^--sqlite-synchronous=(FULL|NORMAL)$/i.test(arg)) opts.sqliteSynchronous = arg.split('=')[1].toUpperCase();
    else if (arg === '--store=emulator') opts.storeEmulator = true;
    else if (arg === '--peer') opts.peer = true;
    else if (/^--nodes=(1|3)$/.test(arg)) opts.nodes = Number(arg.split('=')[1]);
    else if (/^--routing=(alternate|sticky|both)$/.test(arg)) opts.routings = arg.endsWith('both') ? replicated.ROUTINGS : [arg.split('=')[1]];
    else if (SCENARIOS.includes(arg) || ON_REQUEST.includes(arg) || STANDALONE.includes(arg) || SELF_SERVED.includes(arg)) {
      if (!opts.scenarios.includes(arg)) opts.scenarios.push(arg);
    } else if (arg.includes('=') && numeric[arg.split('=')[0]]) {
      const [key, raw] = arg.split('=');
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0) usage(`${key} needs a positive number`);
      opts[numeric[key]] = n;
    } else usage(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (opts.peer) {
    if (opts.scenarios.some((s) => !PEER_SCENARIOS.includes(s))) usage(`--peer runs ${PEER_SCENARIOS.join(' and ')} only`);
    if (opts.profile || opts.replicas > 1) usage('--peer runs one service, unprofiled: not with --profile or --replicas');
    if (!Number.isInteger(opts.rounds)) usage('--rounds needs a whole number');
    if (opts.scenarios.length === 0) opts.scenarios = [...PEER_SCENARIOS];
  }
  if (opts.scenarios.length === 0) opts.scenarios = [...SCENARIOS];
  const order = [...SCENARIOS, ...ON_REQUEST, ...STANDALONE, ...SELF_SERVED];
  opts.scenarios.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (opts.profile && !opts.scenarios.includes('refresh')) usage('--profile profiles the refresh load: include the refresh scenario');
  if (opts.historySample >= opts.historyLength) usage('--history-sample must be smaller than --history-length');
  if (!Number.isInteger(opts.replicas)) usage('--replicas needs a whole number');
  if (!Number.isInteger(opts.rounds) || !Number.isInteger(opts.liveFamilies)) usage('--rounds and --live-families need whole numbers');
  if (opts.replicas > 1) {
    if (!opts.storeEmulator && !process.env.EVENTSTORE_URL) usage('--replicas needs one event store for all of them: --store=emulator (or EVENTSTORE_URL)');
    if (opts.scenarios.some((s) => s !== 'refresh')) usage('--replicas runs the refresh scenario only: name it alone (npm run bench -- refresh --replicas=2 ...)');
    if (opts.profile) usage('--profile profiles one service: not with --replicas');
  } else if (opts.nodes !== undefined || opts.routings !== replicated.ROUTINGS) usage('--nodes and --routing go with --replicas=N (N > 1)');
  return opts;
}

const t0 = Date.now();
const log = (msg) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const name = opts.scenarios.length === SCENARIOS.length ? 'all' : opts.scenarios.join('+');
  const doc = {
    startedAt: new Date().toISOString(),
    machine: report.machine(),
    git: report.git(),
    // EVENTSTORE_URL (a real server) or --store=emulator selects the EventStoreDB adapter.
    store: process.env.EVENTSTORE_URL || opts.storeEmulator ? 'eventstoredb' : 'sqlite',
    eventStore: opts.storeEmulator ? 'in-repo emulator (test/esdb-emulator), same machine' : process.env.EVENTSTORE_URL ? 'EVENTSTORE_URL' : 'embedded SQLite',
    sqliteSynchronous: opts.sqliteSynchronous,
    loadGenerator: `autocannon ${report.autocannonVersion()} in the bench process, same machine (shares the CPUs with the service)`,
    settings: {
      scenarios: opts.scenarios,
      connections: opts.connections,
      pipelining: 1,
      warmupSec: opts.warmupSec,
      durationSec: opts.durationSec,
      historyLength: opts.historyLength,
      historySample: opts.historySample,
      profiled: opts.profile,
    },
    scenarios: {},
  };

  const QUIET = 0.25;
  let busy = await machineBusyCores(1000);
  const waitUntil = Date.now() + opts.waitQuietSec * 1000;
  while (busy !== null && busy >= QUIET && Date.now() < waitUntil) {
    log(`machine busy (${busy} cores used by other processes), waiting for it to be idle`);
    busy = await machineBusyCores(5000);
  }
  doc.machine.busyCoresBeforeStart = busy;
  if (busy !== null && busy >= QUIET) {
    log(`WARNING: other processes keep ${busy} of ${doc.machine.cpuCount} cores busy; the figures will be lower than on an idle machine`);
  }

  if (opts.replicas > 1) {
    process.exitCode = (await mainReplicated(opts, doc)) ? 1 : 0;
    return;
  }
  if (opts.peer) {
    process.exitCode = (await runPeerComparison({ opts, doc, log })) ? 1 : 0;
    return;
  }

  let failed = false;
  // The projections scenario needs no service: it runs first, alone on the machine.
  if (opts.scenarios.includes('projections')) {
    doc.settings.projectionEvents = opts.projectionEvents;
    try {
      doc.scenarios.projections = await runProjections({ log, events: opts.projectionEvents });
      if (doc.scenarios.projections.error) failed = true;
    } catch (error) {
      failed = true;
      doc.scenarios.projections = { error: error instanceof Error ? error.message : String(error) };
      log(`projections FAILED: ${doc.scenarios.projections.error}`);
    }
  }
  if (opts.scenarios.includes('seal')) {
    doc.settings.sealEvents = opts.sealEvents;
    try {
      doc.scenarios.seal = await runSeal({ log, events: opts.sealEvents });
      if (doc.scenarios.seal.error) failed = true;
    } catch (error) {
      failed = true;
      doc.scenarios.seal = { error: error instanceof Error ? error.message : String(error) };
      log(`seal FAILED: ${doc.scenarios.seal.error}`);
    }
  }
  // These start services of their own, one after another, before the shared one is started.
  for (const scenario of opts.scenarios.filter((s) => SELF_SERVED.includes(s))) {
    const settings = { connections: opts.connections, sqliteSynchronous: opts.sqliteSynchronous, log };
    try {
      if (scenario === 'families-scale') {
        Object.assign(doc.settings, { liveFamilies: opts.liveFamilies, rounds: opts.rounds });
        doc.scenarios[scenario] = await runFamiliesScale({ ...settings, liveFamilies: opts.liveFamilies, rounds: opts.rounds, warmupSec: opts.warmupSec, durationSec: opts.durationSec });
      } else {
        doc.settings.soakMinutes = opts.soakMinutes;
        doc.scenarios[scenario] = await runSoak({ ...settings, minutes: opts.soakMinutes });
      }
      if (doc.scenarios[scenario].error) failed = true;
    } catch (error) {
      failed = true;
      doc.scenarios[scenario] = { error: error instanceof Error ? error.message : String(error) };
      log(`${scenario} FAILED: ${doc.scenarios[scenario].error}`);
    }
  }
  const serviceScenarios = opts.scenarios.filter((s) => SCENARIOS.includes(s) || ON_REQUEST.includes(s));
  if (serviceScenarios.length === 0) {
    doc.finishedAt = new Date().toISOString();
    const files = report.writeResults(doc, name, { latest: false });
    printProjections(doc.scenarios.projections);
    printSeal(doc.scenarios.seal);
    printFamiliesScale(doc.scenarios['families-scale']);
    printSoak(doc.scenarios.soak);
    process.stdout.write(`results: ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
    if (failed) process.stderr.write('bench: errors occurred (see the results file)\n');
    process.exitCode = failed ? 1 : 0;
    return;
  }

  const profileDir = opts.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-prof-')) : undefined;
  log(`starting a fresh service${opts.profile ? ' under --cpu-prof' : ''}`);
  // The emulator's process (its stdout pipe) would keep the bench alive: stopped below.
  const emulator = await replicated.useEventStoreFromOptions(opts);
  const service = await startService({ profileDir, sqliteSynchronous: opts.sqliteSynchronous });
  log(`service up at ${service.baseUrl} (data ${service.dataDir})`);
  const http = new HttpClient(service.baseUrl);
  const secret = service.demoClientSecret();
  const ctx = { service, http, secret, log, connections: opts.connections, warmupSec: opts.warmupSec, durationSec: opts.durationSec };

  let refreshWindow = null;
  let accessTokens;
  for (const scenario of serviceScenarios) {
    if (service.exited) {
      failed = true;
      doc.scenarios[scenario] = { error: `not run: the service exited (${JSON.stringify(service.exitInfo)})` };
      continue;
    }
    try {
      if (scenario === 'refresh') {
        const { result, book, window } = await runRefresh(ctx);
        doc.scenarios.refresh = result;
        refreshWindow = window;
        accessTokens = book.chains.map((c) => c.accessToken);
        if (result.errors > 0 || result.sanity.failed > 0) failed = true;
      } else if (scenario === 'introspect') {
        doc.scenarios.introspect = await runIntrospect({ ...ctx, accessTokens });
        if (doc.scenarios.introspect.errors > 0) failed = true;
      } else if (scenario === 'history') {
        doc.scenarios.history = await runHistory({
          ...ctx,
          length: opts.historyLength,
          sample: opts.historySample,
          warmup: opts.historyWarmup,
        });
      } else if (scenario === 'grpc') {
        doc.scenarios.grpc = await runGrpcRefresh(ctx);
        if (doc.scenarios.grpc.errors > 0 || doc.scenarios.grpc.sanity.failed > 0) failed = true;
      } else if (scenario === 'client-credentials') {
        doc.scenarios['client-credentials'] = await runClientCredentials(ctx);
        if (doc.scenarios['client-credentials'].errors > 0) failed = true;
      }
    } catch (error) {
      failed = true;
      doc.scenarios[scenario] = { error: error instanceof Error ? error.message : String(error) };
      log(`${scenario} FAILED: ${doc.scenarios[scenario].error}`);
    }
  }

  http.close();
  log('stopping the service');
  const exitInfo = await service.stop();
  emulator?.child.kill('SIGTERM');
  doc.finishedAt = new Date().toISOString();
  doc.service = { exit: exitInfo, logLines: service.logLines, ...(service.logLines ? { logTail: service.logTail.slice(-5) } : {}) };

  if (profileDir) {
    const written = path.join(profileDir, 'service.cpuprofile');
    if (fs.existsSync(written)) {
      const target = path.join(report.RESULTS_DIR, `${report.fileStamp(new Date(doc.startedAt))}-${name}.cpuprofile`);
      fs.copyFileSync(written, target);
      const profile = JSON.parse(fs.readFileSync(written, 'utf8'));
      doc.profile = { file: path.relative(process.cwd(), target), summary: summarizeProfile(profile, refreshWindow, 15) };
    } else {
      doc.profile = { error: 'the service wrote no CPU profile', exit: exitInfo };
      failed = true;
    }
    fs.rmSync(profileDir, { recursive: true, force: true });
  }

  const variant = `${opts.sqliteSynchronous === 'FULL' ? '' : '-sync-normal'}${opts.profile ? '-profile' : ''}${process.env.EVENTSTORE_URL ? '-eventstoredb' : ''}`;
  const files = report.writeResults(doc, `${name}${variant}`, { latest: variant === '' && !opts.scenarios.some((x) => SELF_SERVED.includes(x)) });
  const { projections, seal, 'families-scale': familiesScale, soak, ...served } = doc.scenarios;
  report.printTable({ ...doc, scenarios: served });
  printProjections(projections);
  printSeal(seal);
  printFamiliesScale(familiesScale);
  printSoak(soak);
  process.stdout.write(`results: ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
  if (failed) process.stderr.write('bench: errors occurred (see the results file)\n');
  process.exitCode = failed ? 1 : 0;
}

/** One summary line per phase of the projections scenario (the table is for the HTTP scenarios). */
function printProjections(p) {
  if (!p) return;
  if (!p.build) {
    process.stdout.write(`projections FAILED: ${p.error}\n`);
    return;
  }
  const line = (label, r) =>
    `  ${label.padEnd(8)} ${String(r.eventsPerSec).padStart(7)} events/s  ${r.sec.toFixed(1).padStart(6)} s  peak RSS ${r.peakRssMiB} MiB (maxRSS ${r.maxRssMiB} MiB)`;
  const check = p.check.ok ? 'ok' : 'FAILED';
  process.stdout.write(`projections: ${p.events.toLocaleString('en-US')} events, ${p.families.toLocaleString('en-US')} families, check ${check}\n${line('build', p.build)}\n${line('rebuild', p.rebuild)}\n`);
}

/** The seal scenario's summary: events/s sealed (first and incremental) and verified. */
function printSeal(s) {
  if (!s) return;
  if (!s.seal || !s.verify) {
    process.stdout.write(`seal FAILED: ${s.error}\n`);
    return;
  }
  const check = s.check.ok ? 'ok' : `FAILED (${s.error})`;
  process.stdout.write(
    `seal: ${s.events.toLocaleString('en-US')} events, check ${check}\n` +
      `  sealed   ${String(s.seal.eventsPerSec).padStart(7)} events/s  ${s.seal.sec.toFixed(1).padStart(6)} s  (first seal over ${s.seal.leaves.toLocaleString('en-US')}; then ${s.seal.incremental.events.toLocaleString('en-US')} more at ${s.seal.incremental.eventsPerSec} events/s)  peak RSS ${s.seal.peakRssMiB} MiB\n` +
      `  verified ${String(s.verify.eventsPerSec).padStart(7)} events/s  ${s.verify.sec.toFixed(1).padStart(6)} s  (chains, tree, ${s.verify.sealsChecked} seals, gaps)  peak RSS ${s.verify.peakRssMiB} MiB\n`,
  );
}

/** The families-scale scenario's summary: each run, then the medians and the big/fresh ratio. */
function printFamiliesScale(f) {
  if (!f) return;
  if (!f.bigStore) {
    process.stdout.write(`families-scale FAILED: ${f.error}\n`);
    return;
  }
  const b = f.bigStore;
  const out = [
    `families-scale: ${b.liveFamilies.toLocaleString('en-US')} live families (${b.templates.families} through the API in ${b.templates.sec} s, ${b.appended.families.toLocaleString('en-US')} appended in ${b.appended.sec} s), data ${b.dataDirMiB} MiB; first start ready ${b.firstStart.readySec} s, read models caught up ${b.firstStart.caughtUpSec} s; check ${b.check.ok ? 'ok' : 'FAILED'} (counts ${b.check.counts?.total}/${b.check.counts?.active} total/active, ${b.check.refreshedGenerated} generated families refreshed)`,
  ];
  if (!f.runs) {
    process.stdout.write(`${out.join('\n')}\nfamilies-scale FAILED: ${f.error}\n`);
    return;
  }
  for (const r of f.runs) {
    out.push(`  round ${r.round} ${r.store.padEnd(5)} ${String(Math.round(r.refreshesPerSec)).padStart(6)} refreshes/s  p50 ${r.latencyMs.p50.toFixed(2)} ms  p99 ${r.latencyMs.p99.toFixed(2)} ms  service ${r.serviceCpuUsPerRefresh} us CPU/refresh  RSS ${r.serviceRssMiB.ready} -> ${r.serviceRssMiB.afterRun} MiB  ready in ${r.start.readySec} s  other processes ${r.cpuCores?.otherCores} cores  errors ${r.errors}`);
  }
  out.push(`  median CPU/refresh big/fresh ${f.ratios.cpuPerRefreshBigOverFresh} (bar <= 1.10: ${f.bar.met ? 'met' : 'NOT met'}), refreshes/s big/fresh ${f.ratios.refreshesPerSecBigOverFresh}; per pair CPU ${f.ratios.pairs.map((p) => p.cpuPerRefreshBigOverFresh).join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The soak scenario's summary: RSS at 1 minute and at the end, and each minute's throughput. */
function printSoak(s) {
  if (!s) return;
  if (!s.rssMiB) {
    process.stdout.write(`soak FAILED: ${s.error}\n`);
    return;
  }
  const m = s.rssMiB;
  process.stdout.write(
    `soak: ${s.minutes} min, ${s.refresh.requests.toLocaleString('en-US')} refreshes (${s.refresh.requestsPerSec}/s), errors ${s.errors}, sanity ${s.refresh.sanity.ok}/${s.refresh.sanity.chains} chains still refresh\n` +
      `  service RSS ${m.beforeLoad} MiB before load, ${m.atOneMinute.rss} MiB at ${m.atOneMinute.sec} s, ${m.atEnd.rss} MiB at ${m.atEnd.sec} s: end/1 min ${m.endOverOneMinute} (bar <= 1.20: ${s.bar.met ? 'met' : 'NOT met'}); peak ${m.peakSampled} MiB (VmHWM ${m.peakVmHWM} MiB)\n` +
      `  per minute: ${s.perMinute.map((x) => `${x.minute}: ${Math.round(x.refreshesPerSec)}/s ${x.serviceCpuUsPerRefresh} us RSS ${x.rssMiBAtEnd} MiB data ${x.dataDirMiBAtEnd} MiB`).join(' | ')}\n` +
      `  data directory at the end: ${s.dataDir.MiB} MiB (${Object.entries(s.dataDir.files).filter(([, m]) => m >= 1).map(([f, m]) => `${f} ${m}`).join(', ')})\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1); // the exit hook kills the service and removes its data directory
});

/**
 * `--replicas=N`: the emulator and N services, the refresh scenario once per routing (each with
 * fresh families), one results file. Answers whether anything failed.
 */
async function mainReplicated(opts, doc) {
  const nodes = opts.nodes ?? 3;
  const external = opts.storeEmulator ? undefined : process.env.EVENTSTORE_URL;
  doc.eventStore = external ? 'EVENTSTORE_URL' : `in-repo emulator (test/esdb-emulator), ${nodes} node${nodes > 1 ? 's' : ''}, its own process on the same machine`;
  doc.replicas = { count: opts.replicas, routings: opts.routings, dataDirectories: 'one per replica (own read models)', shared: 'LEDGER_TOKEN_KEY, LEDGER_KEY_ENCRYPTION_KEY, admin token, issuer' };
  doc.settings.replicas = opts.replicas;
  doc.settings.nodes = external ? null : nodes;
  let failed = false;
  log(`starting the emulator and ${opts.replicas} replicas`);
  const cluster = await replicated.startCluster({ replicas: opts.replicas, nodes, eventStoreUrl: external, log });
  const secret = cluster.services[0].demoClientSecret();
  for (const routing of opts.routings) {
    const name = `refresh-${routing}`;
    if (cluster.services.some((s) => s.exited)) {
      failed = true;
      doc.scenarios[name] = { error: `not run: a replica exited (${JSON.stringify(cluster.services.map((s) => s.exitInfo))})` };
      continue;
    }
    try {
      const result = await replicated.runReplicatedRefresh({ cluster, secret, routing, connections: opts.connections, warmupSec: opts.warmupSec, durationSec: opts.durationSec, log });
      doc.scenarios[name] = result;
      if (result.errors > 0 || result.sanity.failed > 0) failed = true;
    } catch (error) {
      failed = true;
      doc.scenarios[name] = { error: error instanceof Error ? error.message : String(error) };
      log(`${name} FAILED: ${doc.scenarios[name].error}`);
    }
  }
  log('stopping the replicas and the emulator');
  const exits = await cluster.stop();
  doc.finishedAt = new Date().toISOString();
  doc.services = cluster.services.map((s, i) => ({ replica: i, exit: exits[i], logLines: s.logLines, ...(s.logLines ? { logTail: s.logTail.slice(-5) } : {}) }));
  const files = report.writeResults(doc, `refresh-replicas${opts.replicas}-${external ? 'eventstoredb' : 'emulator'}`, { latest: false });
  report.printTable(doc);
  process.stdout.write(`results: ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
  if (failed) process.stderr.write('bench: errors occurred (see the results file)\n');
  return failed;
}
