#!/usr/bin/env node
import { main } from './runCli';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`connector-gate: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
