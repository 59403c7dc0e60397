'use strict';
/**
 * A process's memory as the kernel counts it (Linux /proc; null elsewhere) and a directory's
 * size on disk. VmRSS is the whole process: V8's heap, native memory (SQLite's page caches,
 * buffers) and the code, which is what an operator's memory limit applies to.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * `{ rssKiB, hwmKiB, anonKiB, fileKiB }` of `pid` (VmRSS now, VmHWM the peak so far, and RSS
 * split into anonymous memory, the heap and native allocations, and file pages mapped in, e.g.
 * SQLite's memory-mapped database files, which the kernel can drop), or null.
 */
function processMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM'), anonKiB: kib('RssAnon'), fileKiB: kib('RssFile') };
  } catch {
    return null;
  }
}

/** Bytes of every file under `dir` (apparent sizes, by file name), for the data directory's growth. */
function directorySize(dir) {
  const files = {};
  let total = 0;
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const size = fs.statSync(full).size;
        files[path.relative(dir, full)] = size;
        total += size;
      }
    }
  };
  walk(dir);
  return { bytes: total, files };
}

const mib = (bytes) => Number((bytes / 2 ** 20).toFixed(1));

module.exports = { processMemory, directorySize, mib };
