import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LEGACY_AUDIT_FORMAT, chainRecord, type AuditRecord } from '@dealix/connector-core';
import { auditEventFixture } from '@dealix/connector-core/testing';
import { AUDIT_KEY_B64, TOKENS, startHarness } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';
import {
  readAuditFile,
  rewriteAuditFile,
  withSecondConnection,
} from './stores/__fixtures__/auditFileAccess';
import { applyMigrations } from './stores/applyMigrations';
import { auditRecordToRow } from './stores/auditRows';
import { SCHEMA_MIGRATIONS } from './stores/migrations';

const tenants = {
  acme: { connectors: { good_ledger: {} } },
  globex: { connectors: { good_ledger: {} } },
};
const CHARGE = (tenant: string) =>
  `/api/v1/tenants/${tenant}/connectors/good_ledger/operations/charge`;
const WITH_KEY = { DLX_AUDIT_KEY: AUDIT_KEY_B64 };

const cli = (args: string[], env: NodeJS.ProcessEnv = WITH_KEY) =>
  runCli(args, { env, cwd: tmpdir() });

/** The first release's audit row insert: its columns, before the trace ids of migration 6. */
const INSERT_FIRST_RELEASE_ROW =
  'INSERT INTO audit_log (seq, tenant, actor, connector_key, connector_version, operation, ' +
  'event, outcome, attempt, duration_ms, correlation_id, idempotency_key, payload_digest, ' +
  'payload, error_code, approval_id, at, prev_hash, hash) VALUES (@seq, @tenant, @actor, ' +
  '@connector_key, @connector_version, @operation, @event, @outcome, @attempt, @duration_ms, ' +
  '@correlation_id, @idempotency_key, @payload_digest, @payload, @error_code, @approval_id, ' +
  '@at, @prev_hash, @hash)';

function firstReleaseRow(record: AuditRecord): Record<string, unknown> {
  const { trace_id: _trace, span_id: _span, ...row } = auditRecordToRow(record);
  return row;
}

/** A host that made some calls, then stopped: its database file. */
async function databaseWithCalls(dir: string, calls = 3): Promise<string> {
  const h = await startHarness({ tenants, dir });
  for (let i = 0; i < calls; i++) {
    await h.call('POST', CHARGE(i % 2 === 0 ? 'acme' : 'globex'), {
      token: TOKENS.alice,
      body: { amount: i + 1 },
      headers: { 'idempotency-key': `audit-${i}` },
    });
  }
  await h.stop();
  return join(dir, 'host.db');
}

