'use strict';
/**
 * Preloaded (`node --require`) into the service only when the bench profiles it. Nothing here
 * touches the request path; it only changes how the process ends:
 *
 * - Nest's shutdown hook closes the app on SIGTERM and then re-raises the signal, so the process
 *   dies *by the signal* and V8 never writes the `--cpu-prof` file. This listener stays quiet
 *   while Nest's own listener is installed and turns the re-raised signal into `process.exit(0)`,
 *   which does write it.
 * - If the bench process dies without stopping us (SIGKILL, crash), our stdin pipe closes: stop.
 */
// Worker threads inherit preloads unless told otherwise; this is for the main thread only.
if (!require('node:worker_threads').isMainThread) return;

process.on('SIGTERM', () => {
  if (process.listenerCount('SIGTERM') === 1) process.exit(0);
});

process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
