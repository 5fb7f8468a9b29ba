import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { AuditRecord } from '@dealix/connector-core';
import {
  AUDIT_COLUMNS,
  INSERT_AUDIT_ROW,
  auditRecordToRow,
  auditRowToRecord,
  type AuditRow,
} from '../auditRows';

/**
 * A second connection to a database file, as someone with access to the file would open it:
 * the realistic way to tamper with the audit log or to see what is really on disk.
 */
export function withSecondConnection<T>(file: string, use: (raw: Database) => T): T {
  const raw = new BetterSqlite3(file);
  try {
    return use(raw);
  } finally {
    raw.close();
  }
}

/** Lifts the append-only triggers first, as an attacker with the file would. */
export function dropAuditGuards(raw: Database): void {
  raw.exec(
    'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete',
  );
}

export function readAuditFile(file: string): AuditRecord[] {
  return withSecondConnection(file, (raw) =>
    raw
      .prepare<[], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`)
      .all()
      .map(auditRowToRecord),
  );
}

/**
 * Rewrites the whole table with `edit`'s records, renumbering them by position (the table's
 * order is its seq): deleting, moving or inserting a record then shows up where the chain's
 * links break, as an attacker hiding a gap would leave it.
 */
export function rewriteAuditFile(
  file: string,
  edit: (records: AuditRecord[]) => AuditRecord[],
): void {
  const edited = edit(readAuditFile(file));
  withSecondConnection(file, (raw) => {
    raw.transaction(() => {
      dropAuditGuards(raw);
      raw.exec('DELETE FROM audit_log');
      const insert = raw.prepare<[AuditRow]>(INSERT_AUDIT_ROW);
      edited.forEach((record, index) =>
        insert.run({ ...auditRecordToRow(record), seq: index + 1 }),
      );
    })();
  });
}
