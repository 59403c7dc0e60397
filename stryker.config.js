/**
 * Mutation testing of the core (`npm run test:mutation`): the files whose bugs would break a
 * token family's rules, its stored proofs or its wire format. Runs the unit project only (the
 * specs beside the code), each mutant against just the tests that cover it. Not part of
 * `npm test`: it takes tens of minutes on two cores. Reports go to reports/mutation/.
 *
 * One file: `npm run test:mutation -- --mutate libs/event-sourcing/src/verify-chain.ts`.
 * The mutants are judged by the specs of libs/domain, libs/event-sourcing and libs/token-crypto,
 * the console's audit checks (apps/console/src/audit) and the ledger CLI's formatters
 * (apps/ledger-cli/src/format), all pure and fast; the e2e suites and the service's handler specs
 * are not rerun per mutant.
 */
const jestConfig = require('./jest.config.js');

const unit = jestConfig.projects.find((p) => p.displayName === 'unit');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // The unit project alone. No rootDir: jest runs in Stryker's sandbox copy, where the
    // mutated files are, and `<rootDir>` in the project's paths must name that copy.
    // `projects: []`: jest.config.js's three projects must not be merged back in. The core's own
    // specs only: the service's handler specs boot Nest and SQLite, and rerunning them for every
    // mutant that they happen to cover took hours, not minutes, on two cores.
    config: {
      ...unit,
      displayName: undefined,
      projects: [],
      roots: ['<rootDir>/libs', '<rootDir>/apps'],
      testMatch: [
        '<rootDir>/libs/{domain,event-sourcing,token-crypto}/src/**/*.spec.ts',
        '<rootDir>/apps/console/src/audit/**/*.spec.ts',
        '<rootDir>/apps/ledger-cli/src/format/**/*.spec.ts',
      ],
      testTimeout: 60000,
    },
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'libs/domain/src/token-family/token-family.decider.ts',
    'libs/domain/src/policy/evaluate-policy.ts',
    'libs/event-sourcing/src/verify-chain.ts',
    'libs/event-sourcing/src/command-loop.ts',
    'libs/token-crypto/src/refresh-token-codec.ts',
  ],
  // Fail the run (exit code) below 90% on the whole set; each file's score is in the report.
  thresholds: { high: 95, low: 90, break: 90 },
  concurrency: 2,
  timeoutMS: 10000,
  // The dry run executes the whole unit project with coverage per test: minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['dist', 'bench/results', 'reports', 'data', 'coverage', '.stryker-tmp'],
};
