// Shared jest settings: @swc/jest only transpiles, so type errors are caught by each
// package's separate `typecheck` target (tsc), which `npm test` runs first.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', require.resolve('./jest.summary-reporter.js')],
};
