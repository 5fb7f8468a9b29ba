import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CORE_VERSION } from '@dealix/connector-core';

// `npx dealix-connectors --help` after `npm ci && npm run build`: npm links a bin only if its
// file exists at install time, so the bin is a committed shim, not a file of dist/.
const PACKAGE_DIR = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const shim = join(PACKAGE_DIR, pkg.bin['dealix-connectors'] ?? 'missing');

describe('the dealix-connectors bin', () => {
  it('is a committed, executable node script outside dist/', () => {
    expect(pkg.bin['dealix-connectors']).not.toMatch(/^(\.\/)?dist\//);
    expect(readFileSync(shim, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(shim).mode & 0o111).not.toBe(0);
  });

  it('runs the built CLI: --help, and --version with the host and core versions', async () => {
    const run = promisify(execFile);
    const help = await run(shim, ['--help']);
    expect(help.stdout).toContain('Usage: dealix-connectors');
    const version = await run(shim, ['--version']);
    expect(version.stdout.trim().split('\n')).toEqual([
      `@dealix/connector-host ${pkg.version}`,
      `@dealix/connector-core ${CORE_VERSION}`,
    ]);
  }, 30_000);
});
