'use strict';
/**
 * `npm run bench -- projections`: how fast the read models are rebuilt from the log, and in
 * how much memory.
 *
 * 1. Generate: a fresh embedded event store (the SQLite adapter, through its `append`, many
 *    appends in flight per group commit, synchronous=NORMAL since durability is not what is
 *    measured here) gets N token-family events (default 1,000,000) with realistic payloads
 *    (the shapes the service writes, metadata included) and a realistic mix: families are
 *    issued, refreshed a geometric number of times (mean ~6.5, some never, a few dozens of
 *    times), ~12% revoked (client request, reuse detection, admin, user logout), their events
 *    interleaved across 5,000 families in flight as concurrent traffic interleaves them.
 * 2. Two phases, each in a Node process of its own (so each peak RSS is that phase's, not the
 *    generator's), running the service's own ProjectionEngine and ReadModelDatabase from
 *    `dist/` with their default settings, the event store opened as the service opens it:
 *    - build: a new, empty read-model database over the log (a first start, a deleted file);
 *    - rebuild: on that database, `rebuild('token_families')` fills a new generation from zero
 *      while the built one keeps serving, then swaps it in (what POST …/rebuild does).
 *    Each is timed from the engine's start to the swap (indexes included); events/s = events of
 *    the log / that time. Memory: RSS sampled every 50 ms, and the process's maxRSS (getrusage).
 * 3. Check: both must hold every generated family and revocation and have applied every event,
 *    else the scenario fails (a fast wrong rebuild is not a result).
 */
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT } = require('./service');
const { round } = require('./stats');

const DIST = path.join(REPO_ROOT, 'dist');
const load = (relative) => {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(`${file}.js`) && !fs.existsSync(path.join(file, 'index.js'))) {
    throw new Error(`${file} is missing: run "nest build token-service" first (npm run bench does)`);
  }
  return require(file);
};

const FAMILIES_IN_FLIGHT = 5_000;
const APPENDS_IN_FLIGHT = 4_000;
const CLIENTS = Array.from({ length: 20 }, (_, i) => `client-${String(i).padStart(2, '0')}`);
const SUBJECTS = 50_000;
const MINUTE = 60_000;
const REVOKE_SHARE = 0.12;
const REVOKE_REASONS = [
  ['client_request', 0.5],
  ['reuse_detected', 0.2],
  ['admin', 0.15],
  ['user_logout', 0.15],
];
const T0 = Date.UTC(2026, 0, 1);

/** Small deterministic PRNG (mulberry32): the same log on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random, n) => {
  let s = '';
  while (s.length < n) s += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
};
const id = (random, n) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
};

/** One family's plan: how many refreshes, whether and why it is revoked. */
function planFamily(random, n) {
  // Geometric number of refreshes, mean ~6.5.
  let refreshes = 0;
  while (random() < 0.867 && refreshes < 200) refreshes += 1;
  let revokeReason = null;
  if (random() < REVOKE_SHARE) {
    let r = random();
    for (const [reason, share] of REVOKE_REASONS) {
      if ((r -= share) <= 0) {
        revokeReason = reason;
        break;
      }
    }
    revokeReason ??= 'client_request';
  }
  return {
    familyId: id(random, 16),
    clientId: CLIENTS[Math.floor(random() * CLIENTS.length)],
    subject: `user-${Math.floor(random() * SUBJECTS)}@example.com`,
    refreshes,
    revokeReason,
    issuedAt: T0 + n * 50,
    emitted: 0,
    lastHash: null,
  };
}

const PROVENANCE = { authorizationServerId: 'default', policyId: '00pDefaultPolicy00000', ruleId: '0prDefaultRule0000000', configVersion: 3 };