// Issue 9 items 6, 7 and 8: `audit verify` said "intact" after the last rows were deleted or a
// row was edited and the chain recomputed; on a missing file it created a database; the trail
// could only be verified, not read.
describe('an audit trail that cannot be quietly rewritten', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dlx-audit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('will not start a configured host without DLX_AUDIT_KEY, naming it', async () => {
    await expect(
      startHarness({ tenants, dir, env: { DLX_AUDIT_KEY: undefined } }),
    ).rejects.toMatchObject({
      code: 'DLX_E_AUDIT_KEY_MISSING',
      message: expect.stringContaining('DLX_AUDIT_KEY'),
    });
  });

  it('finds an edited row whose chain was recomputed without the key', async () => {
    const db = await databaseWithCalls(dir);
    expect((await cli(['audit', 'verify', '--database', db])).code).toBe(0);
    rewriteAuditFile(db, (records) => {
      const forged: AuditRecord[] = [];
      for (const r of records) {
        forged.push(chainRecord(forged.at(-1), r.seq === 2 ? { ...r, actor: 'mallory' } : r));
      }
      return forged;
    });
    const result = await cli(['audit', 'verify', '--database', db, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ ok: false, first_bad_seq: 1 });
  });

  it('finds records cut off the end against the exported head (exit 1, DLX_E_AUDIT_HEAD_MISMATCH)', async () => {
    const db = await databaseWithCalls(dir);
    const head = await cli(['audit', 'head', '--database', db]);
    expect(head.out).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect((await cli(['audit', 'head', '--database', db, '--json'])).out).toBe(
      JSON.stringify({ seq: Number(head.out.split(':')[0]), hash: head.out.split(':')[1] }),
    );
    expect((await cli(['audit', 'verify', '--database', db, '--expect-head', head.out])).code).toBe(
      0,
    );
    rewriteAuditFile(db, (records) => records.slice(0, -2));
    // On its own the shortened chain is intact: only the head kept elsewhere shows the cut.
    expect((await cli(['audit', 'verify', '--database', db])).code).toBe(0);
    const cut = await cli(['audit', 'verify', '--database', db, '--expect-head', head.out]);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain('DLX_E_AUDIT_HEAD_MISMATCH');
  });

  // Outsider finding: a missing head file ended in a raw ENOENT stack and exit 1 ("altered").
  it('exits 2 when the --expect-head file cannot be read or is not a head, naming the file', async () => {
    const missing = join(dir, 'nope');
    const unread = await cli(['audit', 'verify', '--expect-head', `@${missing}`]);
    expect(unread.code).toBe(2);
    expect(unread.err).toContain(`--expect-head: cannot read the expected head from ${missing}: `);
    expect(unread.err).toContain('ENOENT');
    const broken = join(dir, 'broken-head.json');
    writeFileSync(broken, '{"seq": 3,');
    const notJson = await cli(['audit', 'verify', '--expect-head', `@${broken}`]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain(`--expect-head: ${broken} is not JSON`);
  });

  it('exits 2 naming DLX_AUDIT_KEY without the key, and refuses a key too short', async () => {
    const db = await databaseWithCalls(dir, 1);
    const missing = await cli(['audit', 'verify', '--database', db], {});
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('DLX_E_AUDIT_KEY_MISSING');
    expect(missing.err).toContain('DLX_AUDIT_KEY');
    const short = await cli(['audit', 'verify', '--database', db], {
      DLX_AUDIT_KEY: Buffer.alloc(16).toString('base64'),
    });
    expect(short).toMatchObject({ code: 2 });
    expect(short.err).toContain('DLX_E_AUDIT_KEY_INVALID');
    const wrong = await cli(['audit', 'verify', '--database', db], {
      DLX_AUDIT_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('DLX_AUDIT_KEY is not this database');
  });

  it('finds the keyed-format marker moved to pass keyed records off as legacy ones', async () => {
    const db = await databaseWithCalls(dir);
    withSecondConnection(db, (raw) =>
      raw.prepare('UPDATE audit_chain_format SET keyed_from_seq = 1000').run(),
    );
    expect((await cli(['audit', 'verify', '--database', db])).code).toBe(1);
  });

  it('opens the database read-only: a missing file exits 2 and is not created, none is migrated', async () => {
    const missing = join(dir, 'nothing-here.db');
    const result = await cli(['audit', 'verify', '--database', missing]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('DLX_E_AUDIT_DATABASE_NOT_FOUND');
    expect(existsSync(missing)).toBe(false);
    for (const command of [['head'], ['list', '-t', 'acme']]) {
      expect((await cli(['audit', ...command, '--database', missing])).code).toBe(2);
    }
    expect(existsSync(missing)).toBe(false);

    // A database made by the release before the keyed chain: verified as it is, left as it is.
    const old = join(dir, 'old.db');
    const raw = new Database(old);
    applyMigrations(raw, SCHEMA_MIGRATIONS.slice(0, 1));
    const insert = raw.prepare(INSERT_FIRST_RELEASE_ROW);
    let prev: AuditRecord | undefined;
    for (let n = 1; n <= 4; n++) {
      prev = chainRecord(prev, auditEventFixture(n), LEGACY_AUDIT_FORMAT);
      insert.run(firstReleaseRow(prev));
    }
    raw.close();
    const verified = await cli(['audit', 'verify', '--database', old], {});
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.out).toContain('audit log intact: 4 records');
    const version = withSecondConnection(old, (r) =>
      r.prepare<[], { v: number }>('SELECT MAX(version) AS v FROM schema_migrations').get(),
    );
    expect(version?.v).toBe(1);
  });

  it('upgrades a database made before the keyed chain: the old records still verify, new ones are keyed', async () => {
    const db = join(dir, 'host.db');
    const raw = new Database(db);
    applyMigrations(raw, SCHEMA_MIGRATIONS.slice(0, 1));
    const insert = raw.prepare(INSERT_FIRST_RELEASE_ROW);
    let prev: AuditRecord | undefined;
    for (let n = 1; n <= 3; n++) {
      prev = chainRecord(prev, auditEventFixture(n), LEGACY_AUDIT_FORMAT);
      insert.run(firstReleaseRow(prev));
    }
    raw.close();
    await databaseWithCalls(dir, 2);
    const verified = await cli(['audit', 'verify', '--database', db, '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, legacy_count: 3 });
    // The first keyed record links the old ones: editing one of them is found.
    rewriteAuditFile(db, (records) => {
      const old: AuditRecord[] = [];
      for (const r of records.slice(0, 3))
        old.push(chainRecord(old.at(-1), r.seq === 2 ? { ...r, actor: 'mallory' } : r));
      return [...old, ...records.slice(3)];
    });
    expect(
      JSON.parse((await cli(['audit', 'verify', '--database', db, '--json'])).out),
    ).toMatchObject({
      ok: false,
      first_bad_seq: 4,
    });
  });

  it('reads the trail: GET .../audit for a tenant’s viewers, and audit list', async () => {
    const h = await startHarness({ tenants, dir });
    try {
      for (const tenant of ['acme', 'globex', 'acme']) {
        await h.call('POST', CHARGE(tenant), {
          token: TOKENS.alice,
          body: { amount: 5 },
          headers: { 'idempotency-key': `read-${tenant}-${Math.random()}` },
        });
      }
      const page = await h.call('GET', '/api/v1/tenants/acme/audit?limit=1', { token: TOKENS.vic });
      expect(page.status).toBe(200);
      expect(page.json.records).toHaveLength(1);
      expect(page.json.records[0]).toMatchObject({ tenant: 'acme', event: 'charged' });
      const rest = await h.call('GET', `/api/v1/tenants/acme/audit?after=${page.json.next_after}`, {
        token: TOKENS.vic,
      });
      expect(rest.json.records.map((r: { tenant: string }) => r.tenant)).toEqual(['acme']);
      expect(
        (await h.call('GET', '/api/v1/tenants/acme/audit?after=-1', { token: TOKENS.vic })).status,
      ).toBe(400);
      expect((await h.call('GET', '/api/v1/tenants/acme/audit')).status).toBe(401);
    } finally {
      await h.stop();
    }
    const db = join(dir, 'host.db');
    const listed = await cli(['audit', 'list', '-t', 'globex', '--database', db], {});
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n')).toHaveLength(1);
    expect(listed.out).toContain('charged');
    const json = JSON.parse(
      (await cli(['audit', 'list', '-t', 'acme', '--after', '1', '--json', '--database', db], {}))
        .out,
    );
    expect(json.map((r: { tenant: string }) => r.tenant)).toEqual(['acme']);
  });

  it('exports the head to a file (replaced atomically) and to a URL, at the interval and at stop', async () => {
    const posted: Array<{ seq: number; hash: string; at: string }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posted.push(JSON.parse(body) as { seq: number; hash: string; at: string });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/heads`;
    const file = join(dir, 'audit-head.json');
    const h = await startHarness({
      tenants,
      dir,
      extraConfig: { audit: { head_export: { file, url, interval_ms: 20 } } },
    });
    try {
      await h.call('POST', CHARGE('acme'), {
        token: TOKENS.alice,
        body: { amount: 9 },
        headers: { 'idempotency-key': 'exported-1' },
      });
      const head = await h.host.stores.audit.head();
      const exported = () =>
        existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { seq: number }) : undefined;
      for (let i = 0; i < 250 && (exported()?.seq ?? 0) < head.seq; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(exported()).toMatchObject({ seq: head.seq, hash: head.hash, at: expect.any(String) });
    } finally {
      await h.stop();
      await new Promise<void>((r) => server.close(() => r()));
    }
    const finalHead = readAuditFile(join(dir, 'host.db')).at(-1)!;
    expect(posted.at(-1)).toMatchObject({ seq: finalHead.seq, hash: finalHead.hash });
    const byFile = JSON.parse(readFileSync(file, 'utf8')) as { seq: number; hash: string };
    expect(
      (
        await cli([
          'audit',
          'verify',
          '--database',
          join(dir, 'host.db'),
          '--expect-head',
          `@${file}`,
        ])
      ).code,
    ).toBe(0);
    expect(byFile.seq).toBe(finalHead.seq);
  });

  it('refuses at start an audit.head_export.file whose folder does not exist, naming field and path', async () => {
    const file = join(dir, 'anchors', 'audit-head.json');
    // A host that started anyway is stopped, so the test fails rather than hangs.
    const refusal = await startHarness({
      tenants,
      extraConfig: { audit: { head_export: { file, interval_ms: 60_000 } } },
    }).then(
      (h) => h.stop().then(() => 'started'),
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ code: 'DLX_E_CONFIG_INVALID' });
    expect((refusal as Error).message).toContain(
      `audit.head_export.file: folder ${join(dir, 'anchors')} does not exist; create it; the audit head is written to ${file}`,
    );
  });
});
