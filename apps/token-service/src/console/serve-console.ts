import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What every console response carries. The console is static files plus calls to this same
 * origin, so the policy allows exactly that: no inline script or style, nothing from another
 * origin, no framing (the console holds a credential: clickjacking would act with it).
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Vite names every file under `assets/` after its content hash: a changed file is a new URL. */
const HASHED_ASSETS = 'assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built console (`npm run build:console`, Vite's output) at `/console/`:
 * - `/console` redirects to `/console/`;
 * - `/console/assets/*` (content-hashed) are cached for a year, immutable;
 * - any other path with a file extension is a file of the build, revalidated on each use;
 * - any other path is a client-side route of the single-page app: `index.html`, never cached,
 *   so a new build is picked up on the next load;
 * - `/console/api` and below are left to the routes registered for them (the API reference);
 * - when the console was not built, a 503 problem saying how to build it: the service itself
 *   starts and serves the API either way.
 *
 * Routes registered on the Fastify instance itself, so the global hooks (request logs,
 * metrics, CORS) and the not-found handler apply to them as to every other route.
 */
export function serveConsole(fastify: FastifyInstance, consoleDir: string): void {
  // Only the `reply.sendFile` decorator: the routes below decide what is served.
  void fastify.register(fastifyStatic, { root: consoleDir, serve: false, dotfiles: 'deny', cacheControl: false });
  const indexFile = path.join(consoleDir, 'index.html');

  fastify.get('/console', (_request, reply) => {
    void reply.headers(CONSOLE_SECURITY_HEADERS).redirect('/console/', 301);
  });
  fastify.get('/console/*', (request: FastifyRequest, reply: FastifyReply) => {
    const file = (request.params as { '*': string })['*'];
    if (file === 'api' || file.startsWith('api/')) return reply.callNotFound();
    void reply.headers(CONSOLE_SECURITY_HEADERS);
    if (!fs.existsSync(indexFile)) return notBuilt(reply, consoleDir);
    if (file.startsWith(HASHED_ASSETS)) return reply.header('cache-control', IMMUTABLE).sendFile(file);
    // A missing file of the build is a 404 (from sendFile), not the app: an HTML answer for
    // a script or an image only hides the mistake.
    if (/\.[A-Za-z0-9]+$/.test(file)) return reply.header('cache-control', 'no-cache').sendFile(file);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

function notBuilt(reply: FastifyReply, consoleDir: string): FastifyReply {
  return reply
    .status(503)
    .header('cache-control', 'no-store')
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: 'The console has not been built',
      status: 503,
      detail: `No console build in ${path.basename(path.dirname(consoleDir))}/${path.basename(consoleDir)}: run \`npm run build:console\` (or \`npm run build\`) and reload.`,
    });
}
