import { resolve } from 'node:path';
import { writeOperationSchemas } from '@dealix/connector-core';
import { connector } from '../index';

// Run from dist/bin/ by `npm run generate`: the package root is two levels up. Core renders the
// files (the conformance suite and the gate compare the same rendering).
const { written, removed } = writeOperationSchemas(resolve(__dirname, '..', '..'), connector);
process.stdout.write(`wrote ${written.length} schema files, removed ${removed.length}\n`);
