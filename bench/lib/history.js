'use strict';
/**
 * Scenario "history" (SPEC §4: the cost of a refresh must not grow with the family's history).
 *
 * One family (A) is refreshed sequentially over one keep-alive connection, nothing else in
 * flight, so each figure is the service's own latency for one refresh:
 *
 * - short: A's first `sample` refreshes (generations 0 .. sample-1);
 * - A is then advanced to generation `length` (untimed apart from its overall rate);
 * - long: A's next `sample` refreshes (generations length .. length+sample-1), interleaved
 *   one-for-one with the first `sample` refreshes of a fresh family B (the control). The
 *   control runs at the same moment against the same, by then larger, event log, so
 *   long-vs-control isolates the family's history from the log's overall growth and from
 *   drift of the machine; short-vs-long is the plain before/after comparison.
 *
 * Both should be equal within noise (a per-refresh cost that grew with history would show up
 * as long >> control).
 */
const { cpuMeter } = require('./cpu');
const { basicAuth, issueFamilies, TOKEN_PATH } = require('./families');
const { summarize, round } = require('./stats');

async function refreshOnce(http, auth, family) {
  const res = await http.request('POST', TOKEN_PATH, {
    headers: { authorization: auth },
    form: { grant_type: 'refresh_token', scope: 'openid offline_access', refresh_token: family.refreshToken },
  });
  if (res.status !== 200) {
    throw new Error(`history: refresh of ${family.sub} at generation ${family.generation} answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
  family.refreshToken = JSON.parse(res.body).refresh_token;
  family.generation++;
  return res.ms;
}

/**
 * @param {{ service, http, secret: string, log: Function, length: number, sample: number, warmup: number }} ctx
 */
async function runHistory(ctx) {
  const { service, http, secret, log, length, sample, warmup } = ctx;
  const auth = basicAuth(secret);
  const [w, a, b] = (await issueFamilies(http, service, 3, 'history-user')).map((f) => ({ ...f, generation: 0 }));

  log(`history: warm-up ${warmup} sequential refreshes (separate family)`);
  for (let i = 0; i < warmup; i++) await refreshOnce(http, auth, w);

  log(`history: short history, ${sample} refreshes of a new family`);
  let cpu = cpuMeter(service.child.pid);
  const short = [];
  for (let i = 0; i < sample; i++) short.push(await refreshOnce(http, auth, a));
  const shortRange = [0, a.generation - 1];
  const shortCpu = cpu();

  log(`history: advancing the family to generation ${length}`);
  const advanceStart = performance.now();
  const advanceFrom = a.generation;
  let nextReport = advanceFrom + 5000;
  while (a.generation < length) {
    await refreshOnce(http, auth, a);
    if (a.generation >= nextReport) {
      log(`history:   generation ${a.generation}`);
      nextReport += 5000;
    }
  }
  const advanceSec = (performance.now() - advanceStart) / 1000;
  const advanced = a.generation - advanceFrom;

  log(`history: long history, ${sample} refreshes at generation ${a.generation}, interleaved with a fresh control family`);
  cpu = cpuMeter(service.child.pid);
  const long = [];
  const control = [];
  const longFrom = a.generation;
  for (let i = 0; i < sample; i++) {
    long.push(await refreshOnce(http, auth, a));
    control.push(await refreshOnce(http, auth, b));
  }
  const longCpu = cpu();

  const s = summarize(short);
  const l = summarize(long);
  const c = summarize(control);
  return {
    endpoint: `POST ${TOKEN_PATH} (grant_type=refresh_token), sequential, 1 keep-alive connection`,
    requests: warmup + a.generation + b.generation,
    errors: 0,
    durationSec: null,
    sample,
    short: { generations: shortRange, latencyMs: s, cpuCores: shortCpu },
    long: { generations: [longFrom, a.generation - 1], latencyMs: l, cpuCores: longCpu },
    control: { generations: [0, b.generation - 1], note: 'fresh family, measured interleaved with long', latencyMs: c },
    ratios: {
      longVsShortP50: round(l.p50 / s.p50),
      longVsControlP50: round(l.p50 / c.p50),
      longVsShortMean: round(l.mean / s.mean),
      longVsControlMean: round(l.mean / c.mean),
    },
    advance: { refreshes: advanced, sec: round(advanceSec, 2), sequentialRefreshesPerSec: round(advanced / advanceSec, 1) },
  };
}

module.exports = { runHistory };
