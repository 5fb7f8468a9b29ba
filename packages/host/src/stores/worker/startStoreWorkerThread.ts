import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StoreWorkerData } from './protocol';

/**
 * Run when the host runs from its TypeScript source (its own tests: jest compiles TypeScript in
 * memory through @swc/jest, which a worker thread does not inherit): the worker compiles each
 * `.ts` module it loads with @swc/core, with the settings of jest.preset.js. From `dist` (npm
 * start, the CLI, spawned hosts) the worker is the compiled `.js` file and this is never used.
 */
const TYPESCRIPT_BOOTSTRAP = `
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { workerData } = require('node:worker_threads');
const { transformSync } = Module.createRequire(workerData.entry)('@swc/core');
Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
Module.createRequire(workerData.entry)(workerData.entry);
`;

/** Starts the store worker thread beside this file, from `dist` or from source. */
export function startStoreWorkerThread(data: Omit<StoreWorkerData, 'entry'>): Worker {
  const entry = join(__dirname, `storeWorker${extname(__filename)}`);
  const workerData: StoreWorkerData = { ...data, entry };
  return entry.endsWith('.ts')
    ? new Worker(TYPESCRIPT_BOOTSTRAP, { eval: true, workerData })
    : new Worker(entry, { workerData });
}
