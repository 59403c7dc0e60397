'use strict';
/**
 * Runs autocannon for a fixed time and stops it *gracefully*.
 *
 * autocannon's own `duration` stop destroys every connection at once, dropping the responses
 * still in flight. The server has already processed those requests, so for a refresh chain the
 * newest refresh token would be lost and the next run would have to re-present a spent token.
 * Instead, the run is started with a generous `duration` and, at the deadline, every connection
 * is told it has made its last request (autocannon's per-connection request cap, the field
 * behind `maxConnectionRequests`): each one finishes the request it has in flight, records the
 * response, and closes. The run then ends by itself once every connection is done. That drain
 * takes about one response time and is included in the measured duration.
 *
 * The warm-up is the first `warmupSec` of the same run, on the same connections: the measured
 * window starts while the load is already steady. (Two separate runs left the service idle
 * for about a second between them and then opened 100 new connections at once; the first
 * 100-300 ms of every measured run then had a p99 of 30-250 ms, a transient of the harness
 * that no client with kept-alive connections sees.) An answer belongs to the phase in which
 * it ended.
 *
 * Latencies are kept raw (autocannon's `response` event gives sub-millisecond times) and
 * summarised exactly; autocannon's own histogram figures (1 ms resolution) are kept alongside,
 * for the whole run, warm-up included.
 */
const autocannon = require('autocannon');
const { cpuMeter } = require('./cpu');
const { summarize, round } = require('./stats');

/** How long after the deadline connections may take to drain before a hard stop. */
const DRAIN_LIMIT_S = 12; // > autocannon's 10 s request timeout

/** Figures of one phase of a run, gathered from autocannon's `response` events. */
class Phase {
  constructor(startedAt) {
    this.startedAt = startedAt;
    this.startedAtHr = process.hrtime.bigint();
    this.lastResponseAt = 0;
    this.lastResponseAtHr = this.startedAtHr;
    this.latencies = [];
    /** When each answer ended (ms into the phase), parallel to `latencies`, for the timeline. */
    this.endedAtMs = [];
    this.statusCounts = {};
    this.slowest = []; // the 5 slowest answers, with when they ended (s into the phase)
  }

  record(statusCode, responseTime, now) {
    this.latencies.push(responseTime);
    this.endedAtMs.push(now - this.startedAt);
    const slowest = this.slowest;
    if (slowest.length < 5 || responseTime > slowest[slowest.length - 1].ms) {
      slowest.push({ ms: round(responseTime, 1), endedAtSec: round((now - this.startedAt) / 1000, 3), status: statusCode });
      slowest.sort((x, y) => y.ms - x.ms);
      if (slowest.length > 5) slowest.pop();
    }
    this.statusCounts[statusCode] = (this.statusCounts[statusCode] ?? 0) + 1;
    this.lastResponseAt = now;
    this.lastResponseAtHr = process.hrtime.bigint();
  }

  get non2xx() {
    return Object.entries(this.statusCounts)
      .filter(([code]) => !code.startsWith('2'))
      .reduce((n, [, c]) => n + c, 0);
  }

  /** Wall time from the phase's start to its last answer (or to `endedAt` if none came). */
  elapsedMs(endedAt) {
    return (this.lastResponseAt || endedAt) - this.startedAt;
  }
}

/**
 * @param {object} o
 * @param {string} o.url base URL of the service
 * @param {string} o.title
 * @param {number} o.connections
 * @param {number} [o.warmupSec] seconds of load before the measured window, same connections
 * @param {number} o.durationSec the measured window
 * @param {object[]} o.requests autocannon `requests` (with setupRequest/onResponse)
 * @param {() => void} [o.onMeasuredStart] called when the warm-up ends and the measured window starts
 * @param {Record<string,string>} [o.headers]
 * @param {string} [o.method]
 * @param {number} [o.servicePid] to split CPU use into service / load generator / other
 * @param {boolean} [o.keepLatencies] also answer the measured window's raw latencies (`latenciesRaw`),
 *   for figures over several runs at once (one per replica)
 */
