'use strict';
/**
 * `npm run bench -- families-scale [--live-families=N] [--rounds=R]`: does a refresh cost more
 * when the store already holds many live token families? (Issue 18: refresh CPU flat in the
 * number of live families, 1,000,000 within 10% of a fresh store.)
 *
 * 1. The big store, made once (default N = 1,000,000 live families):
 *    - a service on a new data directory, with the bench's own throw-away LEDGER_TOKEN_KEY,
 *      issues S = min(1,000, N) families through the issuance API for S subjects
 *      (`preissued-user-<i>`): each is a TokenIssued exactly as the service writes it, with
 *      its personal fields encrypted under the subject's data key (issue 17), and the subject
 *      keys' own streams. The service is stopped, the directory kept.
 *    - N - S more families are appended straight into that embedded store, as the command loop
 *      appends (canonical JSON, each event's hash handed to the store, previousEventHash null
 *      for a stream's first event, a uuidv7 id, `expectedRevision: 'no_stream'`): family i is
 *      the TokenIssued of template i mod S (its `personal`, so the same subject and a
 *      ciphertext its key decrypts) with a new random family id, a refresh token minted under
 *      the same LEDGER_TOKEN_KEY (only its id and hash are stored; the bench keeps 5 of the
 *      tokens in memory for the check), new access/id token ids, and times issued within the
 *      last 3 days, so every family is live (idle window 7 days, unlimited absolute lifetime)
 *      and its access token mostly expired, as in a store that has served for a while.
 *    - the service starts on it: its start-up verification (seals, gaps) and sealing run over
 *      the whole log, the read models catch up (waited on through GET /api/v1/ops/projections
 *      ?wait=true until no projection lags), both timed. Check: GET /api/v1/ops/families/counts
 *      must show N families, all active, and the 5 kept tokens must refresh (200) with an
 *      access token whose `sub` is their subject (the ciphertext decrypted). Else the scenario
 *      fails: a fast refresh against a store the service cannot read is not a result.
 * 2. R rounds (default 2) of two runs, alternating: the refresh scenario (lib/refresh.js: 100
 *    families issued through the API, 100 connections, each continuing its own chain, warm-up
 *    then measured window, sanity check) on a FRESH service and data directory, then on a
 *    service started on the big directory (reopened each round; the load families of earlier
 *    rounds stay in it, a few hundred thousand events beside the N families). Each run reports
 *    refreshes/s, p50/p99 and the service's CPU per refresh (its utime+stime over the measured
 *    window / refreshes answered), plus the service's RSS when ready and after the run.
 * 3. The answer: median CPU µs per refresh over the big runs / over the fresh runs (the bar:
 *    <= 1.10), and the same for refreshes/s. CPU per refresh, not throughput, is the figure:
 *    it is what the service spends, where refreshes/s also moves with whatever else the shared
 *    machine does.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { HttpClient } = require('./http');
const { startService, REPO_ROOT } = require('./service');
const { runRefresh } = require('./refresh');
const { basicAuth, issueFamilies, TOKEN_PATH } = require('./families');
const { processMemory, directorySize, mib } = require('./memory');
const { round } = require('./stats');

const load = (relative) => require(path.join(REPO_ROOT, 'dist', relative));

const TEMPLATE_SUBJECTS = 1_000;
const CHECKED_TOKENS = 5;
const APPENDS_IN_FLIGHT = 4_000;
const MINUTE = 60_000;
const ISSUED_WITHIN_MS = 3 * 24 * 60 * MINUTE;
const READY_TIMEOUT_MS = 30 * MINUTE;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

async function adminGet(service, pathAndQuery) {
  const res = await fetch(`${service.baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${service.adminToken}` }, signal: AbortSignal.timeout(60_000) });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** Waits until no projection lags the log (the ops API's own wait, called again while they catch up). */
async function waitForProjections(service, log, timeoutMs = READY_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const projections = await adminGet(service, '/api/v1/ops/projections?wait=true');
    const lagging = projections.filter((p) => p.lagEvents !== 0 || p.state !== 'LIVE');
    if (lagging.length === 0) return projections;
    if (Date.now() > deadline) throw new Error(`projections still lag after ${timeoutMs} ms: ${JSON.stringify(lagging.map((p) => ({ name: p.name, state: p.state, lagEvents: p.lagEvents })))}`);
    log(`families-scale:   read models catching up: ${lagging.map((p) => `${p.name} ${p.lagEvents}${p.lagEventsCapped ? '+' : ''} events behind`).join(', ')}`);
  }
}

