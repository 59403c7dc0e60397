'use strict';
/**
 * Where the machine's CPU went during a measured run (Linux /proc; null elsewhere): the
 * service, this bench process (the load generator) and everything else. "Other" matters on a
 * shared 2-core machine: anything else running at the same time lowers the figures, and the
 * result file says how much of that there was. Values are in cores (1.0 = one core busy).
 */
const fs = require('node:fs');

const HZ = 100; // USER_HZ, the unit of /proc/stat and /proc/<pid>/stat times on Linux

function machineJiffies() {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
  return { busy: user + nice + system + irq + softirq + (steal ?? 0), idle: idle + iowait };
}

function processJiffies(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14 and 15)
}

/** Starts a measurement; call the returned function to finish it. */
function cpuMeter(servicePid) {
  let start;
  try {
    start = { wall: performance.now(), machine: machineJiffies(), service: processJiffies(servicePid), self: process.cpuUsage() };
  } catch {
    return () => null;
  }
  return () => {
    try {
      const sec = (performance.now() - start.wall) / 1000;
      const machine = machineJiffies();
      const busy = (machine.busy - start.machine.busy) / HZ / sec;
      const service = (processJiffies(servicePid) - start.service) / HZ / sec;
      const self = process.cpuUsage(start.self);
      const bench = (self.user + self.system) / 1e6 / sec;
      const r = (x) => Number(x.toFixed(2));
      return { machineBusyCores: r(busy), serviceCores: r(service), loadGeneratorCores: r(bench), otherCores: r(Math.max(0, busy - service - bench)) };
    } catch {
      return null;
    }
  };
}

/** Cores the whole machine kept busy over `ms` (call while the bench itself is idle). */
async function machineBusyCores(ms = 1000) {
  try {
    const a = machineJiffies();
    const t = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    const b = machineJiffies();
    return Number(((b.busy - a.busy) / HZ / ((performance.now() - t) / 1000)).toFixed(2));
  } catch {
    return null;
  }
}

module.exports = { cpuMeter, machineBusyCores };
