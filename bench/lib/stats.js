'use strict';
/** Exact latency statistics from raw samples (milliseconds), no histogram rounding. */

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round = (x, digits = 3) => (x === null || x === undefined ? x : Number(x.toFixed(digits)));

/** @param {ArrayLike<number>} samples latencies in ms */
function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    count: n,
    mean: n ? round(sum / n) : null,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: n ? round(sorted[n - 1]) : null,
    min: n ? round(sorted[0]) : null,
  };
}

module.exports = { summarize, percentile, round };
