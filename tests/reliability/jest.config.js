// The reliability suite runs only through `npm run test:reliability` (target `reliability`, not
// `test`), so `npm test` stays the per-package suites. One worker: the suites start hosts,
// simulators and child processes of their own and must not compete for the two cores.
module.exports = {
  ...require('../../jest.preset.js'),
  roots: ['<rootDir>/src'],
  maxWorkers: 1,
};
