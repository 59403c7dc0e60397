'use strict';
/**
 * `npm run bench -- --peer [refresh] [introspect] [--rounds=N] [--store=emulator]`: Token Ledger
 * against a reference peer, node-oidc-provider (the exact devDependency `oidc-provider`; nothing
 * is installed at run time), on the same machine, with the same load generator.
 *
 * The two servers, started once each and side by side for the whole run:
 *
 *   token-ledger   a fresh `dist/.../main.js` as in every scenario (lib/service.js): the default
 *                  `config/bootstrap.json`, embedded SQLite with synchronous=FULL (every answered
 *                  refresh is on disk: one fsync per group commit), or with `--store=emulator`
 *                  the in-repo EventStoreDB emulator in a process of its own (its CPU is counted
 *                  as server CPU: it is the service's store).
 *   oidc-provider  bench/peer/oidc-provider.mjs with NODE_ENV=production: refresh-token rotation
 *                  with reuse detection, ES256 JWT access tokens for a default resource
 *                  (resource indicators, `api://default`), ES256 ID tokens, `client_secret_basic`,
 *                  introspection, and its own memory adapter over a store that never evicts (its
 *                  default LRU of 1,000 entries would drop live tokens mid-run). Its tokens are
 *                  minted in its own process through its models (Grant, RefreshToken,
 *                  AccessToken) and handed over IPC; see that file.
 *
 * Scenarios, each run alternately on the two servers (token-ledger, oidc-provider, again, ...:
 * `--rounds=N` pairs, default 2), each run with fresh tokens:
 *
 *   refresh     one chain per connection (100), each continuing its own chain, every refresh
 *               token presented exactly once (lib/chains.js), 3 s warm-up then 10 s measured on
 *               the same connections (lib/cannon.js), then every chain's newest token must still
 *               refresh. Token Ledger: its refresh form (`scope=openid offline_access`);
 *               oidc-provider: the same with `api:read` added, the resource's scope its
 *               refresh tokens carry. Both answer a JWT access token, an ID token and a new
 *               refresh token.
 *   introspect  100 access tokens in rotation, 100 connections, answers must be active.
 *               Token Ledger introspects its JWTs (the signature on the first call for a token:
 *               a verified token is then remembered by the SHA-256 of its bytes; on every call
 *               the family's state from the store); oidc-provider its opaque access tokens (a
 *               lookup in its memory store),
 *               as the issue asks: each server's usual access token for introspection.
 *
 * Before the runs, each server's answers are checked once on a family of their own (no token is
 * recorded, only header fields): the refresh answers an access token whose JWT header says
 * ES256, an ES256 ID token and a new refresh token, and a token two rotations old, presented
 * again, is refused with invalid_grant (`checkAnswers`).
 *
 * Figures per run: requests/s, p50/p99 (exact, raw latencies), errors, and the server's CPU per
 * request: user+system time of the server process from /proc/<pid>/stat (all its threads: the
 * libuv pool, GC, the JIT) over the measured window, divided by the requests answered in it,
 * in microseconds. Per system and scenario the medians over the rounds; ratios are Token Ledger
 * / oidc-provider (> 1 for requests/s: Token Ledger answers more; < 1 for p99 and CPU/request:
 * Token Ledger is faster / cheaper).
 *
 * What is comparable and what is not: both are single Node.js processes on the same machine,
 * driven by the same generator with the same connections, warm-up and chain bookkeeping, and
 * do the same protocol work per refresh (client authentication, rotation with reuse detection,
 * signing an ES256 access token and an ES256 ID token). They do not keep their state alike:
 * oidc-provider here keeps every token in memory in its process (nothing survives a restart,
 * nothing is shared with another process, the reference adapter is for development), while
 * Token Ledger appends every refresh to a durable event log (SQLite synchronous=FULL: fsync
 * before the answer; or an event store over gRPC) and keeps read models. oidc-provider in
 * production uses a database adapter (Redis, MongoDB, SQL) whose round trips are not measured
 * here. So the peer is an upper bound for the protocol work alone, not a like-for-like
 * deployment. Their rotation semantics differ in one point: Token Ledger accepts the immediately
 * previous refresh token again within the client's leeway (SPEC §5) and answers the same
 * successor, which it must be able to derive; oidc-provider refuses any consumed token and
 * revokes the grant. Its memory adapter also keeps every token of a grant in the grant's index until
 * it expires, so a long chain costs it a little more per refresh as the run goes on.
 *
 * Results: bench/results/<ISO time>-peer[-eventstoredb].json (not latest.json) and a table.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const { ChainBook } = require('./chains');
const { processesCpuMeter } = require('./cpu');
const { basicAuth, issueFamilies, refreshForm, TOKEN_PATH, INTROSPECT_PATH } = require('./families');
const { HttpClient } = require('./http');
const { introspectTokens } = require('./introspect');
const { driveChains } = require('./refresh');
const { freePort, startService } = require('./service');
const { useEventStoreFromOptions } = require('./replicas');
const { round } = require('./stats');
const report = require('./report');

const PEER_SCRIPT = path.join(__dirname, '..', 'peer', 'oidc-provider.mjs');
const PEER_CLIENT_ID = 'bench-client';
const PEER_TOKEN_PATH = '/token';
const PEER_INTROSPECT_PATH = '/token/introspection';
const PEER_SCOPE = 'openid offline_access api:read';
const LEDGER = 'token-ledger';
const PEER = 'oidc-provider';
const SCENARIOS = ['refresh', 'introspect'];
const INTROSPECTED_TOKENS = 100;

function peerVersion() {
  try {
    return require('oidc-provider/package.json').version;
  } catch {
    return 'unknown';
  }
}

/** Starts the peer as a child process; resolves once it listens. */
async function startPeer() {
  const port = await freePort();
  const secret = crypto.randomBytes(32).toString('base64url');
  const env = { ...process.env, NODE_ENV: 'production', PEER_PORT: String(port), PEER_CLIENT_SECRET: secret };
  delete env.NODE_OPTIONS; // npm may set it; the peer gets no flags, as the service
  const child = spawn(process.execPath, [PEER_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  process.on('exit', () => child.kill('SIGKILL'));
  const peer = { child, pid: child.pid, baseUrl: `http://127.0.0.1:${port}`, secret, logTail: [], exited: false, exitInfo: null };
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      for (const line of chunk.split('\n').filter((l) => l.trim())) {
        peer.logTail.push(line);
        if (peer.logTail.length > 20) peer.logTail.shift();
      }
    });
  }
  const pending = new Map();
  let nextId = 0;
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      peer.exited = true;
      peer.exitInfo = { code, signal };
      for (const { reject } of pending.values()) reject(new Error(`the peer exited (${JSON.stringify(peer.exitInfo)})`));
      resolve(peer.exitInfo);
    }),
  );
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the peer did not start within 30 s:\n${peer.logTail.join('\n')}`)), 30_000);
    child.on('message', (message) => {
      if (message?.op === 'ready') {
        clearTimeout(timer);
        resolve();
        return;
      }
      const waiting = pending.get(message?.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`peer: ${message.error}`));
      else waiting.resolve(message.tokens);
    });
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the peer exited during start (${JSON.stringify(peer.exitInfo)}):\n${peer.logTail.join('\n')}`));
    });
  });
  /** Tokens minted in the peer's process (see bench/peer/oidc-provider.mjs). */
  peer.mint = (op, count, prefix) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, op, count, prefix });
    });
  peer.stop = async () => {
    if (!peer.exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    return peer.exitInfo;
  };
  return peer;
}

