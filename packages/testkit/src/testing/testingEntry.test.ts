import { execFileSync } from 'node:child_process';
import * as core from '@dealix/connector-core';
import * as testing from '@dealix/connector-core/testing';
import * as testkit from '../index';

describe('@dealix/connector-core/testing', () => {
  it('loads in a plain node process, where no jest globals exist', () => {
    const script = `
      const t = require('@dealix/connector-core/testing');
      process.stdout.write(JSON.stringify(Object.keys(t).sort()));
    `;
    const names = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' }),
    ) as string[];
    expect(names).toEqual(
      expect.arrayContaining([
        'useConnectorHarness',
        'startConnectorHarness',
        'auditStoreContract',
        'idempotencyStoreContract',
        'VirtualClock',
      ]),
    );
  });

  it('stays out of the main entry, and the testkit re-exports all of it', () => {
    expect(Object.keys(core)).not.toContain('useConnectorHarness');
    expect(Object.keys(core)).not.toContain('auditStoreContract');
    const kit = testkit as Record<string, unknown>;
    for (const [name, value] of Object.entries(testing)) expect(kit[name]).toBe(value);
  });

  it('refuses to register hooks outside a test file', () => {
    const script = `
      const t = require('@dealix/connector-core/testing');
      try { t.useConnectorHarness({}); } catch (e) { process.stdout.write(e.message); }
    `;
    expect(
      execFileSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' }),
    ).toBe('useConnectorHarness() registers jest hooks: call it inside a *.test.ts file');
  });
});
