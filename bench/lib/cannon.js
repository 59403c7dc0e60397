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
 * Latencies are kept raw (autocannon's `response` event gives sub-millisecond times) and
 * summarised exactly; autocannon's own histogram figures (1 ms resolution) are kept alongside.
 */
const autocannon = require('autocannon');
const { cpuMeter } = require('./cpu');
const { summarize, round } = require('./stats');

/** How long after the deadline connections may take to drain before a hard stop. */
const DRAIN_LIMIT_S = 12; // > autocannon's 10 s request timeout

/**
 * @param {object} o
 * @param {string} o.url base URL of the service
 * @param {string} o.title
 * @param {number} o.connections
 * @param {number} o.durationSec
 * @param {object[]} o.requests autocannon `requests` (with setupRequest/onResponse)
 * @param {Record<string,string>} [o.headers]
 * @param {string} [o.method]
 * @param {number} [o.servicePid] to split CPU use into service / load generator / other
 */
async function runCannon(o) {
  const clients = [];
  const latencies = [];
  /** When each answer ended (ms into the run), parallel to `latencies`, for the timeline. */
  const endedAtMs = [];
  const statusCounts = {};
  let sent = 0;
  let lastResponseAt = 0;
  let drainStartedAt = 0;
  let gracefulDrain = true;
  let doneClients = 0;
  let cpuCores;

  const cpu = cpuMeter(o.servicePid);
  const startedAt = performance.now();
  const startedAtHr = process.hrtime.bigint();
  let lastResponseAtHr = startedAtHr;
  const instance = autocannon({
    url: o.url,
    title: o.title,
    connections: o.connections,
    pipelining: 1,
    duration: o.durationSec + DRAIN_LIMIT_S + 5, // safety net only; the drain below ends the run
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
  const slowest = []; // the 5 slowest answers, with when they ended (s into the run)
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    endedAtMs.push(performance.now() - startedAt);
    if (slowest.length < 5 || responseTime > slowest[slowest.length - 1].ms) {
      slowest.push({ ms: round(responseTime, 1), endedAtSec: round((performance.now() - startedAt) / 1000, 3), status: statusCode });
      slowest.sort((x, y) => y.ms - x.ms);
      if (slowest.length > 5) slowest.pop();
    }
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    lastResponseAt = performance.now();
    lastResponseAtHr = process.hrtime.bigint();
  });

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
  }, o.durationSec * 1000);
  const hardStop = setTimeout(() => {
    gracefulDrain = false;
    instance.stop();
  }, (o.durationSec + DRAIN_LIMIT_S) * 1000);

  let result;
  try {
    result = await instance;
  } finally {
    clearTimeout(drainTimer);
    clearTimeout(hardStop);
  }
  if (cpuCores === undefined) cpuCores = cpu();

  const elapsedMs = (lastResponseAt || performance.now()) - startedAt;
  const answered = latencies.length;
  const non2xx = Object.entries(statusCounts)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  return {
    connections: o.connections,
    pipelining: 1,
    targetDurationSec: o.durationSec,
    durationSec: round(elapsedMs / 1000),
    drainMs: drainStartedAt && lastResponseAt > drainStartedAt ? round(lastResponseAt - drainStartedAt, 1) : 0,
    gracefulDrain,
    constructedMs: round(constructedMs, 1),
    /** process.hrtime bounds of the run (first request to last answer), for the CPU profile. */
    window: { start: startedAtHr, end: lastResponseAtHr },
    requests: answered,
    requestsPerSec: round(answered / (elapsedMs / 1000), 1),
    latencyMs: summarize(latencies),
    latencyTimeline: timeline(endedAtMs, latencies),
    slowest,
    statusCounts,
    non2xx,
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    unanswered: sent - answered,
    cpuCores,
    autocannon: {
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

module.exports = { runCannon };

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
