/**
 * Preloaded (`node -r`, or `NODE_OPTIONS=--require`) into the processes an e2e suite or the
 * bench starts (the standalone emulator, replica ledgers), so that they stop by themselves when
 * the process that started them is gone, however it ended: a jest worker killed on a timeout,
 * a bench stopped with SIGKILL. Nothing else would end them, as their stdio pipes are not read
 * for EOF and they listen on ports forever. Test support only: nothing in the service loads it.
 *
 * An orphan is re-parented (to init or a subreaper), so a changed `process.ppid` is the signal.
 * It first gets SIGTERM (the service's shutdown hooks, the emulator's `stop`), then is ended.
 */
'use strict';

const CHECK_EVERY_MS = 500;
const GRACE_MS = 3_000;
const parent = process.ppid;

const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  setTimeout(() => process.exit(1), GRACE_MS).unref();
  process.kill(process.pid, 'SIGTERM');
}, CHECK_EVERY_MS);
// The watch must not keep a process alive that would otherwise end.
watch.unref();