async function runCannon(o) {
  const warmupMs = (o.warmupSec ?? 0) * 1000;
  const clients = [];
  let sent = 0;
  let drainStartedAt = 0;
  let gracefulDrain = true;
  let doneClients = 0;
  let cpu = cpuMeter(o.servicePid);
  let cpuCores;

  const startedAt = performance.now();
  const warmup = warmupMs > 0 ? new Phase(startedAt) : null;
  let phase = warmup ?? new Phase(startedAt);
  const instance = autocannon({
    url: o.url,
    title: o.title,
    connections: o.connections,
    pipelining: 1,
    duration: (warmupMs / 1000) + o.durationSec + DRAIN_LIMIT_S + 5, // safety net only; the drain below ends the run
    timeout: 10,
    method: o.method ?? 'POST',
    headers: o.headers ?? {},
    requests: o.requests,
    setupClient: (client) => {
      clients.push(client);
      client.on('request', () => sent++);
      // The CPU figures end when the last connection has drained, not at autocannon's next tick.
      client.on('done', () => {
        if (++doneClients === o.connections) cpuCores = cpu();
      });
    },
  });
  const constructedMs = performance.now() - startedAt; // autocannon opens all connections synchronously
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    phase.record(statusCode, responseTime, performance.now());
  });

  const measuredTimer = warmup
    ? setTimeout(() => {
        phase = new Phase(performance.now());
        cpu = cpuMeter(o.servicePid);
        o.onMeasuredStart?.();
      }, warmupMs)
    : undefined;
  const drainTimer = setTimeout(() => {
    drainStartedAt = performance.now();
    for (const client of clients) {
      if (typeof client.reqsMade === 'number' && 'responseMax' in client) {
        client.responseMax = Math.max(1, client.reqsMade);
      } else {
        gracefulDrain = false;
      }
    }
    if (!gracefulDrain) {
      process.stderr.write('bench: this autocannon version has no per-connection request cap; stopping abruptly (in-flight responses are lost)\n');
      instance.stop();
    }
  }, warmupMs + o.durationSec * 1000);
  const hardStop = setTimeout(() => {
    gracefulDrain = false;
    instance.stop();
  }, warmupMs + (o.durationSec + DRAIN_LIMIT_S) * 1000);

  let result;
  try {
    result = await instance;
  } finally {
    clearTimeout(measuredTimer);
    clearTimeout(drainTimer);
    clearTimeout(hardStop);
  }
  if (cpuCores === undefined) cpuCores = cpu();

  const measured = phase;
  const endedAt = performance.now();
  const elapsedMs = measured.elapsedMs(endedAt);
  const answered = measured.latencies.length + (warmup && warmup !== measured ? warmup.latencies.length : 0);
  return {
    connections: o.connections,
    pipelining: 1,
    targetDurationSec: o.durationSec,
    durationSec: round(elapsedMs / 1000),
    drainMs: drainStartedAt && measured.lastResponseAt > drainStartedAt ? round(measured.lastResponseAt - drainStartedAt, 1) : 0,
    gracefulDrain,
    constructedMs: round(constructedMs, 1),
    /** process.hrtime bounds of the measured window (its start to the last answer), for the CPU profile. */
    window: { start: measured.startedAtHr, end: measured.lastResponseAtHr },
    requests: measured.latencies.length,
    requestsPerSec: round(measured.latencies.length / (elapsedMs / 1000), 1),
    latencyMs: summarize(measured.latencies),
    ...(o.keepLatencies ? { latenciesRaw: measured.latencies, endedAtMsRaw: measured.endedAtMs, measuredStartedAt: measured.startedAt } : {}),
    latencyTimeline: timeline(measured.endedAtMs, measured.latencies),
    slowest: measured.slowest,
    statusCounts: measured.statusCounts,
    non2xx: measured.non2xx,
    // Connection errors, timeouts and unanswered requests are counted over the whole run,
    // warm-up included: a request lost there is still a lost request.
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    unanswered: sent - answered,
    cpuCores,
    warmup: warmup && warmup !== measured
      ? {
          durationSec: round(warmup.elapsedMs(endedAt) / 1000),
          requests: warmup.latencies.length,
          requestsPerSec: round(warmup.latencies.length / (warmupMs / 1000), 1),
          latencyMs: summarize(warmup.latencies),
          non2xx: warmup.non2xx,
        }
      : null,
    autocannon: {
      coversWarmup: warmup !== null,
      requestsPerSecAverage: result.requests.average,
      latencyMs: {
        mean: result.latency.mean,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      totalCompleted: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      duration: result.duration,
    },
  };
}

/**
 * `runCannon` for a scenario whose answers are also checked for content: `requests(countWrong)`
 * builds the requests, given a callback that counts a wrong answer. Wrong answers are errors,
 * those of the warm-up the warm-up's. The profile window (the refresh scenario's business) is
 * left out of the figures.
 */
async function runCheckedCannon({ requests, ...options }) {
  const counts = { wrong: 0 };
  let warmupWrong = 0;
  const measured = await runCannon({
    ...options,
    requests: requests(() => counts.wrong++),
    onMeasuredStart: () => {
      warmupWrong = counts.wrong;
      counts.wrong = 0;
      options.onMeasuredStart?.();
    },
  });
  const { window: _window, warmup, ...figures } = measured;
  return {
    figures,
    errors: figures.non2xx + Math.max(figures.unanswered, figures.socketErrors + figures.timeouts) + counts.wrong,
    wrongAnswers: counts.wrong,
    warmup: warmup && { ...warmup, errors: warmup.non2xx + warmupWrong },
  };
}

module.exports = { runCannon, runCheckedCannon, timeline };

const TIMELINE_WINDOW_MS = 100;

/**
 * p50 and p99 of the answers that ended in each 100 ms window of the run. Percentiles over the
 * whole run hide *when* the slow answers happen; a stall that recurs (a checkpoint every second,
 * a major GC) shows here as windows with a high p99 at a fixed period, which is how the WAL
 * checkpoint stalls were found. `stalledWindows` counts windows whose p99 is over twice the
 * run's p50.
 */
function timeline(endedAtMs, latencies) {
  const windows = [];
  for (let i = 0; i < latencies.length; i++) {
    const w = Math.floor(endedAtMs[i] / TIMELINE_WINDOW_MS);
    (windows[w] ??= []).push(latencies[i]);
  }
  const overall = summarize(latencies);
  const p50 = [];
  const p99 = [];
  let stalledWindows = 0;
  for (let w = 0; w < windows.length; w++) {
    const values = (windows[w] ?? []).sort((a, b) => a - b);
    const at = (q) => (values.length ? round(values[Math.min(values.length - 1, Math.floor(values.length * q))], 1) : null);
    p50.push(at(0.5));
    p99.push(at(0.99));
    if (values.length && overall.p50 !== undefined && at(0.99) > 2 * overall.p50) stalledWindows++;
  }
  return { windowMs: TIMELINE_WINDOW_MS, stalledWindows, windows: p99.length, p50, p99 };
}