/** The next event of a family, shaped as the service writes it. */
function nextEvent(random, f, at) {
  const rt = (seq) => ({ id: `${f.familyId}.${seq}`, sequence: seq, hash: hex(random, 64) });
  const access = () => {
    const iat = Math.floor(at / 1000);
    return { jti: `${f.familyId}.${id(random, 12)}`, iat, exp: iat + 3600 };
  };
  const step = f.emitted;
  let type;
  let data;
  if (step === 0) {
    type = 'TokenIssued';
    data = {
      familyId: f.familyId,
      authorizationServerId: 'default',
      clientId: f.clientId,
      subject: f.subject,
      username: f.subject,
      scopes: ['openid', 'profile', 'offline_access'],
      grantType: 'authorization_code',
      refreshToken: rt(0),
      accessToken: access(),
      idToken: { jti: id(random, 16) },
      lifetimes: { accessTokenMinutes: 60, refreshTokenMinutes: 0, refreshTokenWindowMinutes: 10080 },
      refreshExpiresAt: null,
      idleExpiresAt: at + 10080 * MINUTE,
      rotation: { type: 'ROTATE', leewaySeconds: 30 },
      provenance: PROVENANCE,
      issuedAt: at,
      authTime: Math.floor(at / 1000) - 5,
    };
  } else if (step <= f.refreshes) {
    type = 'TokenRefreshed';
    data = {
      familyId: f.familyId,
      generation: step,
      presentedRefreshTokenId: `${f.familyId}.${step - 1}`,
      refreshToken: rt(step),
      previousRefreshToken: rt(step - 1),
      rotatedAt: at,
      accessToken: access(),
      idToken: { jti: id(random, 16) },
      idleExpiresAt: at + 10080 * MINUTE,
      accessTokenLifetimeMinutes: 60,
      provenance: PROVENANCE,
      leewayRetry: false,
      refreshedAt: at,
    };
  } else {
    type = 'TokenRevoked';
    const system = f.revokeReason === 'reuse_detected';
    data = {
      familyId: f.familyId,
      tokenId: `${f.familyId}.${f.refreshes}`,
      reason: f.revokeReason,
      requestedBy: system ? 'system' : f.revokeReason === 'client_request' ? `client:${f.clientId}` : 'admin:service',
      revokedAt: at,
    };
  }
  const requestId = randomUUID();
  const metadata = {
    schemaVersion: 1,
    actor: type === 'TokenIssued' ? 'admin:service' : `client:${f.clientId}`,
    requestId,
    correlationId: requestId,
    causationId: requestId,
    previousEventHash: f.lastHash,
  };
  f.emitted += 1;
  return { type, data, metadata };
}

/**
 * Appends `total` events to a fresh store at `filename`; returns what was generated. With
 * `chained`, events are appended as the command loop appends them (canonical JSON text, its
 * hash handed to the store, each `previousEventHash` the real hash of its predecessor), so
 * `verify` passes on the log; without, a random stand-in (the read models never look at it,
 * and hashing every event would slow the generator down).
 */
async function generate(filename, total, log, { chained = false } = {}) {
  const { SqliteEventStore } = load('libs/event-store-sqlite/src');
  const { canonicalJson, eventHashOfJson } = load('libs/event-sourcing/src');
  const store = new SqliteEventStore({ filename, synchronous: 'NORMAL', maxBatchEvents: 5_000 });
  const random = prng(20260101);
  const inFlight = [];
  let familiesStarted = 0;
  const stats = { events: 0, families: 0, refreshes: 0, revoked: 0, byType: { TokenIssued: 0, TokenRefreshed: 0, TokenRevoked: 0 } };
  const started = performance.now();
  let pending = [];
  let nextReport = 100_000;
  while (stats.events < total) {
    // Keep FAMILIES_IN_FLIGHT families open; a new one starts whenever one ends.
    while (inFlight.length < FAMILIES_IN_FLIGHT && stats.events + inFlight.length < total) {
      inFlight.push(planFamily(random, familiesStarted++));
    }
    const index = Math.floor(random() * inFlight.length);
    const f = inFlight[index];
    const at = f.issuedAt + f.emitted * 5 * MINUTE;
    const event = nextEvent(random, f, at);
    stats.events += 1;
    stats.byType[event.type] += 1;
    if (event.type === 'TokenIssued') stats.families += 1;
    if (event.type === 'TokenRevoked') stats.revoked += 1;
    const done = f.emitted > f.refreshes + (f.revokeReason ? 1 : 0);
    if (done) {
      inFlight[index] = inFlight[inFlight.length - 1];
      inFlight.pop();
    }
    const streamName = `tokenFamily-${f.familyId}`;
    let toAppend = { id: randomUUID(), type: event.type, data: event.data, metadata: event.metadata };
    if (chained) {
      // As the command loop appends: the canonical texts it hashed, and that hash.
      const json = { data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) };
      const hash = eventHashOfJson({ streamName, revision: BigInt(f.emitted - 1), id: toAppend.id, type: event.type }, json.data, json.metadata);
      toAppend = { ...toAppend, json: { ...json, hash } };
      f.lastHash = hash;
    } else {
      f.lastHash = hex(random, 64);
    }
    pending.push(store.append(streamName, [toAppend], { expectedRevision: 'any' }));
    if (pending.length >= APPENDS_IN_FLIGHT) {
      await Promise.all(pending);
      pending = [];
    }
    if (stats.events >= nextReport) {
      log(`projections: generated ${stats.events.toLocaleString('en-US')} events`);
      nextReport += 100_000;
    }
  }
  await Promise.all(pending);
  await store.close();
  stats.sec = round((performance.now() - started) / 1000, 1);
  stats.appendsPerSec = Math.round(stats.events / stats.sec);
  stats.eventsFileMiB = round(fs.statSync(filename).size / 2 ** 20, 1);
  return stats;
}