/** Starts a service and times its start: spawn to the discovery document, then to caught-up read models. */
async function startTimed(options, log) {
  const started = performance.now();
  const service = await startService(options);
  const readySec = (performance.now() - started) / 1000;
  try {
    await waitForProjections(service, log);
  } catch (error) {
    await service.stop();
    throw error;
  }
  const caughtUpSec = (performance.now() - started) / 1000;
  return { service, start: { readySec: round(readySec, 2), caughtUpSec: round(caughtUpSec, 2) } };
}

/**
 * Appends `count` families cloned from `templates` (TokenIssued events the service wrote) into
 * the store at `filename`; answers the figures and CHECKED_TOKENS `{ token, subject }` to check.
 */
async function appendFamilies(filename, templates, subjects, count, tokenKey, log) {
  const { SqliteEventStore } = load('libs/event-store-sqlite/src');
  const { canonicalJson, eventHashOfJson, uuidv7 } = load('libs/event-sourcing/src');
  const { RefreshTokenCodec } = load('libs/token-crypto/src');
  const codec = new RefreshTokenCodec(tokenKey);
  const store = new SqliteEventStore({ filename, synchronous: 'NORMAL', maxBatchEvents: 5_000 });
  const keepEvery = Math.max(1, Math.floor(count / CHECKED_TOKENS));
  const kept = [];
  const now = Date.now();
  const started = performance.now();
  let pending = [];
  let nextReport = 100_000;
  try {
    for (let i = 0; i < count; i++) {
      const t = i % templates.length;
      const template = templates[t];
      const familyId = randomBytes(16).toString('base64url');
      const minted = codec.mint(familyId);
      if (i % keepEvery === 0 && kept.length < CHECKED_TOKENS) kept.push({ token: minted.token, subject: subjects[t] });
      const issuedAt = now - Math.floor(Math.random() * ISSUED_WITHIN_MS);
      const { lifetimes } = template.data;
      const iat = Math.floor(issuedAt / 1000);
      const data = {
        ...template.data,
        familyId,
        refreshToken: minted.record,
        accessToken: { jti: `${familyId}.${randomBytes(9).toString('base64url')}`, iat, exp: iat + lifetimes.accessTokenMinutes * 60 },
        ...(template.data.idToken ? { idToken: { jti: randomBytes(12).toString('base64url') } } : {}),
        issuedAt,
        idleExpiresAt: issuedAt + lifetimes.refreshTokenWindowMinutes * MINUTE,
        refreshExpiresAt: lifetimes.refreshTokenMinutes > 0 ? issuedAt + lifetimes.refreshTokenMinutes * MINUTE : null,
      };
      const requestId = uuidv7(issuedAt);
      const metadata = { ...template.metadata, requestId, correlationId: requestId, causationId: requestId, previousEventHash: null };
      const streamName = `tokenFamily-${familyId}`;
      const id = uuidv7(issuedAt);
      const json = { data: canonicalJson(data), metadata: canonicalJson(metadata) };
      const hash = eventHashOfJson({ streamName, revision: 0n, id, type: 'TokenIssued' }, json.data, json.metadata);
      pending.push(store.append(streamName, [{ id, type: 'TokenIssued', data, metadata, json: { ...json, hash } }], { expectedRevision: 'no_stream' }));
      if (pending.length >= APPENDS_IN_FLIGHT) {
        await Promise.all(pending);
        pending = [];
      }
      if (i + 1 >= nextReport) {
        log(`families-scale:   appended ${(i + 1).toLocaleString('en-US')} families`);
        nextReport += 100_000;
      }
    }
    await Promise.all(pending);
  } finally {
    await store.close();
  }
  const sec = (performance.now() - started) / 1000;
  return { figures: { families: count, sec: round(sec, 1), familiesPerSec: Math.round(count / sec) }, kept };
}

/** Reads the TokenIssued events the service wrote (the templates), oldest first. */
async function readTemplates(filename) {
  const { SqliteEventStore } = load('libs/event-store-sqlite/src');
  const store = new SqliteEventStore({ filename });
  try {
    const events = await store.readAll({ direction: 'forwards', fromPosition: 'start', maxCount: 1_000_000 });
    return events.filter((e) => e.type === 'TokenIssued' && e.streamName.startsWith('tokenFamily-'));
  } finally {
    await store.close();
  }
}

/** The `sub` claim of a JWT (not verified: the service just signed it; this only reads it). */
const subOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')).sub;

