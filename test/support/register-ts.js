'use strict';
/**
 * Require hook that runs the TypeScript sources directly: `node --require ./test/support/register-ts.js x.ts`.
 *
 * e2e tests start child processes (the app, crash fixtures) from source without a build.
 * Files are compiled by `@swc/core` with the repository's `.swcrc` (legacy decorators plus
 * decorator metadata, which Nest's injection needs, and kept class names), and `@ledger/<lib>`
 * imports resolve to `libs/<lib>/src`, the same mapping as `tsconfig.json` and `jest.config.js`.
 * Loading it twice is harmless.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const REGISTERED = Symbol.for('tokenledger.registerTs');

if (!globalThis[REGISTERED]) {
  globalThis[REGISTERED] = true;
  // Worker threads started from the sources (the read-model worker) load this hook too: it names
  // itself for them, and for the processes this one starts.
  process.env.LEDGER_TS_REQUIRE_HOOK = __filename;

  const root = path.resolve(__dirname, '..', '..');
  const nodeModules = `${path.sep}node_modules${path.sep}`;
  const { transformSync } = require('@swc/core');

  // The repository's settings are the single source of truth; only source maps are
  // switched to inline so stack traces point at the .ts lines.
  const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
  delete swcrc.$schema;
  const swcOptions = {
    ...swcrc,
    swcrc: false,
    configFile: false,
    sourceMaps: 'inline',
    module: { ...(swcrc.module || {}), type: 'commonjs' },
  };
  if (typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);

  const compileTs = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, { ...swcOptions, filename });
    module._compile(code, filename);
  };
  // `.ts` only: no `.tsx` in this repository. Registering the extension also makes Node's
  // resolver try `.ts` for extension-less requests and `index.ts` for directories.
  require.extensions['.ts'] = (module, filename) => {
    if (filename.includes(nodeModules)) {
      throw new Error(`refusing to compile TypeScript inside node_modules: ${filename}`);
    }
    compileTs(module, filename);
  };

  const alias = /^@ledger\/([a-z0-9-]+)(?:\/(.*))?$/;
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolveLedgerAlias(request, parent, isMain, options) {
    const match = alias.exec(request);
    if (match) {
      const target = path.join(root, 'libs', match[1], 'src', match[2] || '');
      return originalResolve.call(this, target, parent, isMain, options);
    }
    return originalResolve.call(this, request, parent, isMain, options);
  };
}