const peerForm = (token) => `grant_type=refresh_token&scope=${encodeURIComponent(PEER_SCOPE)}&refresh_token=${encodeURIComponent(token)}`;

/**
 * What the harness needs of one server: where to send, how to authenticate, how to get fresh
 * chains and access tokens. `extraPids` are processes whose CPU is the server's too (its store).
 */
function ledgerTarget(service, secret, emulator) {
  const http = new HttpClient(service.baseUrl);
  const authorization = basicAuth(secret);
  return {
    system: LEDGER,
    url: service.baseUrl,
    pid: service.child.pid,
    extraPids: emulator ? { emulator: emulator.pid } : {},
    http,
    refresh: { path: TOKEN_PATH, authorization, form: refreshForm },
    introspect: { path: INTROSPECT_PATH, authorization },
    families: (count, prefix) => issueFamilies(http, service, count, prefix),
    accessTokens: async (count, prefix) => (await issueFamilies(http, service, count, prefix)).map((f) => f.accessToken),
    isDown: () => service.exited,
  };
}

function peerTarget(peer) {
  const http = new HttpClient(peer.baseUrl);
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
  const authorization = `Basic ${Buffer.from(`${enc(PEER_CLIENT_ID)}:${enc(peer.secret)}`).toString('base64')}`;
  return {
    system: PEER,
    url: peer.baseUrl,
    pid: peer.pid,
    extraPids: {},
    http,
    refresh: { path: PEER_TOKEN_PATH, authorization, form: peerForm },
    introspect: { path: PEER_INTROSPECT_PATH, authorization },
    families: async (count, prefix) => (await peer.mint('refreshTokens', count, prefix)).map((t) => ({ ...t, accessToken: '' })),
    accessTokens: async (count, prefix) => (await peer.mint('accessTokens', count, prefix)).map((t) => t.accessToken),
    isDown: () => peer.exited,
  };
}

