import {
  LEGACY_AUDIT_FORMAT,
  sealAuditChainFormat,
  type AuditChainFormat,
  type AuditChainKey,
} from '@dealix/connector-core/stores';
import type { Database } from 'better-sqlite3';

/** Where the keyed audit format starts in this database (migration 4), and its seal. */
export interface AuditChainMarker {
  keyedFromSeq: number;
  seal: string | null;
}

/** The marker; undefined for a database from before the keyed chain (opened read-only). */
export function readAuditChainMarker(db: Database): AuditChainMarker | undefined {
  const table = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain_format'",
    )
    .get();
  if (table === undefined) return undefined;
  const row = db
    .prepare<[], { keyed_from_seq: number; seal: string | null }>(
      'SELECT keyed_from_seq, seal FROM audit_chain_format WHERE id = 1',
    )
    .get();
  return row && { keyedFromSeq: row.keyed_from_seq, seal: row.seal };
}

/**
 * Seals an unsealed marker with the key, in one IMMEDIATE transaction, but only while no record
 * at or after it exists (a database just migrated): an unsealed marker with keyed records after
 * it was tampered with, and is left for verify to report.
 */
export function sealAuditChainMarker(db: Database, key: AuditChainKey): void {
  db.transaction(() => {
    const marker = readAuditChainMarker(db);
    if (marker === undefined || marker.seal !== null) return;
    const last = db
      .prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM audit_log')
      .get();
    if ((last?.seq ?? 0) >= marker.keyedFromSeq) return;
    db.prepare<[string]>('UPDATE audit_chain_format SET seal = ? WHERE id = 1').run(
      sealAuditChainFormat(key, marker.keyedFromSeq),
    );
  }).immediate();
}

/** The chain format the marker describes (every record legacy when there is no marker). */
export function auditChainFormat(
  marker: AuditChainMarker | undefined,
  key: AuditChainKey | undefined,
): AuditChainFormat {
  if (marker === undefined) return LEGACY_AUDIT_FORMAT;
  return key === undefined
    ? { keyedFromSeq: marker.keyedFromSeq }
    : { keyedFromSeq: marker.keyedFromSeq, key };
}

/**
 * What is wrong with the marker, checked with the key before the records: a seal that does not
 * match (the marker moved, or the key is not this database's), or no seal while keyed records
 * exist after it.
 */
export function markerProblem(
  marker: AuditChainMarker | undefined,
  key: AuditChainKey,
  lastSeq: number,
): string | undefined {
  if (marker === undefined) return undefined;
  if (marker.seal === null) {
    return lastSeq >= marker.keyedFromSeq
      ? `the keyed-format marker (seq ${marker.keyedFromSeq}) is not sealed though keyed records follow it: it was altered`
      : undefined;
  }
  if (marker.seal !== sealAuditChainFormat(key, marker.keyedFromSeq)) {
    return `the keyed-format marker (seq ${marker.keyedFromSeq}) does not carry its seal: it was moved, or DLX_AUDIT_KEY is not this database's key`;
  }
  return undefined;
}
