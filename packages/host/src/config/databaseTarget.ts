import { isAbsolute, resolve } from 'node:path';
import { DlxError } from '@dealix/connector-core';
import {
  isPostgresUrl,
  postgresTarget,
  type PostgresTarget,
} from '../stores/postgres/postgresTarget';
import type { HostConfig } from './hostConfig';
import { resolveValue } from './loadHostConfig';

/** Where the host's stores live: a SQLite file (one host) or PostgreSQL (several hosts). */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | PostgresTarget;

/**
 * The database the host or a CLI command runs on: `override` (--database) first, then
 * DLX_DATABASE, then the config's `database` (a literal, `{ "env" }` or `{ "file" }`). A value
 * starting `postgres://` (or `postgresql://`) is PostgreSQL, anything else a SQLite file
 * relative to the config's folder. A PostgreSQL URL with a password written literally in the
 * config file is refused: the file may be committed, and the URL is a secret.
 */
export function resolveDatabaseTarget(
  config: Pick<HostConfig, 'database'>,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  override?: string,
): DatabaseTarget {
  const given = present(override) ?? present(env.DLX_DATABASE);
  if (given !== undefined) {
    return targetOf(given, baseDir, override !== undefined ? '--database' : 'DLX_DATABASE');
  }
  const setting = config.database;
  if (typeof setting === 'string') {
    if (isPostgresUrl(setting) && postgresTarget(setting, 'database').hasPassword) {
      throw new DlxError(
        'DLX_E_CONFIG_INVALID',
        'database: a PostgreSQL URL with a password is a secret and is not accepted written into the config file; use { "env": "NAME" }, { "file": "path" } or DLX_DATABASE',
        { details: { setting: 'database' } },
      );
    }
    return targetOf(setting, baseDir, 'database');
  }
  const where =
    'env' in setting ? `database (env ${setting.env})` : `database (file ${setting.file})`;
  const value = resolveValue(setting, env, baseDir, 'database');
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${where}: no value; set it to a SQLite file or a postgres:// URL`,
      { details: { setting: 'database' } },
    );
  }
  return targetOf(value.trim(), baseDir, where);
}

/** The SQLite file of a target, or undefined for PostgreSQL (no files beside a URL). */
export function sqliteFileOf(target: DatabaseTarget): string | undefined {
  return target.kind === 'sqlite' ? target.file : undefined;
}

/** The target as logs and reports may show it. */
export function describeDatabase(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? target.file : target.display;
}

function targetOf(value: string, baseDir: string, where: string): DatabaseTarget {
  if (isPostgresUrl(value)) return postgresTarget(value, where);
  const file = isAbsolute(value) || value === ':memory:' ? value : resolve(baseDir, value);
  return { kind: 'sqlite', file };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