/** One refresh through the target's plain keep-alive client, as the sanity check presents it. */
function presentOnce(target, token) {
  return target.http.request('POST', target.refresh.path, {
    headers: { authorization: target.refresh.authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: target.refresh.form(token),
  });
}

/** The JOSE header fields of a compact JWS, or null (never the token itself). */
function joseHeader(token) {
  if (typeof token !== 'string' || token.split('.').length !== 3) return null;
  try {
    const { alg, typ } = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    return { alg, typ };
  } catch {
    return null;
  }
}

/**
 * Checks once, on a family of its own, that the target answers what the comparison assumes:
 * a refresh gives an ES256 JWT access token, an ES256 ID token and a new refresh token; after a
 * second rotation the first token, presented again, is refused (reuse detection). Two rotations,
 * not one: Token Ledger accepts the immediately previous token again within its per-client
 * leeway (SPEC §5: a client that lost the answer recovers), oidc-provider has no such leeway.
 */
async function checkAnswers(target) {
  const [family] = await target.families(1, `${target.system}-check`);
  const first = await presentOnce(target, family.refreshToken);
  if (first.status !== 200) return { ok: false, refreshStatus: first.status, error: safeError(first.body) };
  const answer = JSON.parse(first.body);
  const second = await presentOnce(target, answer.refresh_token);
  const reuse = await presentOnce(target, family.refreshToken);
  const check = {
    refreshStatus: first.status,
    accessToken: joseHeader(answer.access_token) ?? 'opaque',
    idToken: joseHeader(answer.id_token),
    rotated: typeof answer.refresh_token === 'string' && answer.refresh_token !== family.refreshToken,
    secondRefreshStatus: second.status,
    spentTokenAgain: { status: reuse.status, error: safeError(reuse.body) },
  };
  check.ok = check.accessToken?.alg === 'ES256' && check.idToken?.alg === 'ES256' && check.rotated && second.status === 200 && reuse.status === 400 && check.spentTokenAgain.error === 'invalid_grant';
  return check;
}

function safeError(body) {
  try {
    return JSON.parse(body).error ?? null;
  } catch {
    return null;
  }
}

/** One measured run of `scenario` on `target`, with its server CPU per request. */
async function runOnce(target, scenario, o, label) {
  let extraMeter = null;
  const onMeasuredStart = () => {
    if (Object.keys(target.extraPids).length) extraMeter = processesCpuMeter(target.extraPids);
  };
  const common = { url: target.url, pid: target.pid, connections: o.connections, warmupSec: o.warmupSec, durationSec: o.durationSec, log: o.log, label, onMeasuredStart };
  let result;
  if (scenario === 'refresh') {
    const families = await target.families(o.connections, `${target.system}-${label.replace(/\W+/g, '-')}`);
    const book = new ChainBook(families);
    ({ result } = await driveChains({ ...common, title: 'refresh', book, target: target.refresh, present: (token) => presentOnce(target, token) }));
  } else {
    const tokens = await target.accessTokens(INTROSPECTED_TOKENS, `${target.system}-${label.replace(/\W+/g, '-')}`);
    result = await introspectTokens({ ...common, tokens, target: target.introspect });
  }
  const extra = extraMeter ? extraMeter() : null;
  const ownSec = result.cpuCores?.serviceCpuSec ?? null;
  const extraSec = extra ? Object.values(extra.processCpuSec).reduce((s, x) => s + (x ?? 0), 0) : 0;
  const perRequest = (sec) => (sec === null || result.requests === 0 ? null : round((sec * 1e6) / result.requests, 1));
  result.serverCpu = {
    // /proc/<pid>/stat utime+stime: every thread of the process, in USER_HZ (10 ms) ticks.
    processCpuSec: ownSec,
    ...(extra ? { storeProcessesCpuSec: extra.processCpuSec } : {}),
    usPerRequest: perRequest(ownSec === null ? null : ownSec + extraSec),
    ...(extra ? { processUsPerRequest: perRequest(ownSec) } : {}),
  };
  return result;
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

function summarizeRuns(runs) {
  const summary = {};
  for (const scenario of SCENARIOS) {
    for (const system of [LEDGER, PEER]) {
      const mine = runs.filter((r) => r.scenario === scenario && r.system === system);
      if (mine.length === 0) continue;
      const ok = mine.filter((r) => r.result && !r.error);
      (summary[scenario] ??= {})[system] = {
        runs: mine.length,
        requestsPerSec: round(median(ok.map((r) => r.result.requestsPerSec)), 1),
        p50Ms: round(median(ok.map((r) => r.result.latencyMs.p50)), 3),
        p99Ms: round(median(ok.map((r) => r.result.latencyMs.p99)), 3),
        cpuUsPerRequest: round(median(ok.map((r) => r.result.serverCpu.usPerRequest)), 1),
        errors: mine.reduce((n, r) => n + (r.error ? 1 : r.result.errors), 0),
        failedRuns: mine.length - ok.length,
        ...(scenario === 'refresh'
          ? {
              sanity: {
                chains: ok.reduce((n, r) => n + r.result.sanity.chains, 0),
                ok: ok.reduce((n, r) => n + r.result.sanity.ok, 0),
              },
            }
          : {}),
        otherCoresMax: Math.max(0, ...ok.map((r) => r.result.cpuCores?.otherCores ?? 0)),
      };
    }
  }
  const ratios = {};
  for (const [scenario, bySystem] of Object.entries(summary)) {
    const a = bySystem[LEDGER];
    const b = bySystem[PEER];
    if (!a || !b) continue;
    const ratio = (x, y) => (typeof x === 'number' && typeof y === 'number' && y !== 0 ? round(x / y, 3) : null);
    ratios[scenario] = { requestsPerSec: ratio(a.requestsPerSec, b.requestsPerSec), p50: ratio(a.p50Ms, b.p50Ms), p99: ratio(a.p99Ms, b.p99Ms), cpuPerRequest: ratio(a.cpuUsPerRequest, b.cpuUsPerRequest) };
  }
  return { summary, ratios };
}

/**
 * The whole `--peer` run: starts both servers, checks their answers, runs the scenarios in
 * alternation, writes the results and prints the table. Answers whether anything failed.
 * @param {{ opts: object, doc: object, log: Function }} o
 */
async function runPeerComparison({ opts, doc, log }) {
  const scenarios = opts.scenarios.length ? opts.scenarios : SCENARIOS;
  const { historyLength: _h, historySample: _s, profiled: _p, ...settings } = doc.settings;
  doc.settings = { ...settings, scenarios };
  delete doc.scenarios; // the runs, their summary and the ratios take its place
  doc.settings.rounds = opts.rounds;
  doc.settings.order = 'per scenario, rounds of token-ledger then oidc-provider';
  doc.peer = {
    name: 'node-oidc-provider',
    version: peerVersion(),
    script: 'bench/peer/oidc-provider.mjs',
    nodeEnv: 'production',
    configuration: 'rotateRefreshToken true (reuse detection revokes the grant); resource indicators, default resource api://default, access tokens JWT ES256; ID tokens ES256; client_secret_basic; introspection on (opaque access tokens); memory adapter over a store that never evicts; ES256 key generated at start',
    comparability: 'oidc-provider keeps its tokens in memory only (no durability, one process); Token Ledger appends every refresh to its durable event log (SQLite synchronous=FULL, or the event store) before answering',
  };
  let failed = false;

  log(`starting a fresh service${opts.storeEmulator ? ' on the emulator' : ''} and ${PEER} ${doc.peer.version}`);
  const emulator = await useEventStoreFromOptions(opts);
  const service = await startService({ sqliteSynchronous: opts.sqliteSynchronous });
  const peer = await startPeer();
  log(`service up at ${service.baseUrl}, ${PEER} up at ${peer.baseUrl}`);
  const targets = [ledgerTarget(service, service.demoClientSecret(), emulator), peerTarget(peer)];

  doc.answerChecks = {};
  for (const target of targets) {
    try {
      doc.answerChecks[target.system] = await checkAnswers(target);
    } catch (error) {
      doc.answerChecks[target.system] = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (!doc.answerChecks[target.system].ok) {
      failed = true;
      log(`${target.system}: its answers are not what the comparison assumes: ${JSON.stringify(doc.answerChecks[target.system])}`);
    }
  }

  const runs = [];
  for (const scenario of scenarios) {
    for (let r = 1; r <= opts.rounds; r++) {
      for (const target of targets) {
        const label = `${scenario} ${target.system} round ${r}`;
        const run = { scenario, system: target.system, round: r };
        if (target.isDown()) {
          run.error = 'not run: the server exited';
        } else {
          try {
            run.result = await runOnce(target, scenario, { ...opts, log }, label);
            const x = run.result;
            log(`${label}: ${x.requestsPerSec} req/s, p99 ${x.latencyMs.p99} ms, ${x.serverCpu.usPerRequest} us CPU/request, errors ${x.errors}${x.sanity ? `, sanity ${x.sanity.ok}/${x.sanity.chains}` : ''}`);
          } catch (error) {
            run.error = error instanceof Error ? error.message : String(error);
            log(`${label} FAILED: ${run.error}`);
          }
        }
        if (run.error || run.result.errors > 0 || (run.result.sanity && run.result.sanity.failed > 0)) failed = true;
        runs.push(run);
      }
    }
  }

  for (const target of targets) target.http.close();
  log('stopping both servers');
  const [serviceExit, peerExit] = await Promise.all([service.stop(), peer.stop()]);
  emulator?.child.kill('SIGTERM');
  doc.finishedAt = new Date().toISOString();
  doc.service = { exit: serviceExit, logLines: service.logLines, ...(service.logLines ? { logTail: service.logTail.slice(-5) } : {}) };
  doc.peer.exit = peerExit;
  doc.peer.logTail = peer.logTail.slice(-5); // the provider's warnings (e.g. the unsupported runtime one); it logs no tokens
  doc.runs = runs;
  Object.assign(doc, summarizeRuns(runs));

  const files = report.writeResults(doc, `peer${process.env.EVENTSTORE_URL ? '-eventstoredb' : ''}`, { latest: false });
  printComparison(doc);
  process.stdout.write(`results: ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
  if (failed) process.stderr.write('bench: errors occurred (see the results file)\n');
  return failed;
}

const fmt = (x, d = 0) => (x === null || x === undefined ? '-' : typeof x === 'number' ? x.toFixed(d) : String(x));

function printComparison(doc) {
  const out = [''];
  out.push(
    `Token Ledger vs ${doc.peer.name} ${doc.peer.version}  ${doc.machine.cpuCount} x ${doc.machine.cpuModel}  node ${doc.machine.node}  service store ${doc.store}${doc.store === 'sqlite' ? ` (synchronous=${doc.sqliteSynchronous})` : ` (${doc.eventStore})`}  commit ${doc.git.commit ?? '?'}  machine busy before start: ${doc.machine.busyCoresBeforeStart ?? '?'} cores`,
  );
  out.push(`medians of ${doc.settings.rounds} alternating runs each; ${doc.settings.connections} connections, ${doc.settings.warmupSec} s warm-up, ${doc.settings.durationSec} s measured; CPU = server process(es), all threads, /proc`);
  const rows = [['system', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'errors', 'sanity', 'runs (req/s)']];
  for (const [scenario, bySystem] of Object.entries(doc.summary)) {
    for (const [system, s] of Object.entries(bySystem)) {
      const each = doc.runs.filter((r) => r.scenario === scenario && r.system === system).map((r) => (r.error ? 'FAILED' : fmt(r.result.requestsPerSec))).join(' ');
      rows.push([system, scenario, fmt(s.requestsPerSec), fmt(s.p50Ms, 2), fmt(s.p99Ms, 2), fmt(s.cpuUsPerRequest), String(s.errors), s.sanity ? `${s.sanity.ok}/${s.sanity.chains}` : '', each]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  out.push(line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line));
  for (const [scenario, r] of Object.entries(doc.ratios)) {
    out.push(`ratio ${scenario} (token-ledger / oidc-provider): req/s ${fmt(r.requestsPerSec, 2)}, p50 ${fmt(r.p50, 2)}, p99 ${fmt(r.p99, 2)}, CPU/request ${fmt(r.cpuPerRequest, 2)}`);
  }
  for (const [system, c] of Object.entries(doc.answerChecks)) {
    out.push(`${system} answers: ${c.ok ? 'ok' : 'NOT AS ASSUMED'} (access token ${c.accessToken?.alg ?? c.accessToken ?? '-'}${c.accessToken?.typ ? ` ${c.accessToken.typ}` : ''}, ID token ${c.idToken?.alg ?? '-'}, rotated ${c.rotated ?? '-'}, token of two rotations ago again: ${c.spentTokenAgain ? `${c.spentTokenAgain.status} ${c.spentTokenAgain.error ?? ''}`.trim() : '-'})`);
  }
  const busy = doc.runs.filter((r) => (r.result?.cpuCores?.otherCores ?? 0) >= 0.25);
  if (busy.length) out.push(`other processes used >= 0.25 cores during ${busy.length} of ${doc.runs.length} runs: those figures are lower than on an idle machine`);
  process.stdout.write(`${out.join('\n')}\n`);
}

module.exports = { runPeerComparison, startPeer, SCENARIOS: SCENARIOS };
