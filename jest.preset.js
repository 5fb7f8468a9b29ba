// Shared jest settings: @swc/jest only transpiles, so type errors are caught by tsc: each
// package's build compiles its sources and tests in one pass, which `npm test` runs first.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testMatch: ['**/*.test.ts'],
  // A hang guard, not a speed assertion: suites with real servers, child processes and a browser
  // must not fail because a shared CI machine is busy.
  testTimeout: 30_000,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', require.resolve('./jest.summary-reporter.js')],
};