/** Builds the big data directory; answers its figures and what is needed to reopen it. */
async function prepareBigStore({ dir, liveFamilies, sqliteSynchronous, log }) {
  const tokenKey = randomBytes(32);
  const env = { LEDGER_TOKEN_KEY: tokenKey.toString('base64url') };
  const templatesCount = Math.min(TEMPLATE_SUBJECTS, liveFamilies);
  const subjects = Array.from({ length: templatesCount }, (_, i) => `preissued-user-${i}`);

  log(`families-scale: issuing ${templatesCount} template families through the API (one per subject)`);
  let started = performance.now();
  const first = await startService({ dataDir: dir, env, sqliteSynchronous });
  const http = new HttpClient(first.baseUrl);
  try {
    await issueFamilies(http, first, templatesCount, 'preissued-user');
  } finally {
    http.close();
    await first.stop();
  }
  const templatesSec = (performance.now() - started) / 1000;
  const templates = await readTemplates(path.join(dir, 'events.db'));
  if (templates.length !== templatesCount || templates.some((t) => !t.data.personal)) {
    throw new Error(`expected ${templatesCount} TokenIssued with encrypted personal fields, read ${templates.length}`);
  }

  const count = liveFamilies - templatesCount;
  log(`families-scale: appending ${count.toLocaleString('en-US')} more families straight into the store`);
  const appended = await appendFamilies(path.join(dir, 'events.db'), templates, subjects, count, tokenKey, log);
  log(`families-scale: appended in ${appended.figures.sec} s (${appended.figures.familiesPerSec} families/s); starting the service on it`);

  const { service, start } = await startTimed({ dataDir: dir, env, sqliteSynchronous, readyTimeoutMs: READY_TIMEOUT_MS }, log);
  log(`families-scale: first start ready in ${start.readySec} s, read models caught up in ${start.caughtUpSec} s; checking the families`);
  const check = { expectedFamilies: liveFamilies, problems: [] };
  const checkHttp = new HttpClient(service.baseUrl);
  try {
    const counts = await adminGet(service, '/api/v1/ops/families/counts');
    check.counts = { total: counts.total, active: counts.active, expired: counts.expired, revoked: counts.revoked };
    if (counts.total !== liveFamilies || counts.active !== liveFamilies) check.problems.push(`family counts ${JSON.stringify(check.counts)}, expected ${liveFamilies} active`);
    const secret = service.demoClientSecret();
    // Tokens of generated families (templates' own were issued through the API anyway).
    const toCheck = count > 0 ? appended.kept : [];
    check.refreshedGenerated = 0;
    for (const { token, subject } of toCheck) {
      const res = await checkHttp.request('POST', TOKEN_PATH, {
        headers: { authorization: basicAuth(secret) },
        form: { grant_type: 'refresh_token', scope: 'openid offline_access', refresh_token: token },
      });
      const sub = res.status === 200 ? subOf(JSON.parse(res.body).access_token) : null;
      if (res.status === 200 && sub === subject) check.refreshedGenerated++;
      else check.problems.push(`a generated family's token answered ${res.status}${sub === null ? '' : ` with sub ${JSON.stringify(sub)} (expected ${subject})`}: ${res.status === 200 ? '' : res.body.slice(0, 200)}`);
    }
    check.memory = processMemory(service.child.pid);
  } finally {
    checkHttp.close();
    await service.stop();
  }
  check.ok = check.problems.length === 0;
  const size = directorySize(dir);
  return {
    env,
    figures: {
      liveFamilies,
      templates: { families: templatesCount, subjects: templatesCount, sec: round(templatesSec, 1), note: 'issued through POST /api/v1/authorizationServers/default/tokens' },
      appended: appended.figures,
      firstStart: start,
      dataDirMiB: mib(size.bytes),
      files: Object.fromEntries(Object.entries(size.files).filter(([, b]) => b > 2 ** 20).map(([f, b]) => [f, mib(b)])),
      check,
    },
  };
}

