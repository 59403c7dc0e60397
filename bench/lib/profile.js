'use strict';
/**
 * Summarises a V8 `.cpuprofile` (as written by `node --cpu-prof`): self time per function and
 * per origin (app code, each library, node internals, GC, idle), optionally restricted to a
 * time window so start-up, issuance and warm-up do not dilute the measured run.
 *
 * Window and profile share one clock: V8's profile timestamps are microseconds of the
 * monotonic clock, the same clock as `process.hrtime` in any process on the machine (Linux
 * CLOCK_MONOTONIC). When the window does not fall inside the profile (another platform), the
 * whole profile is used and the summary says so.
 */
const path = require('node:path');
const { REPO_ROOT } = require('./service');

function shortUrl(url) {
  if (!url) return '';
  let p = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (p.startsWith(REPO_ROOT + path.sep)) p = p.slice(REPO_ROOT.length + 1);
  return p;
}

/** Which part of the system a frame belongs to. */
function originOf(callFrame) {
  const url = shortUrl(callFrame.url);
  const name = callFrame.functionName;
  if (!url) return name.startsWith('(') ? name : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const m = /^dist\/(apps|libs)\/([^/]+)\//.exec(url);
  if (m) return m[1] === 'apps' ? `app: ${m[2]}` : `lib: ${m[2]}`;
  return url;
}

/**
 * Stages of a request, matched on any frame of a sample's stack (inclusive time, so the
 * stages overlap with each other and with the self-time list).
 */
const STAGES = [
  ['event store reads (readStream: SQLite point reads + row decoding)', (f, u) => f.functionName === 'readStream' && u.includes('event-store-sqlite')],
  ['group commit (flush: inserts + COMMIT, fsync included)', (f, u) => f.functionName === 'flush' && u.includes('event-store-sqlite')],
  ['JWT signing (jwt-signer)', (f, u) => u.includes('token-crypto/src/jwt-signer')],
  ['JWT verification (jwt-verifier)', (f, u) => u.includes('token-crypto/src/jwt-verifier')],
  ['refresh-token codec (HMAC)', (f, u) => u.includes('token-crypto/src/refresh-token-codec')],
  ['event hash chain (event-hash, canonical-json)', (f, u) => /event-sourcing\/src\/(event-hash|canonical-json)/.test(u)],
  ['form validation (class-validator/transformer)', (f, u) => /node_modules\/class-(validator|transformer)\//.test(u)],
  ['HTTP parsing (parserOn*)', (f) => f.functionName.startsWith('parserOn')],
  ['projections on the event loop (subscription pages, apply, batches to the read-model worker)', (f, u) => /projections\/src\/projection-engine|read-model-sqlite\/|sqlite-subscription|sqlite-recent-events/.test(u)],
  ['fastify + Nest pipeline (up to the handler\'s first await)', (f, u) => /node_modules\/(fastify|@fastify|@nestjs|find-my-way)\//.test(u)],
];

/**
 * @param {object} profile parsed .cpuprofile JSON
 * @param {{ start: bigint, end: bigint } | null} window hrtime (ns) bounds, or null for all
 * @param {number} [top]
 */
function summarizeProfile(profile, window, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let lo = -Infinity;
  let hi = Infinity;
  let windowed = false;
  if (window) {
    const ws = Number(window.start / 1000n);
    const we = Number(window.end / 1000n);
    if (ws >= profile.startTime && we <= profile.endTime + 1e6 && ws < we) {
      lo = ws;
      hi = we;
      windowed = true;
    }
  }
  const parentOf = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const stageSamples = STAGES.map(() => 0);
  const selfByNode = new Map();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < lo || t > hi) continue;
    total++;
    const id = profile.samples[i];
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + 1);
    const hit = STAGES.map(() => false);
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const cf = byId.get(at).callFrame;
      const url = shortUrl(cf.url);
      STAGES.forEach(([, match], k) => {
        if (!hit[k] && match(cf, url)) hit[k] = true;
      });
    }
    hit.forEach((h, k) => {
      if (h) stageSamples[k]++;
    });
  }

  const byFunction = new Map();
  const byOrigin = new Map();
  for (const [id, count] of selfByNode) {
    const cf = byId.get(id).callFrame;
    const url = shortUrl(cf.url);
    const fn = cf.functionName || '(anonymous)';
    const key = url ? `${fn} ${url}:${cf.lineNumber + 1}` : fn;
    const entry = byFunction.get(key) ?? { function: fn, location: url ? `${url}:${cf.lineNumber + 1}` : '', origin: originOf(cf), samples: 0 };
    entry.samples += count;
    byFunction.set(key, entry);
    const origin = originOf(cf);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + count);
  }
  const pct = (n) => Number(((100 * n) / Math.max(1, total)).toFixed(1));
  const idle = byOrigin.get('(idle)') ?? 0;
  return {
    windowed,
    windowSec: windowed ? Number(((hi - lo) / 1e6).toFixed(2)) : Number(((profile.endTime - profile.startTime) / 1e6).toFixed(2)),
    samples: total,
    samplingIntervalMs: profile.samples.length > 1 ? Number(((profile.endTime - profile.startTime) / profile.samples.length / 1000).toFixed(3)) : null,
    busyPct: pct(total - idle),
    topSelf: [...byFunction.values()]
      .sort((x, y) => y.samples - x.samples)
      .slice(0, top)
      .map((e) => ({ selfPct: pct(e.samples), function: e.function, location: e.location, origin: e.origin })),
    stagesInclusive: STAGES.map(([stage], k) => ({ stage, inclusivePct: pct(stageSamples[k]) })).sort((x, y) => y.inclusivePct - x.inclusivePct),
    byOrigin: [...byOrigin.entries()]
      .sort((x, y) => y[1] - x[1])
      .map(([origin, n]) => ({ origin, selfPct: pct(n) })),
  };
}

module.exports = { summarizeProfile };
