/**
 * Architecture rules checked in CI (`npm run lint`): the domain stays pure, each vendor library
 * is imported by exactly one adapter, apps share code only through libraries, and nothing that
 * ships imports from test/.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain: no framework, no crypto library, no storage, no I/O (STYLE.md §1).',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: [
          'node_modules/@nestjs/',
          'node_modules/jose/',
          'node_modules/better-sqlite3/',
          'node_modules/@eventstore/',
          'node_modules/@grpc/',
          '^libs/(event-sourcing|event-store-[a-z]+|read-model-[a-z]+|token-crypto|testing|config|projections|audit)/',
          '^apps/',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-no-io-builtins',
      comment: 'libs/domain reads no clock, randomness, files or network: those arrive in commands.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'], path: '.*' },
    },
    {
      name: 'event-sourcing-is-framework-free',
      severity: 'error',
      from: { path: '^libs/event-sourcing/' },
      to: { path: ['node_modules/@nestjs/', 'node_modules/better-sqlite3/', 'node_modules/@eventstore/', '^apps/', '^libs/(domain|token-crypto|event-store-[a-z]+)/'] },
    },
    {
      name: 'only-token-crypto-imports-jose',
      severity: 'error',
      from: { pathNot: '^libs/token-crypto/' },
      to: { path: 'node_modules/jose/' },
    },
    {
      name: 'only-sqlite-adapter-imports-better-sqlite3',
      comment: 'The embedded event store and the read models keep the only SQLite connections.',
      severity: 'error',
      from: { pathNot: '^libs/(event-store-sqlite|read-model-sqlite)/' },
      to: { path: 'node_modules/better-sqlite3/' },
    },
    {
      name: 'only-esdb-adapter-imports-eventstore-client',
      severity: 'error',
      from: { pathNot: '^(libs/event-store-esdb/|test/)' },
      to: { path: 'node_modules/@eventstore/' },
    },
    {
      name: 'libs-are-framework-free',
      comment: 'Nest wiring (modules, injection, lifecycle hooks) stays in the apps, so the CLI runs the same libraries without it.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: 'node_modules/@nestjs/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-other-apps',
      comment:
        'An app stands on libraries: what two apps share (the ledger CLI and the service) lives in libs/, ' +
        'so each app builds, ships and changes on its own.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'only-tests-import-test',
      comment: 'test/ (harnesses, require hooks, fixtures) never ships: only test/ itself and specs may import it.',
      severity: 'error',
      from: { pathNot: ['^test/', '\\.spec\\.ts$'] },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^apps/console/dist/|\\.spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
