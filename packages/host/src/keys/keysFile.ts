import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DlxError } from '@dealix/connector-core';

/** The variables a keys file may hold (sandbox mode writes it; the CLI reads it). */
export type KeyVariable = 'DLX_AUDIT_KEY' | 'DLX_DATA_KEYS';

/** `<database>.keys`: the keys sandbox mode generated for its database. */
export function keysFileOf(database: string): string {
  return `${database}.keys`;
}

/**
 * Writes the generated keys beside the database, readable by its owner only (0600), so the CLI
 * can verify and read that database later. Only sandbox mode writes one; a production host
 * reads its keys from the environment.
 */
export function writeKeysFile(
  database: string,
  keys: Partial<Record<KeyVariable, string>>,
): string {
  const file = keysFileOf(database);
  // Sandbox mode writes its keys before the database is opened: in a fresh checkout the
  // database's folder (data/) does not exist yet.
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** One key from the environment, else from the keys file beside a SQLite database (if any). */
export function keyFromEnvOrFile(
  variable: KeyVariable,
  env: NodeJS.ProcessEnv,
  database: string | undefined,
): string | undefined {
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  if (database === undefined || database === ':memory:') return undefined;
  const file = keysFileOf(database);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DlxError('DLX_E_CONFIG_INVALID', `${file} is not JSON: ${(error as Error).message}`);
  }
  const value = (parsed as Partial<Record<KeyVariable, unknown>>)[variable];
  return typeof value === 'string' ? value : undefined;
}
