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

/**
 * Starts a measurement of one service process; call the returned function to finish it
 * ({@link processesCpuMeter} for a single process, in the shape the single-service scenarios report).
 */
function cpuMeter(servicePid) {
  const finish = processesCpuMeter({ service: servicePid });
  return () => {
    const m = finish();
    if (!m || m.processCores.service === null) return null;
    return { machineBusyCores: m.machineBusyCores, serviceCores: m.processCores.service, serviceCpuSec: m.processCpuSec.service, loadGeneratorCores: m.loadGeneratorCores, otherCores: m.otherCores };
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

/**
 * CPU of several processes by name (`{ emulator: pid, replica0: pid, ... }`), of this process
 * (the load generator) and of the whole machine over one interval: call the returned function
 * to finish it. A process that has exited by then counts what it used until it was last seen.
 */
function processesCpuMeter(pids) {
  const read = (pid) => {
    try {
      return processJiffies(pid);
    } catch {
      return null;
    }
  };
  let start;
  try {
    start = { wall: performance.now(), machine: machineJiffies(), self: process.cpuUsage(), procs: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, read(pid)])) };
  } catch {
    return () => null;
  }
  return () => {
    try {
      const sec = (performance.now() - start.wall) / 1000;
      const machine = machineJiffies();
      const busy = (machine.busy - start.machine.busy) / HZ / sec;
      const cpuSec = {};
      for (const [name, pid] of Object.entries(pids)) {
        const now = read(pid);
        cpuSec[name] = now === null || start.procs[name] === null ? null : (now - start.procs[name]) / HZ;
      }
      const self = process.cpuUsage(start.self);
      const bench = (self.user + self.system) / 1e6 / sec;
      const served = Object.values(cpuSec).reduce((sum, s) => sum + (s ?? 0), 0);
      const r = (x) => Number(x.toFixed(2));
      return {
        seconds: r(sec),
        machineBusyCores: r(busy),
        processCores: Object.fromEntries(Object.entries(cpuSec).map(([name, s]) => [name, s === null ? null : r(s / sec)])),
        processCpuSec: Object.fromEntries(Object.entries(cpuSec).map(([name, s]) => [name, s === null ? null : Number(s.toFixed(3))])),
        serverCores: r(served / sec),
        loadGeneratorCores: r(bench),
        otherCores: r(Math.max(0, busy - served / sec - bench)),
      };
    } catch {
      return null;
    }
  };
}

module.exports = { cpuMeter, processesCpuMeter, machineBusyCores };
