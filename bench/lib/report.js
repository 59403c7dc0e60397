'use strict';
/** Result file and console table. */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT } = require('./service');

/** Other processes' CPU use (cores) from which a scenario's figures are flagged as disturbed. */
const OTHER_LOAD_WARNING = 0.25;

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function git() {
  const run = (...args) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = run('rev-parse', '--short', 'HEAD');
    // Only changes outside bench/ matter for what was measured.
    const dirty = run('status', '--porcelain', '--', '.', ':(exclude)bench').length > 0;
    return { commit, dirtyOutsideBench: dirty };
  } catch {
    return { commit: null, dirtyOutsideBench: null };
  }
}

function autocannonVersion() {
  try {
    return require('autocannon/package.json').version;
  } catch {
    return 'unknown';
  }
}

/** `2026-01-01T12-00-00Z`: ISO 8601 with the colons replaced, so it is a portable file name. */
function fileStamp(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** Writes `<stamp>-<name>.json` and, unless told not to, `latest.json`; returns the paths. */
function writeResults(doc, name, { latest = true } = {}) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const file = path.join(RESULTS_DIR, `${fileStamp(new Date(doc.startedAt))}-${name}.json`);
  fs.writeFileSync(file, text);
  const written = [file];
  if (latest) {
    const latestFile = path.join(RESULTS_DIR, 'latest.json');
    fs.writeFileSync(latestFile, text);
    written.push(latestFile);
  }
  return written;
}

const fmt = (x, d = 2) => (x === null || x === undefined ? '-' : typeof x === 'number' ? x.toFixed(d) : String(x));

function printTable(doc) {
  let footnote = false;
  const rows = [['scenario', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'duration s']];
  for (const [name, r] of Object.entries(doc.scenarios)) {
    if (r.error) {
      rows.push([name, 'FAILED', '', '', '', '', '', '', '']);
      continue;
    }
    if (name === 'history') continue;
    const busy = (r.cpuCores?.otherCores ?? 0) >= OTHER_LOAD_WARNING;
    if (busy) footnote = true;
    rows.push([name + (busy ? ' *' : ''), fmt(r.requestsPerSec, 0), fmt(r.latencyMs.p50), fmt(r.latencyMs.p90), fmt(r.latencyMs.p99), fmt(r.latencyMs.max), String(r.requests), String(r.errors), fmt(r.durationSec)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const out = [];
  out.push('');
  out.push(`Token Ledger bench  ${doc.machine.cpuCount} x ${doc.machine.cpuModel}  node ${doc.machine.node}  store ${doc.store} (synchronous=${doc.sqliteSynchronous})  commit ${doc.git.commit ?? '?'}  machine busy before start: ${doc.machine.busyCoresBeforeStart ?? '?'} cores`);
  if (rows.length > 1) {
    out.push(line(rows[0]));
    out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows.slice(1)) out.push(line(row));
  }
  if (footnote) out.push(`* other processes used >= ${OTHER_LOAD_WARNING} cores during this run: its figures are lower than on an idle machine`);
  for (const [name, sc] of Object.entries(doc.scenarios)) {
    const c = sc.cpuCores;
    const slow = sc.slowest?.[0];
    const tl = sc.latencyTimeline;
    const stallText = tl ? `; ${tl.stalledWindows} of ${tl.windows} ${tl.windowMs} ms windows with p99 > 2 x p50` : '';
    const slowText = (slow ? `; slowest answer ${slow.ms} ms, ${slow.endedAtSec} s into the run` : '') + stallText;
    if (c) out.push(`${name} CPU (cores of ${doc.machine.cpuCount}): service ${c.serviceCores}, load generator ${c.loadGeneratorCores}, other processes ${c.otherCores}${slowText}`);
  }
  for (const [name, sc] of Object.entries(doc.scenarios)) {
    // Several replicas (lib/replicas.js): what one refresh costs the store and the servers.
    const pr = sc.perRefresh;
    if (!pr) continue;
    const cores = sc.cpuCores?.processCores ? Object.entries(sc.cpuCores.processCores).map(([p, c]) => `${p} ${fmt(c)}`).join(', ') : '-';
    const share = pr.onAnotherReplicaShare === undefined ? '' : ` (${fmt(pr.onAnotherReplicaShare * 100, 1)}% on another replica than the chain's last)`;
    out.push(`${name} per refresh${share}: appends ${fmt(pr.appends, 3)}, reads ${fmt(pr.reads, 3)}, server CPU ${fmt(pr.serverCpuMs, 3)} ms (cores: ${cores}); chains ${sc.chains.count}, breaks ${sc.chains.chainBreaks}, pool misses ${sc.chains.poolMisses}; sanity ${sc.sanity.ok}/${sc.sanity.chains} chains still refresh`);
  }
  const r = doc.scenarios.refresh;
  if (r && !r.error) {
    out.push(`refresh chains: ${r.chains.refreshesPerChain.min}-${r.chains.refreshesPerChain.max} refreshes/chain, breaks ${r.chains.chainBreaks}, lost ${r.chains.lostResponses}, reused tokens ${r.chains.reusedTokens}, handoffs ${r.chains.handoffs}; sanity ${r.sanity.ok}/${r.sanity.chains} chains still refresh`);
  }
  const h = doc.scenarios.history;
  if (h && !h.error) {
    const g = (x) => `${x.generations[0]}-${x.generations[1]}`;
    out.push(`history (sequential, 1 connection, ${h.sample} refreshes each):`);
    const other = (x) => (x.cpuCores ? `  (other processes ${x.cpuCores.otherCores} cores)` : '');
    out.push(`  short   gen ${g(h.short).padEnd(13)} p50 ${fmt(h.short.latencyMs.p50, 3)} ms  mean ${fmt(h.short.latencyMs.mean, 3)} ms  p99 ${fmt(h.short.latencyMs.p99, 3)} ms${other(h.short)}`);
    out.push(`  long    gen ${g(h.long).padEnd(13)} p50 ${fmt(h.long.latencyMs.p50, 3)} ms  mean ${fmt(h.long.latencyMs.mean, 3)} ms  p99 ${fmt(h.long.latencyMs.p99, 3)} ms${other(h.long)}`);
    out.push(`  control gen ${g(h.control).padEnd(13)} p50 ${fmt(h.control.latencyMs.p50, 3)} ms  mean ${fmt(h.control.latencyMs.mean, 3)} ms  p99 ${fmt(h.control.latencyMs.p99, 3)} ms  (fresh family, interleaved with long)`);
    out.push(`  p50 ratio long/short ${fmt(h.ratios.longVsShortP50, 3)}, long/control ${fmt(h.ratios.longVsControlP50, 3)}`);
  }
  const p = doc.profile;
  if (p && p.summary) {
    out.push(`CPU profile of the service (${p.summary.windowed ? 'measured run only' : 'whole process'}, ${p.summary.samples} samples, busy ${p.summary.busyPct}%): ${p.file}`);
    for (const e of p.summary.topSelf) out.push(`  ${fmt(e.selfPct, 1).padStart(5)}%  ${e.function}  ${e.location}`);
    out.push(`  by origin: ${p.summary.byOrigin.slice(0, 8).map((o) => `${o.origin} ${o.selfPct}%`).join(', ')}`);
    out.push(`  stages (inclusive, overlapping): ${p.summary.stagesInclusive.filter((x) => x.inclusivePct > 0).map((x) => `${x.stage.split(' (')[0]} ${x.inclusivePct}%`).join(', ')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

module.exports = { machine, git, autocannonVersion, writeResults, printTable, fileStamp, RESULTS_DIR };
