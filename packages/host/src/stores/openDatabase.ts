import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { applyMigrations } from './applyMigrations';
import { asStoreFailure } from './storeFailure';

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating it and its folder when needed) the host's SQLite database, set up for
 * durability first: WAL so readers never block the writer, synchronous=FULL so a COMMIT has
 * reached the disk before any store acknowledges it, then the numbered migrations.
 * `':memory:'` gives a private in-memory database, for quick tests.
 */
export function openDatabase(file: string): Database {
  const inMemory = file === ':memory:' || file === '';
  let db: Database | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
    db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    applyMigrations(db);
    return db;
  } catch (err) {
    db?.close();
    throw asStoreFailure('database', `open ${file}`, err);
  }
}
