import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AUDIT_KEY_B64,
  TOKENS,
  FIXTURE_WORKSPACE,
  startHarness,
  GOOD_PAYMENTS,
} from '../__fixtures__/hostHarness';
import { AuditChainKey } from '@dealix/connector-core';
import { runCli } from '../__fixtures__/runCli';
import { createSqliteStores } from '../stores/createSqliteStores';

const cli = (
  args: string[],
  env: NodeJS.ProcessEnv = { DLX_AUDIT_KEY: AUDIT_KEY_B64 },
  cwd = FIXTURE_WORKSPACE,
) => runCli(args, { env, cwd });

describe('dealix-connectors CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-cli-'));
  /** `<name>.json` in the test folder: `config` over a database of its own, `<name>.db`. */
  const configFile = (name: string, config: Record<string, unknown>) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ database: join(dir, `${name}.db`), ...config }));
    return file;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help with the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exit codes: 0 ok, 1 check failed');
    for (const c of ['start', 'report', 'audit', 'approvals']) expect(r.out).toContain(c);
  });

  it('exits 2 on a usage error', async () => {
    expect((await cli(['approvals', 'grant'])).code).toBe(2);
    expect((await cli(['no-such-command'])).code).toBe(2);
  });

  // Verification finding: a list next to no database created one and answered "no approvals".
  it('approvals and unknown-outcomes never create a database: exit 2 naming the path', async () => {
    const missing = join(dir, 'nothing-here', 'host.db');
    for (const args of [
      ['approvals', 'list', '-t', 'acme'],
      ['unknown-outcomes', 'list', '-t', 'acme'],
    ]) {
      const r = await cli([...args, '--database', missing]);
      expect([args[0], r.code, r.err]).toEqual([
        args[0],
        2,
        `DLX_E_CONFIG_INVALID: no database at ${missing}: this command works on a host's existing database and never creates one; check --config, --database or DLX_DATABASE`,
      ]);
    }
    expect(existsSync(join(dir, 'nothing-here'))).toBe(false);
  });

  // Outsider finding h4-F2: an unreachable database exited 1, which `audit verify` uses for
  // "altered", and --json printed nothing on stdout.
  it('exits 2 when the database cannot be reached, with the error in JSON under --json', async () => {
    const unreachable = 'postgres://auditor:hunter2-secret@127.0.0.1:1/dlx';
    for (const args of [
      ['audit', 'verify'],
      ['audit', 'head'],
      ['approvals', 'list', '-t', 'acme'],
      ['unknown-outcomes', 'list', '-t', 'acme'],
    ]) {
      const r = await cli([...args, '--database', unreachable]);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.err).toContain('DLX_E_STORE_FAILURE');
      expect(r.err).toContain('ECONNREFUSED');
      expect(r.err + r.out).not.toContain('hunter2-secret');
    }
    const json = await cli(['audit', 'verify', '--json', '--database', unreachable]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      error: { code: 'DLX_E_STORE_FAILURE' },
    });
  });

  // Outsider finding: a misspelt tenant listed nothing and exited 0, as if it had no approvals.
  it('a -t naming no tenant of the config is a usage error naming its tenants', async () => {
    const config = configFile('tenants', {
      tenants: { acme: { connectors: {} }, globex: { connectors: {} } },
    });
    for (const args of [
      ['approvals', 'list', '-t', 'acmee'],
      ['approvals', 'grant', 'apr_1', '-t', 'acmee', '--as', 'bob'],
      ['unknown-outcomes', 'list', '-t', 'acmee'],
      ['audit', 'list', '-t', 'acmee'],
    ]) {
      const r = await cli([...args, '--config', config]);
      expect([args.join(' '), r.code, r.err]).toEqual([
        args.join(' '),
        2,
        `-t: tenant "acmee" is not configured in ${config}; its tenants: acme, globex`,
      ]);
    }
    // Sandbox mode (no tenant configured): its one tenant is "sandbox".
    const sandbox = await cli(['approvals', 'list', '-t', 'acme'], {}, dir);
    expect([sandbox.code, sandbox.err]).toEqual([
      2,
      '-t: tenant "acme" is not configured in sandbox mode (no config file); its tenants: sandbox',
    ]);
  });

  // Outsider finding: a misspelt status listed nothing and exited 0 ("no bogus unknown outcomes").
  it('list: a --status that is not a status is a usage error naming the allowed ones', async () => {
    const db = join(dir, 'status.db');
    // An existing database: these commands never create one (see the next test).
    await (
      await createSqliteStores(db, { auditKey: AuditChainKey.fromBase64(AUDIT_KEY_B64, 'key') })
    ).close();
    const list = (command: string, status: string) =>
      cli([command, 'list', '-t', 'acme', '-s', status, '--database', db]);
    const approvals = await list('approvals', 'bogus');
    expect(approvals.code).toBe(2);
    expect(approvals.err).toContain(
      "option '-s, --status <status>' argument 'bogus' is invalid. Allowed choices are pending, granted, denied, expired, used.",
    );
    const unknown = await list('unknown-outcomes', 'bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      "option '-s, --status <status>' argument 'bogus' is invalid. Allowed choices are unresolved, resolved, all.",
    );
    const all = await list('unknown-outcomes', 'all');
    expect(all).toMatchObject({ code: 0, out: 'no unknown outcomes for tenant "acme"' });
    const resolved = await list('unknown-outcomes', 'resolved');
    expect(resolved.out).toBe('no resolved unknown outcomes for tenant "acme"');
  });

  it('report: the startup report as JSON, exit 1 when a plugin was rejected', async () => {
    const config = configFile('report', {
      tenants: { acme: { connectors: { good_echo: {} } } },
      limits: { initialize_timeout_ms: 200 },
    });
    const r = await cli(['report', '--config', config, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { entries: Array<{ key: string; outcome: string }> };
    expect(report.entries.find((e) => e.key === 'good_echo')?.outcome).toBe('ready');
    expect(report.entries.find((e) => e.key === 'invalid_manifest')?.outcome).toBe('rejected');
  });

  // Outsider finding: with --strict the report was never printed and the exit code was 2.
  it('report --strict: the report first, then exit 1 when a plugin was rejected', async () => {
    const config = configFile('strict', { tenants: { acme: { connectors: { good_echo: {} } } } });
    const text = await cli(['report', '--config', config, '--strict']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/invalid_manifest.*rejected|rejected.*invalid_manifest/);
    expect(text.err).toContain('--strict');
    expect(text.err).not.toContain('see the report above');
    const json = await cli(['report', '--config', config, '--strict', '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as { entries: Array<{ key: string; outcome: string }> };
    expect(report.entries.find((e) => e.key === 'invalid_manifest')?.outcome).toBe('rejected');
  });

  it('report: exit 1 when a tenant configures a connector no package provides', async () => {
    const config = configFile('unknown-key', { tenants: { acme: { connectors: { strip: {} } } } });
    // A folder with no connector packages: nothing is rejected, nothing provides "strip".
    const empty = mkdtempSync(join(tmpdir(), 'dlx-cli-empty-'));
    try {
      const r = await cli(['report', '--config', config], { DLX_AUDIT_KEY: AUDIT_KEY_B64 }, empty);
      expect(r.code).toBe(1);
      expect(r.out).toContain(
        'note: tenant "acme" configures connector "strip", which no connector package found provides (connector keys found: none)',
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('report: exit 2 with a clear message for a broken config file', async () => {
    const config = join(dir, 'broken.json');
    writeFileSync(config, JSON.stringify({ listen: { port: 'eighty' } }));
    const r = await cli(['report', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('listen.port');
  });

  it('report: exit 2 naming the field and the path when a secrets file is a directory', async () => {
    const config = configFile('secret-dir', {
      tenants: { acme: { connectors: { good_payments: { api_key: { file: dir } } } } },
    });
    const r = await cli(['report', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `DLX_E_CONFIG_INVALID: ${config}: tenants.acme.connectors.good_payments.api_key: secrets file ${dir} is a directory; name the file that holds the secret`,
    );
  });

  it('approvals list and grant act on the database through the approval rules', async () => {
    const h = await startHarness({
      tenants: { acme: { connectors: { good_payments: GOOD_PAYMENTS } } },
      dir,
    });
    const first = await h.call(
      'POST',
      '/api/v1/tenants/acme/connectors/good_payments/operations/pay',
      { token: TOKENS.alice, body: { amount: 3, payer_email: 'c@l.i' } },
    );
    const id = first.json.approval_id as string;
    await h.stop();
    const db = join(dir, 'host.db');
    const list = await cli([
      'approvals',
      'list',
      '--tenant',
      'acme',
      '--status',
      'pending',
      '--database',
      db,
    ]);
    expect(list.code).toBe(0);
    expect(list.out).toContain(id);
    const self = await cli([
      'approvals',
      'grant',
      id,
      '--tenant',
      'acme',
      '--as',
      'alice',
      '--database',
      db,
    ]);
    expect(self.code).toBe(1);
    expect(self.err).toContain('DLX_E_APPROVAL_SELF_DECISION');
    const ok = await cli([
      'approvals',
      'grant',
      id,
      '--tenant',
      'acme',
      '--as',
      'bob',
      '--database',
      db,
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ id, status: 'granted', decided_by: 'bob' });
  });
});
