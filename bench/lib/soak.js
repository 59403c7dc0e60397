'use strict';
/**
 * `npm run bench -- soak [--soak-minutes=M]`: is the service's memory bounded under a long
 * refresh load? (Issue 18: RSS after 10 minutes of refresh load within 20% of after 1 minute.)
 *
 * A fresh service (lib/service.js) and one refresh load (lib/refresh.js: 100 families issued
 * through the API, 100 connections, each continuing its own chain) for M minutes (default 10)
 * with no separate warm-up: the minutes count from the first request. Every second the bench
 * samples the service's VmRSS (/proc/<pid>/status: the whole process, V8 heap, SQLite caches and
 * other native memory), its CPU time (utime+stime) and the refreshes answered so far. Reported:
 * RSS at 1 minute and at the end, end / 1 minute (the bar: <= 1.20), the peak (largest sample and
 * the kernel's VmHWM), and per minute the refreshes/s, the service's CPU per refresh and the RSS
 * at the minute's end, so a slow leak or a throughput that decays shows which minute it starts.
 * Afterwards every chain's newest token must still refresh (the refresh scenario's sanity check),
 * and the data directory's size (the log, its seals and the read models, WAL files included) is
 * recorded, every second too: a file that grows without bound is a cost that grows as well.
 */
const { HttpClient } = require('./http');
const { startService } = require('./service');
const { runRefresh } = require('./refresh');
const { processJiffies, HZ } = require('./cpu');
const { processMemory, directorySize, mib } = require('./memory');
const { round } = require('./stats');

const SAMPLE_MS = 1000;

/** The sample closest to `sec` seconds into the load (the last one for `Infinity`). */
const sampleAt = (samples, sec) =>
  samples.reduce((best, s) => (Math.abs(s.sec - sec) < Math.abs(best.sec - sec) ? s : best), samples[0]);

/**
 * Scenario entry (bench/run.js).
 * @param {{ log: Function, minutes: number, connections: number, sqliteSynchronous: string }} o
 */
async function runSoak({ log, minutes, connections, sqliteSynchronous }) {
  log('soak: starting a fresh service');
  const service = await startService({ sqliteSynchronous });
  const pid = service.child.pid;
  const http = new HttpClient(service.baseUrl);
  const samples = [];
  let timer;
  try {
    const rssBeforeLoad = processMemory(pid);
    const sample = (book, t0) => {
      const memory = processMemory(pid);
      let jiffies = null;
      try {
        jiffies = processJiffies(pid);
      } catch {
        // the service is gone; the run reports it
      }
      const refreshes = book.chains.reduce((n, c) => n + c.refreshes, 0);
      let dataMiB = null;
      try {
        dataMiB = mib(directorySize(service.dataDir).bytes);
      } catch {
        // a file vanished between listing and stat (a WAL reset): the next sample has it
      }
      samples.push({ sec: round((performance.now() - t0) / 1000, 2), rssMiB: memory && round(memory.rssKiB / 1024, 1), cpuSec: jiffies === null ? null : jiffies / HZ, refreshes, dataMiB });
    };
    log(`soak: ${minutes} minutes of refresh load, ${connections} connections, RSS sampled every ${SAMPLE_MS / 1000} s`);
    const { result } = await runRefresh({
      service,
      http,
      secret: service.demoClientSecret(),
      log,
      connections,
      warmupSec: 0,
      durationSec: minutes * 60,
      onLoadStart: (book) => {
        const t0 = performance.now();
        sample(book, t0);
        let lastLogged = 0;
        timer = setInterval(() => {
          sample(book, t0);
          const s = samples[samples.length - 1];
          if (s.sec - lastLogged >= 60) {
            lastLogged = s.sec;
            log(`soak:   ${Math.round(s.sec)} s: RSS ${s.rssMiB} MiB, ${s.refreshes.toLocaleString('en-US')} refreshes`);
          }
        }, SAMPLE_MS);
      },
    });
    clearInterval(timer);
    const memoryAfter = processMemory(pid);
    const dataDir = directorySize(service.dataDir);

    // Samples during the load only (the sanity check after it is not load).
    const load = samples.filter((s) => s.sec <= result.durationSec + 0.5);
    const atOneMinute = sampleAt(load, 60);
    const atEnd = load[load.length - 1];
    const perMinute = [];
    for (let m = 0; m < Math.ceil(atEnd.sec / 60 - 0.01); m++) {
      const from = sampleAt(load, m * 60);
      const to = sampleAt(load, Math.min((m + 1) * 60, atEnd.sec));
      const refreshes = to.refreshes - from.refreshes;
      const sec = to.sec - from.sec;
      if (sec <= 0) continue;
      perMinute.push({
        minute: m + 1,
        refreshesPerSec: round(refreshes / sec, 1),
        serviceCpuUsPerRefresh: refreshes > 0 && to.cpuSec !== null && from.cpuSec !== null ? round(((to.cpuSec - from.cpuSec) * 1e6) / refreshes, 1) : null,
        rssMiBAtEnd: to.rssMiB,
        dataDirMiBAtEnd: to.dataMiB,
      });
    }
    const ratio = round(atEnd.rssMiB / atOneMinute.rssMiB, 3);
    const { latencyTimeline, slowest, statusCounts, warmup, ...figures } = result;
    return {
      endpoint: figures.endpoint,
      minutes,
      connections,
      rssMiB: {
        beforeLoad: rssBeforeLoad && round(rssBeforeLoad.rssKiB / 1024, 1),
        atOneMinute: { sec: atOneMinute.sec, rss: atOneMinute.rssMiB },
        atEnd: { sec: atEnd.sec, rss: atEnd.rssMiB },
        endOverOneMinute: ratio,
        peakSampled: Math.max(...load.map((s) => s.rssMiB)),
        peakVmHWM: memoryAfter && round(memoryAfter.hwmKiB / 1024, 1),
        afterSanityCheck: memoryAfter && round(memoryAfter.rssKiB / 1024, 1),
      },
      bar: { rssEndWithinOfOneMinute: 0.2, met: ratio <= 1.2 },
      perMinute,
      refresh: { ...figures, stalledWindows: latencyTimeline?.stalledWindows, slowest: slowest?.slice(0, 3) },
      errors: figures.errors,
      dataDir: { MiB: mib(dataDir.bytes), files: Object.fromEntries(Object.entries(dataDir.files).map(([f, b]) => [f, mib(b)])) },
      samples: samples.map((s) => [s.sec, s.rssMiB, s.refreshes, s.dataMiB]),
      samplesFormat: '[seconds into the load, service RSS MiB, refreshes answered so far, data directory MiB]',
      ...(figures.errors || figures.sanity.failed ? { error: `${figures.errors} errors, ${figures.sanity.failed} chains no longer refresh` } : {}),
    };
  } finally {
    clearInterval(timer);
    http.close();
    await service.stop();
  }
}

module.exports = { runSoak };