/** One refresh run on a service started by `start`; the service is stopped afterwards. */
async function oneRun(label, startOptions, ctx) {
  const { log } = ctx;
  log(`families-scale: ${label} store, starting the service`);
  const { service, start } = await startTimed(startOptions, log);
  const memoryReady = processMemory(service.child.pid);
  const http = new HttpClient(service.baseUrl);
  try {
    const { result } = await runRefresh({ ...ctx, service, http, secret: service.demoClientSecret() });
    const memoryAfter = processMemory(service.child.pid);
    const cpu = result.cpuCores;
    const cpuUsPerRefresh = cpu && cpu.serviceCpuSec !== null ? round((cpu.serviceCpuSec * 1e6) / result.requests, 1) : null;
    const run = {
      store: label,
      start,
      refreshesPerSec: result.requestsPerSec,
      latencyMs: { p50: result.latencyMs.p50, p99: result.latencyMs.p99, mean: result.latencyMs.mean },
      serviceCpuUsPerRefresh: cpuUsPerRefresh,
      requests: result.requests,
      durationSec: result.durationSec,
      errors: result.errors,
      sanity: { chains: result.sanity.chains, ok: result.sanity.ok, failed: result.sanity.failed },
      cpuCores: cpu,
      serviceRssMiB: { ready: memoryReady && round(memoryReady.rssKiB / 1024, 1), afterRun: memoryAfter && round(memoryAfter.rssKiB / 1024, 1), anonAfterRun: memoryAfter && round(memoryAfter.anonKiB / 1024, 1), fileAfterRun: memoryAfter && round(memoryAfter.fileKiB / 1024, 1) },
      stalledWindows: result.latencyTimeline?.stalledWindows,
    };
    log(`families-scale: ${label}: ${run.refreshesPerSec} refreshes/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, service ${cpuUsPerRefresh} us CPU/refresh, errors ${run.errors}`);
    return run;
  } finally {
    http.close();
    await service.stop();
  }
}

/**
 * Scenario entry (bench/run.js).
 * @param {{ log: Function, liveFamilies: number, rounds: number, connections: number, warmupSec: number, durationSec: number, sqliteSynchronous: string }} o
 */
async function runFamiliesScale(o) {
  const { log, liveFamilies, rounds, sqliteSynchronous } = o;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-families-'));
  try {
    log(`families-scale: building a store with ${liveFamilies.toLocaleString('en-US')} live families`);
    const started = performance.now();
    const big = await prepareBigStore({ dir, liveFamilies, sqliteSynchronous, log });
    big.figures.totalPrepareSec = round((performance.now() - started) / 1000, 1);
    if (!big.figures.check.ok) {
      return { bigStore: big.figures, error: `the generated families are not what the service reads: ${big.figures.check.problems.join('; ')}` };
    }
    const ctx = { log, connections: o.connections, warmupSec: o.warmupSec, durationSec: o.durationSec };
    const runs = [];
    for (let r = 0; r < rounds; r++) {
      runs.push({ round: r, ...(await oneRun('fresh', { sqliteSynchronous }, ctx)) });
      runs.push({ round: r, ...(await oneRun('big', { dataDir: dir, env: big.env, sqliteSynchronous, readyTimeoutMs: READY_TIMEOUT_MS }, ctx)) });
    }
    const of = (store, f) => runs.filter((x) => x.store === store).map(f);
    const summary = (store) => ({
      runs: of(store, () => 1).length,
      medianRefreshesPerSec: median(of(store, (x) => x.refreshesPerSec)),
      medianServiceCpuUsPerRefresh: median(of(store, (x) => x.serviceCpuUsPerRefresh)),
      medianP50Ms: median(of(store, (x) => x.latencyMs.p50)),
      medianP99Ms: median(of(store, (x) => x.latencyMs.p99)),
    });
    const fresh = summary('fresh');
    const bigSummary = summary('big');
    const cpuRatio = round(bigSummary.medianServiceCpuUsPerRefresh / fresh.medianServiceCpuUsPerRefresh, 3);
    const pairs = Array.from({ length: rounds }, (_, r) => {
      const [f, b] = [runs[2 * r], runs[2 * r + 1]];
      return { round: r, cpuPerRefreshBigOverFresh: round(b.serviceCpuUsPerRefresh / f.serviceCpuUsPerRefresh, 3), refreshesPerSecBigOverFresh: round(b.refreshesPerSec / f.refreshesPerSec, 3) };
    });
    const errors = runs.reduce((n, x) => n + x.errors + x.sanity.failed, 0);
    return {
      endpoint: `POST ${TOKEN_PATH} (grant_type=refresh_token, rotation, client_secret_basic), fresh store vs ${liveFamilies.toLocaleString('en-US')} live families`,
      bigStore: big.figures,
      runs,
      fresh,
      big: bigSummary,
      ratios: {
        cpuPerRefreshBigOverFresh: cpuRatio,
        refreshesPerSecBigOverFresh: round(bigSummary.medianRefreshesPerSec / fresh.medianRefreshesPerSec, 3),
        pairs,
      },
      bar: { cpuPerRefreshWithin: 0.1, met: cpuRatio <= 1.1 },
      errors,
      ...(errors ? { error: `${errors} errors or failed chains in the runs` } : {}),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { runFamiliesScale, waitForProjections };
