/**
 * `npm test` runs the fast suite (goal: under 2 minutes on 2 cores). Long fuzz, property and corpus
 * runs live in `*.slow.test.ts` files and run with `npm run test:slow` (CI runs both).
 * @type {import('jest').Config}
 */
const slow = process.env.JEST_SLOW === '1';
// `npm run test:e2e`: the moto end-to-end run (test/e2e/*.e2e.ts), never part of `npm test` or test:slow.
const e2e = process.env.JEST_E2E === '1';
// The pinned AWS SDK warns on Node 20 about releases this package does not use (the CLI silences it the
// same way, lib/aws/cli.ts); workers inherit the environment, so tests that build SDK clients stay quiet.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: e2e ? ['**/*.e2e.ts'] : slow ? ['**/*.slow.test.ts'] : ['**/*.test.ts'],
  testPathIgnorePatterns: slow ? ['/node_modules/'] : ['/node_modules/', '\\.slow\\.test\\.ts$'],
  transform: {
    // Type checking is done once by `tsc --noEmit` (npm run lint); jest only transpiles (isolatedModules).
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Each run's temporary folders go under one root, removed when the run ends (test/support/temp-root-*.ts).
  globalSetup: '<rootDir>/test/support/temp-root-setup.ts',
  globalTeardown: '<rootDir>/test/support/temp-root-teardown.ts',
  testTimeout: e2e ? 900000 : 120000,
  // Jest's default is one worker less than the cores: on a 2-core machine that is one, all files in
  // band. Both cores halve the wall time of the suite.
  maxWorkers: '100%',
};
