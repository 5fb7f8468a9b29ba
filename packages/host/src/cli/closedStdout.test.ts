import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LEGACY_AUDIT_FORMAT, chainRecord, type AuditRecord } from '@dealix/connector-core';
import { auditEventFixture } from '@dealix/connector-core/testing';
import { AUDIT_KEY_B64 } from '../__fixtures__/hostHarness';
import { applyMigrations } from '../stores/applyMigrations';
import { auditRecordToRow } from '../stores/auditRows';
import { SCHEMA_MIGRATIONS } from '../stores/migrations';

// The built CLI, as `dealix-connectors ... | head -1` runs it: only a real pipe closes for real.
const CLI = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

/**
 * Runs the CLI with stdout on a pipe whose read end is closed at once (`| head -0`) or after the
 * first bytes (`| head -1`): its exit code and stderr.
 */
function runClosingStdout(
  args: readonly string[],
  closeAfterFirstBytes: boolean,
): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, DLX_AUDIT_KEY: AUDIT_KEY_B64 },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (closeAfterFirstBytes) child.stdout.once('data', () => child.stdout.destroy());
  else child.stdout.destroy();
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, err })));
}

/** A database (the first release's schema: the audit commands read it as it is) with `n` records. */
function databaseWithRecords(file: string, n: number): void {
  const raw = new Database(file);
  applyMigrations(raw, SCHEMA_MIGRATIONS.slice(0, 1));
  const insert = raw.prepare(
    'INSERT INTO audit_log (seq, tenant, actor, connector_key, connector_version, operation, ' +
      'event, outcome, attempt, duration_ms, correlation_id, idempotency_key, payload_digest, ' +
      'payload, error_code, approval_id, at, prev_hash, hash) VALUES (@seq, @tenant, @actor, ' +
      '@connector_key, @connector_version, @operation, @event, @outcome, @attempt, ' +
      '@duration_ms, @correlation_id, @idempotency_key, @payload_digest, @payload, ' +
      '@error_code, @approval_id, @at, @prev_hash, @hash)',
  );
  raw.transaction(() => {
    let prev: AuditRecord | undefined;
    for (let i = 1; i <= n; i++) {
      prev = chainRecord(prev, auditEventFixture(i), LEGACY_AUDIT_FORMAT);
      const { trace_id: _trace, span_id: _span, ...row } = auditRecordToRow(prev);
      insert.run(row);
    }
  })();
  raw.close();
}

// Outsider finding: `audit list ... | head -1` and `--help | head -0` ended with an unhandled
// 'error' event (write EPIPE), a stack, and exit code 1, which `audit verify` uses for "altered".
describe('a CLI whose reader closed stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-epipe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends audit list quietly with its own exit code when the pipe closes after the first bytes', async () => {
    const db = join(dir, 'many.db');
    // More lines than a pipe buffers, so the CLI still writes after the reader has gone.
    databaseWithRecords(db, 6_000);
    const run = await runClosingStdout(
      ['audit', 'list', '-t', 'acme', '--limit', '6000', '--database', db],
      true,
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  }, 30_000);

  it('ends --help and approvals list quietly when the pipe is closed before they write', async () => {
    const help = await runClosingStdout(['--help'], false);
    expect(help).toEqual({ code: 0, err: '' });
    // The database must exist: approvals commands never create one.
    databaseWithRecords(join(dir, 'approvals.db'), 0);
    const list = await runClosingStdout(
      ['approvals', 'list', '-t', 'acme', '--database', join(dir, 'approvals.db')],
      false,
    );
    expect(list).toEqual({ code: 0, err: '' });
  }, 30_000);
});