/**
 * Runs one phase in a child process (its peak RSS is the phase's own) and parses its report:
 * `node <script> <phase> <dir>`, the script's stderr lines logged under `label`.
 */
function phaseInChild(dir, phase, log, script = __filename, label = 'projections') {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, phase, dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => {
      for (const line of String(c).split('\n')) if (line.trim()) log(`${label}: ${line.trim()}`);
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${phase} process exited with ${code}`));
      try {
        resolve(JSON.parse(out));
      } catch (error) {
        reject(new Error(`${phase} process printed no report: ${error.message}`));
      }
    });
  });
}

/** Scenario entry (bench/run.js). */
async function runProjections({ log, events = 1_000_000 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-projections-'));
  try {
    log(`projections: generating ${events.toLocaleString('en-US')} token-family events into a fresh SQLite event store`);
    const generated = await generate(path.join(dir, 'events.db'), events, log);
    log(`projections: generated in ${generated.sec} s (${generated.appendsPerSec} appends/s); building the read models in a separate process`);
    const build = await phaseInChild(dir, 'build', log);
    log('projections: rebuilding beside the built generation, in another process');
    const rebuild = await phaseInChild(dir, 'rebuild', log);
    const expected = { total: generated.families, revoked: generated.revoked, eventsApplied: generated.events };
    const problems = [build, rebuild]
      .map((r) => ({ phase: r.phase, got: { total: r.counts.total, revoked: r.counts.revoked, eventsApplied: r.eventsApplied } }))
      .filter((r) => JSON.stringify(r.got) !== JSON.stringify(expected));
    return {
      events: generated.events,
      mix: generated.byType,
      families: generated.families,
      generate: { sec: generated.sec, appendsPerSec: generated.appendsPerSec, eventsFileMiB: generated.eventsFileMiB },
      build,
      rebuild,
      check: { ok: problems.length === 0, expected, ...(problems.length ? { problems } : {}) },
      ...(problems.length ? { error: `the rebuilt read models differ from the generated log: ${JSON.stringify(problems)}` } : {}),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A child phase. `build`: a new read-model database over the log (what a first start, or a
 * deleted read-model file, does). `rebuild`: on the database `build` left, `rebuild()` fills a
 * new generation beside the serving one and swaps it in (what POST …/rebuild does). Prints one
 * JSON report.
 */
async function phaseMain(phase, dir) {
  const { SqliteEventStore } = load('libs/event-store-sqlite/src');
  const { ReadModelDatabase } = load('libs/read-model-sqlite/src');
  const { ProjectionEngine } = load('libs/projections/src/projection-engine');
  const { PROJECTION_SOURCES } = load('libs/projections/src/projection-runner');
  const say = (msg) => process.stderr.write(`${msg}\n`);
  const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
  const file = path.join(dir, 'read-models.db');
  if (phase === 'build') for (const f of fs.readdirSync(dir)) if (f.startsWith('read-models.db')) fs.rmSync(path.join(dir, f));
  const db = ReadModelDatabase.open({ filename: file });
  const engine = new ProjectionEngine({ store, db, projections: PROJECTION_SOURCES, now: () => T0 });
  const [head] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });

  let peak = process.memoryUsage.rss();
  const rssAtStart = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  engine.start();
  let started = performance.now();
  if (phase === 'build') {
    await engine.waitForPosition(head.position, 3_600_000);
  } else {
    await engine.waitUntilCaughtUp(3_600_000);
    started = performance.now();
    await engine.rebuild('token_families').swapped;
  }
  const sec = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const status = (await engine.status(0))[0];
  const counts = db.tokenFamilies.counts(T0);
  await engine.stop();
  db.close();
  await store.close();
  const report = {
    phase,
    sec: round(sec, 2),
    eventsApplied: status.eventsApplied,
    eventsPerSec: Math.round(status.eventsApplied / sec),
    generation: status.generation,
    peakRssMiB: round(peak / 2 ** 20, 1),
    rssAtStartMiB: round(rssAtStart / 2 ** 20, 1),
    maxRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    readModelsFileMiB: round(fs.statSync(file).size / 2 ** 20, 1),
    counts: { total: counts.total, revoked: counts.revoked, byRevokeReason: counts.byRevokeReason },
    node: process.version,
  };
  say(`${phase}: ${report.eventsApplied} events in ${report.sec} s = ${report.eventsPerSec} events/s, peak RSS ${report.peakRssMiB} MiB (maxRSS ${report.maxRssMiB} MiB)`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (require.main === module) {
  phaseMain(process.argv[2], process.argv[3]).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

module.exports = { runProjections, generate, phaseInChild };
