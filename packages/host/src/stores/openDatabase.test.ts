import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hasErrorCode } from '@dealix/connector-core';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { thrownBy } from './__fixtures__/thrownBy';
import { applyMigrations } from './applyMigrations';
import { SCHEMA_MIGRATIONS, type SchemaMigration } from './migrations';
import { openDatabase } from './openDatabase';

const temp = useTempDatabases();
const LATEST = SCHEMA_MIGRATIONS.at(-1)!.version;

function appliedVersions(file: string): number[] {
  const db = temp.track(openDatabase(file));
  return db
    .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => row.version);
}

describe('openDatabase', () => {
  it('creates the missing parent folders and sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const file = join(dirname(temp.file()), 'nested', 'deeper', 'store.db');
    const db = temp.track(openDatabase(file));
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('works on :memory: for quick tests, with the full schema', () => {
    const db = temp.track(openDatabase(':memory:'));
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'schema_migrations',
        'audit_log',
        'idempotency_records',
        'approvals',
        'sync_state',
        'outbox_events',
      ]),
    );
  });

  it('applies each migration once: re-opening the same file is a no-op', () => {
    const file = temp.file();
    expect(appliedVersions(file)).toEqual(SCHEMA_MIGRATIONS.map((m) => m.version));
    const again = temp.track(openDatabase(file));
    expect(applyMigrations(again)).toEqual({ version: LATEST, applied: [] });
    expect(appliedVersions(file)).toEqual(SCHEMA_MIGRATIONS.map((m) => m.version));
  });

  it('applies only the migrations a database does not have yet', () => {
    const db = temp.track(openDatabase(temp.file()));
    const next: SchemaMigration = {
      version: LATEST + 1,
      name: 'notes',
      sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)',
    };
    expect(applyMigrations(db, [...SCHEMA_MIGRATIONS, next])).toEqual({
      version: LATEST + 1,
      applied: [LATEST + 1],
    });
    expect(() => db.prepare("INSERT INTO notes (text) VALUES ('hello')").run()).not.toThrow();
  });

  it('rolls a failing migration back entirely and does not record it', () => {
    const db = temp.track(openDatabase(temp.file()));
    const broken: SchemaMigration = {
      version: LATEST + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO missing_table VALUES (1);',
    };
    expect(() => applyMigrations(db, [...SCHEMA_MIGRATIONS, broken])).toThrow();
    const halfDone = db
      .prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'")
      .get() as unknown;
    expect(halfDone).toBeUndefined();
    expect(applyMigrations(db)).toEqual({ version: LATEST, applied: [] });
  });

  it('refuses a database written by newer code, naming both schema versions', () => {
    const file = temp.file();
    const newer = temp.track(openDatabase(file));
    applyMigrations(newer, [
      ...SCHEMA_MIGRATIONS,
      { version: LATEST + 1, name: 'from the future', sql: 'CREATE TABLE future (id INTEGER)' },
    ]);
    newer.close();
    const err = thrownBy(() => openDatabase(file));
    expect(hasErrorCode(err, 'DLX_E_STORE_FAILURE')).toBe(true);
    expect(hasErrorCode(err, 'DLX_E_STORE_FAILURE') && err.details).toEqual(
      expect.objectContaining({ reason: 'schema_too_new', found: LATEST + 1, supported: LATEST }),
    );
  });

  it('refuses a migration list that is not numbered in order', () => {
    const db = temp.track(openDatabase(':memory:'));
    const err = thrownBy(() => applyMigrations(db, [{ ...SCHEMA_MIGRATIONS[0]!, version: 2 }]));
    expect(hasErrorCode(err, 'DLX_E_STORE_FAILURE') && err.details?.['reason']).toBe(
      'migrations_misnumbered',
    );
  });

  it('refuses a file that is not a SQLite database with DLX_E_STORE_FAILURE', () => {
    const file = temp.file();
    writeFileSync(file, 'these are not the pages you are looking for'.repeat(100));
    const err = thrownBy(() => openDatabase(file));
    expect(hasErrorCode(err, 'DLX_E_STORE_FAILURE') && err.details?.['sqlite_code']).toBe(
      'SQLITE_NOTADB',
    );
  });
});
