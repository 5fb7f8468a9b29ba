import { dirname, join } from 'node:path';
import {
  AUDIT_KEY_VARIABLE,
  AuditChainKey,
  DATA_KEYS_VARIABLE,
  DataKeyring,
} from '@dealix/connector-core';
import type { DatabaseTarget } from './config/databaseTarget';
import { writeKeysFile } from './keys/keysFile';
import { claimSandboxDatabase } from './sandboxDatabaseClaim';

/** The database a host runs on, and the keys it needs. */
export interface HostDatabase {
  target: DatabaseTarget;
  auditKey: AuditChainKey;
  /** DLX_DATA_KEYS; without them connectors handling restricted data are rejected. */
  dataKeys: DataKeyring | undefined;
  /** Lines for the startup report (what sandbox mode generated, and where it is kept). */
  notes: string[];
  /** Gives up sandbox mode's claim on its database (a no-op otherwise); at the host's close. */
  release(): void;
}

/**
 * A configured host runs on its configured database with DLX_AUDIT_KEY from the environment
 * (startup fails naming the variable without it). Sandbox mode runs on a SQLite database of its
 * own, `sandbox.db` beside the configured file (in `baseDir`, the config's folder, when the
 * configured database is PostgreSQL, which sandbox mode never touches), recreated at every
 * start, unless a sandbox host still runs on it (claimSandboxDatabase); when the keys are not set
 * it generates them, says so, and keeps them in a 0600 file beside that database so the CLI can
 * verify it. A sandbox host that does not serve (`report`) runs on an in-memory database: it
 * never touches the files a serving sandbox host may be using.
 */
export function prepareHostDatabase(
  configured: DatabaseTarget,
  sandboxMode: boolean,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  serving = true,
): HostDatabase {
  const givenKeys = present(env[DATA_KEYS_VARIABLE]);
  const dataKeys = givenKeys === undefined ? undefined : DataKeyring.parse(givenKeys);
  if (!sandboxMode) {
    return {
      target: configured,
      auditKey: AuditChainKey.fromBase64(env[AUDIT_KEY_VARIABLE], AUDIT_KEY_VARIABLE),
      dataKeys,
      notes: [],
      release: () => {},
    };
  }
  const file = serving ? sandboxDatabaseFile(configured, baseDir) : ':memory:';
  const release = file === ':memory:' ? () => {} : claimSandboxDatabase(file);
  const notes = [
    serving
      ? `sandbox mode: a fresh database at ${file} (recreated at every start)`
      : "sandbox mode: an in-memory database for this report (a sandbox host's files are left alone)",
  ];
  const givenAudit = present(env[AUDIT_KEY_VARIABLE]);
  const auditKey =
    givenAudit === undefined
      ? AuditChainKey.random()
      : AuditChainKey.fromBase64(givenAudit, AUDIT_KEY_VARIABLE);
  const keyring = dataKeys ?? DataKeyring.generate('sandbox1');
  const generated = [
    ...(givenAudit === undefined ? [AUDIT_KEY_VARIABLE] : []),
    ...(dataKeys === undefined ? [DATA_KEYS_VARIABLE] : []),
  ];
  if (generated.length > 0 && file !== ':memory:') {
    const keys = writeKeysFile(file, {
      ...(givenAudit === undefined && { DLX_AUDIT_KEY: auditKey.toBase64() }),
      ...(dataKeys === undefined && { DLX_DATA_KEYS: keyring.toEnvValue() }),
    });
    notes.push(
      `sandbox mode: ${generated.join(' and ')} ${generated.length > 1 ? 'were' : 'was'} not set; generated, kept in ${keys} (mode 0600) for the CLI`,
    );
  }
  return { target: { kind: 'sqlite', file }, auditKey, dataKeys: keyring, notes, release };
}

/**
 * Where sandbox mode keeps its database: `sandbox.db` beside the configured SQLite file, or in
 * the config's folder when the configured database is PostgreSQL (never touched by sandbox mode).
 * The CLI finds a sandbox host's database by the same rule.
 */
export function sandboxDatabaseFile(configured: DatabaseTarget, baseDir: string): string {
  if (configured.kind === 'postgres') return join(baseDir, 'sandbox.db');
  return configured.file === ':memory:'
    ? configured.file
    : join(dirname(configured.file), 'sandbox.db');
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
