import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AUDIT_KEY_VARIABLE, DlxError, type AuditHead } from '@dealix/connector-core';
import { optionalAuditKey } from '../keys/auditKey';
import { describeDatabase, sqliteFileOf } from '../config/databaseTarget';
import { postgresSettingsOf } from '../config/postgresSettings';
import { openAuditLogReadOnly, type ReadOnlyAuditLog } from '../stores/openAuditLog';
import {
  EXIT,
  databaseForCli,
  refuseUnknownTenant,
  type CliDatabase,
  type CliIo,
  type GlobalOptions,
} from './commands';

/** `<seq>:<hash>`, as `audit head` prints it and `--expect-head` takes it. */
export function formatHead(head: AuditHead): string {
  return `${head.seq}:${head.hash}`;
}

/** `<seq>:<hash>`, or `@file` holding it or an exported head `{ seq, hash, at }`. */
export function parseExpectedHead(value: string, cwd: string): AuditHead {
  let text = value;
  if (value.startsWith('@')) {
    const file = resolve(cwd, value.slice(1));
    // A head file that cannot be read is the caller's mistake (exit 2), not a chain that fails
    // verification (exit 1).
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new DlxError(
        'DLX_E_RUNTIME_INPUT_INVALID',
        `--expect-head: cannot read the expected head from ${file}: ${(error as Error).message}`,
        { details: { option: '--expect-head', file } },
      );
    }
    if (text.startsWith('{')) {
      let exported: { seq?: unknown; hash?: unknown };
      try {
        exported = JSON.parse(text) as { seq?: unknown; hash?: unknown };
      } catch (error) {
        throw new DlxError(
          'DLX_E_RUNTIME_INPUT_INVALID',
          `--expect-head: ${file} is not JSON (${(error as Error).message}); it must hold <seq>:<hash> or an exported head {"seq","hash","at"}`,
          { details: { option: '--expect-head', file } },
        );
      }
      text = `${String(exported.seq)}:${String(exported.hash)}`;
    }
  }
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) {
    throw new DlxError(
      'DLX_E_RUNTIME_INPUT_INVALID',
      `--expect-head must be <seq>:<hash> (as "audit head" prints it) or @file, got "${text.slice(0, 80)}"`,
    );
  }
  return { seq: Number(match[1]), hash: match[2]! };
}

/** Opens the database read-only (never created, never migrated), with DLX_AUDIT_KEY when set. */
async function openLog(
  { target, config }: CliDatabase,
  io: CliIo,
): Promise<{ log: ReadOnlyAuditLog; key: boolean; database: string }> {
  const key = optionalAuditKey(io.env, sqliteFileOf(target));
  const log = await openAuditLogReadOnly(
    target,
    key,
    postgresSettingsOf(config, 'dealix-connectors audit'),
  );
  return { log, key: key !== undefined, database: describeDatabase(target) };
}

/**
 * `audit verify [--expect-head <seq>:<hash>]`: re-computes the keyed chain (DLX_AUDIT_KEY) and,
 * given an exported head, checks the chain still holds it: records cut off the end leave a chain
 * that verifies on its own, so only the head kept outside the database reveals them.
 */
export async function auditVerifyCommand(
  opts: GlobalOptions & { expectHead?: string },
  io: CliIo,
): Promise<number> {
  const expected =
    opts.expectHead === undefined ? undefined : parseExpectedHead(opts.expectHead, io.cwd);
  const { log, key, database } = await openLog(databaseForCli(opts, io), io);
  try {
    if (log.keyedFromSeq !== undefined && !key) {
      throw new DlxError(
        'DLX_E_AUDIT_KEY_MISSING',
        `${AUDIT_KEY_VARIABLE} is not set: the audit chain of ${database} is keyed (HMAC-SHA256) and verifying it needs the key every host of the database shares`,
        { details: { variable: AUDIT_KEY_VARIABLE } },
      );
    }
    const result = await log.verify();
    let headProblem: DlxError | undefined;
    if (result.ok && expected !== undefined) {
      const record = await log.recordAt(expected.seq);
      if (record === undefined || record.hash !== expected.hash) {
        headProblem = new DlxError(
          'DLX_E_AUDIT_HEAD_MISMATCH',
          record === undefined
            ? `the chain ends at seq ${result.head.seq}, before the exported head ${formatHead(expected)}: records were cut off the end`
            : `record ${expected.seq} has hash ${record.hash}, not the exported ${expected.hash}: the chain was rewritten`,
          { details: { expected, head: result.head } },
        );
      }
    }
    if (opts.json) {
      io.out(
        JSON.stringify(
          headProblem ? { ...result, ok: false, error: headProblem.toJSON() } : result,
          null,
          2,
        ),
      );
    } else if (headProblem) {
      io.out(`audit log ALTERED: ${headProblem.code}: ${headProblem.message}`);
    } else if (result.ok) {
      const legacy = result.legacy_count
        ? `, ${result.legacy_count} of them in the unkeyed format from before the keyed chain`
        : '';
      io.out(`audit log intact: ${result.count} records${legacy}, head ${formatHead(result.head)}`);
    } else {
      io.out(`audit log ALTERED: ${result.reason} (${result.count} records verified before it)`);
    }
    return result.ok && !headProblem ? EXIT.ok : EXIT.failed;
  } finally {
    await log.close();
  }
}

/** `audit head`: the chain's head as `<seq>:<hash>`, to keep somewhere the database is not. */
export async function auditHeadCommand(opts: GlobalOptions, io: CliIo): Promise<number> {
  const { log } = await openLog(databaseForCli(opts, io), io);
  try {
    const head = await log.head();
    io.out(opts.json ? JSON.stringify(head) : formatHead(head));
    return EXIT.ok;
  } finally {
    await log.close();
  }
}

/** `audit list -t <tenant> [--after <seq>] [--limit <n>]`: a tenant's records, oldest first. */
export async function auditListCommand(
  opts: GlobalOptions & { tenant: string; after?: string; limit?: string },
  io: CliIo,
): Promise<number> {
  const after = Number(opts.after ?? 0);
  const limit = Number(opts.limit ?? 100);
  if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1) {
    io.err('--after must be a seq (an integer >= 0) and --limit an integer >= 1');
    return EXIT.usage;
  }
  const database = databaseForCli(opts, io);
  const refused = refuseUnknownTenant(database, opts.tenant, io);
  if (refused !== undefined) return refused;
  const { log } = await openLog(database, io);
  try {
    const records = await log.list({ tenant: opts.tenant, after, limit });
    if (opts.json) io.out(JSON.stringify(records, null, 2));
    else if (records.length === 0)
      io.out(`no audit records for tenant "${opts.tenant}" after seq ${after}`);
    else {
      for (const r of records) {
        const what = [r.connector_key, r.operation].filter(Boolean).join('.');
        io.out(
          `${r.seq}  ${r.at}  ${r.event.padEnd(24)} ${r.outcome.padEnd(7)} ${what}  by ${r.actor}${r.error_code ? `  ${r.error_code}` : ''}`,
        );
      }
    }
    return EXIT.ok;
  } finally {
    await log.close();
  }
}
