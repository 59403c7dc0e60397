/**
 * Three projects: fast unit/spec tests beside the code; the e2e suites under test/ on the
 * embedded store; and the service's e2e suites a second time on the EventStoreDB adapter
 * (against the in-repo emulator, see test/support/test-store.ts).
 */
const moduleNameMapper = {
  '^@ledger/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@ledger/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
/**
 * `@nestjs/terminus` 12, `oauth4webapi` 3 and `content-disposition` 3 (under `@fastify/static`)
 * ship ES modules only; Node (>= 20.19) requires them natively, but Jest's module system does
 * not, so they are compiled to CommonJS like the sources.
 */
const ESM_ONLY = '@nestjs/terminus|oauth4webapi|content-disposition';
const transform = {
  '^.+\\.ts$': ['@swc/jest'],
  [`/node_modules/(${ESM_ONLY})/.+\\.js$`]: ['@swc/jest', { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
/** Nested copies too (`@fastify/static/node_modules/content-disposition`). */
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY}|@fastify/static/node_modules/content-disposition)/)`];
/** Names the TypeScript require hook for worker threads started from the sources. */
const setupFiles = ['<rootDir>/test/support/ts-require-hook.setup.js'];

/**
 * Suites that are about the embedded store itself (its file, its durability, editing it) or
 * about the emulator/adapter directly; every other e2e suite also runs on EventStoreDB.
 */
const SQLITE_OR_STORE_SPECIFIC = [
  '/test/event-store/',
  '/test/esdb-emulator/',
  '/test/crash/',
  '/test/cli/',
  '/test/http/no-secrets\\.e2e-spec\\.ts$',
  '/test/audit/tamper[^/]*\\.e2e-spec\\.ts$',
  '/test/audit/seals-gate\\.e2e-spec\\.ts$',
  '/test/audit/erasure\\.e2e-spec\\.ts$',
  '/test/projections/',
  '/test/replicas/',
  // The console's browser suite reads the API the other suites already run on both stores:
  // a second browser run on EventStoreDB would test the same pages again.
  '/test/console/',
  // The OpenAPI document and the routes it describes do not depend on the store.
  '/test/openapi/',
];

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/libs', '<rootDir>/apps'],
      testMatch: ['**/*.spec.ts'],
      setupFiles,
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      setupFiles,
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e-esdb',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...SQLITE_OR_STORE_SPECIFIC],
      setupFilesAfterEnv: ['<rootDir>/test/support/esdb-e2e.setup.ts'],
      setupFiles,
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
    },
  ],
};
