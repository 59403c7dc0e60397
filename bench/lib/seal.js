'use strict';
/**
 * `npm run bench -- seal`: how fast the ledger's log is sealed and verified.
 *
 * 1. Generate: a fresh embedded event store gets N token-family events (default 500,000;
 *    `--seal-events=N`) with realistic payloads and real hash chains (the projections
 *    scenario's generator, `chained`), so the log verifies.
 * 2. Two phases, each in a Node process of its own (its peak RSS is the phase's own), running
 *    the service's own code from `dist/`:
 *    - seal: the service's `LedgerSealer` over a new `MerkleTreeStore` reads the whole log a page
 *      at a time, adds every leaf to the stored tree and to its head, and appends one signed
 *      seal (what a replica does on a first start over an existing log, and at every interval
 *      for the events since the last seal); then N/10 more events are appended and sealed, the
 *      incremental case. events/s = leaves / time.
 *    - verify: `verifyLedger` (what `POST /api/v1/audit/verify` and `npm run ledger -- verify`
 *      run): every stream's hash chain, the Merkle tree recomputed from the log, both seals'
 *      signatures, chain and roots, and the gap check. events/s = events / time.
 * 3. Check: the verification must be ok, with both seals checked and the tree as large as the
 *    log, else the scenario fails (a fast wrong verification is not a result).
 */
const { generateKeyPairSync, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT } = require('./service');
const { generate, phaseInChild: runPhase } = require('./projections');
const { round } = require('./stats');

const DIST = path.join(REPO_ROOT, 'dist');
const load = (relative) => require(path.join(DIST, relative));

/** A phase of this scenario in its own process (see lib/projections.js). */
const phaseInChild = (dir, phase, log) => runPhase(dir, phase, log, __filename, 'seal');

/** Scenario entry (bench/run.js). */
async function runSeal({ log, events = 500_000 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-seal-'));
  try {
    log(`seal: generating ${events.toLocaleString('en-US')} chained token-family events into a fresh SQLite event store`);
    const generated = await generate(path.join(dir, 'events.db'), events, log, { chained: true });
    log(`seal: generated in ${generated.sec} s; sealing in a separate process`);
    // The bench's own throw-away sealing key, handed to both phases through the temporary directory.
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(path.join(dir, 'sealing-key.json'), JSON.stringify(privateKey.export({ format: 'jwk' })), { mode: 0o600 });
    const seal = await phaseInChild(dir, 'seal', log);
    log('seal: verifying the sealed log in another process');
    const verify = await phaseInChild(dir, 'verify', log);
    const total = generated.events + seal.incremental.events;
    const problems = [];
    if (!verify.ok) problems.push(`verification not ok: ${JSON.stringify(verify.breaks)}`);
    if (verify.sealsChecked !== 2) problems.push(`${verify.sealsChecked} seals checked, expected 2`);
    if (verify.treeSize !== total) problems.push(`tree of ${verify.treeSize} leaves, expected ${total}`);
    return {
      events: total,
      generate: { events: generated.events, sec: generated.sec, eventsFileMiB: generated.eventsFileMiB },
      seal,
      verify,
      check: { ok: problems.length === 0, ...(problems.length ? { problems } : {}) },
      ...(problems.length ? { error: problems.join('; ') } : {}),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Appends `count` more chained events (new families of two events each) for the incremental
 * seal, as the command loop appends them (canonical text and its hash handed to the store).
 */
async function appendMore(store, { canonicalJson, eventHashOfJson }, count) {
  const asLoop = (streamName, revision, event) => {
    const json = { data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) };
    return { ...event, json: { ...json, hash: eventHashOfJson({ streamName, revision, id: event.id, type: event.type }, json.data, json.metadata) } };
  };
  for (let i = 0; i < count; i += 2) {
    const streamName = `tokenFamily-benchmore${i}`;
    const first = asLoop(streamName, 0n, { id: randomUUID(), type: 'TokenIssued', data: { familyId: `benchmore${i}`, n: i }, metadata: { schemaVersion: 1, previousEventHash: null } });
    const second = asLoop(streamName, 1n, { id: randomUUID(), type: 'TokenRevoked', data: { familyId: `benchmore${i}`, reason: 'admin' }, metadata: { schemaVersion: 1, previousEventHash: first.json.hash } });
    await store.append(streamName, [first, second], { expectedRevision: 'no_stream' });
  }
}

/** A child phase; prints one JSON report. */
async function phaseMain(phase, dir) {
  const { SqliteEventStore } = load('libs/event-store-sqlite/src');
  const eventSourcing = load('libs/event-sourcing/src');
  const { MerkleTreeStore } = load('libs/read-model-sqlite/src');
  const { LedgerSealer, verifyLedger } = load('libs/audit/src');
  const { SealingKey } = load('libs/token-crypto/src');
  const say = (msg) => process.stderr.write(`${msg}\n`);
  const key = await SealingKey.fromPrivateJwk(JSON.parse(fs.readFileSync(path.join(dir, 'sealing-key.json'), 'utf8')), 'bench');
  const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  let report;
  if (phase === 'seal') {
    const tree = MerkleTreeStore.open(path.join(dir, 'merkle-tree.db'));
    const sealer = new LedgerSealer(store, tree);
    await sealer.open();
    let started = performance.now();
    const leaves = await sealer.catchUp();
    const first = await sealer.seal(key, Date.now());
    const sec = (performance.now() - started) / 1000;
    if (!first.sealed) throw new Error(`no seal: ${JSON.stringify(first)}`);
    const more = Math.max(2, Math.round(leaves / 20) * 2);
    await appendMore(store, eventSourcing, more);
    started = performance.now();
    const added = await sealer.catchUp();
    const second = await sealer.seal(key, Date.now());
    const incSec = (performance.now() - started) / 1000;
    if (!second.sealed) throw new Error(`no second seal: ${JSON.stringify(second)}`);
    tree.close();
    report = {
      phase,
      leaves,
      sec: round(sec, 2),
      eventsPerSec: Math.round(leaves / sec),
      incremental: { events: added, sec: round(incSec, 3), eventsPerSec: Math.round(added / incSec) },
      treeFileMiB: round(fs.statSync(path.join(dir, 'merkle-tree.db')).size / 2 ** 20, 1),
    };
    say(`seal: ${leaves} leaves sealed in ${report.sec} s = ${report.eventsPerSec} events/s; then ${added} more in ${report.incremental.sec} s`);
  } else {
    const started = performance.now();
    const result = await verifyLedger(store, { trustedKeys: new Map([[key.keyId, key.publicJwk]]), densePositions: true });
    const sec = (performance.now() - started) / 1000;
    report = {
      phase,
      ok: result.ok,
      events: result.eventsChecked,
      sec: round(sec, 2),
      eventsPerSec: Math.round(result.eventsChecked / sec),
      sealsChecked: result.seals.checked,
      treeSize: result.tree.size,
      ...(result.ok ? {} : { breaks: { chain: result.firstBreak ?? null, seal: result.seals.firstBreak ?? null, gaps: result.gaps } }),
    };
    say(`verify: ${report.events} events in ${report.sec} s = ${report.eventsPerSec} events/s, ok ${report.ok}`);
  }
  clearInterval(sampler);
  report.peakRssMiB = round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20, 1);
  report.maxRssMiB = round(process.resourceUsage().maxRSS / 1024, 1);
  await store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (require.main === module) {
  phaseMain(process.argv[2], process.argv[3]).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

module.exports = { runSeal };
