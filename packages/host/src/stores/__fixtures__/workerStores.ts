import { CONTRACT_AUDIT_KEY } from '@dealix/connector-core/testing';
import { createSqliteStores, type SqliteStores } from '../createSqliteStores';
import type { TempDatabases } from './tempDatabases';

/** The worker-backed stores on a database file (a fresh one by default), closed after the test. */
export async function openWorkerStores(
  temp: TempDatabases,
  file: string = temp.file(),
): Promise<SqliteStores> {
  return temp.track(await createSqliteStores(file, { auditKey: CONTRACT_AUDIT_KEY }));
}
