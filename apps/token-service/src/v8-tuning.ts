import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings of the service process, set as it starts (imported first by `main.ts`).
 *
 * `--no-allocation-site-pretenuring`: V8 watches each allocation site, and when nearly all
 * of a site's objects survive a young-generation collection it allocates that site's objects
 * in the old generation from then on. Under load that guess is wrong for this service: what
 * survives one collection is request state (100 requests in flight, ~13 ms each, a collection
 * every ~25 ms), which dies soon after in the old generation. With pretenuring, the old
 * generation filled at ~33 MB/s under the refresh benchmark and a major collection (a 10-15
 * ms pause for every request in flight) came every ~4 s; without it, ~23 MB/s and every ~6 s.
 * Four alternating runs each of `npm run bench -- refresh`: 8,234 → 8,492 refreshes/s, p99
 * 22.9 → 20.8 ms; again once the command loop stopped churning its maps (which removed most of
 * the promotion): 7,996 → 8,353 refreshes/s, p99 22.8 → 21.0 ms, slowest answer 39-59 → 27-34 ms.
 *
 * Set at run time (Node's `v8.setFlagsFromString`) rather than on the command line, so every
 * way of starting the service (`npm start`, the Docker image, a process manager) gets it. The
 * flag is read at each young-generation collection, so setting it after start-up is safe.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
