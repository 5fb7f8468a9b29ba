import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AUDIT_KEY_VARIABLE, AuditChainKey } from '@dealix/connector-core';
import { writeKeysFile } from './keys/keysFile';

/** The database a host runs on, and the keys it needs. */
export interface HostDatabase {
  file: string;
  auditKey: AuditChainKey;
  /** Lines for the startup report (what sandbox mode generated, and where it is kept). */
  notes: string[];
}

/**
 * A configured host runs on its configured database with DLX_AUDIT_KEY from the environment
 * (startup fails naming the variable without it). Sandbox mode runs on a database of its own,
 * `sandbox.db` beside the configured one, recreated at every start; when the keys are not set
 * it generates them, says so, and keeps them in a 0600 file beside that database so the CLI can
 * verify it.
 */
export function prepareHostDatabase(
  configured: string,
  sandboxMode: boolean,
  env: NodeJS.ProcessEnv,
): HostDatabase {
  if (!sandboxMode) {
    return {
      file: configured,
      auditKey: AuditChainKey.fromBase64(env[AUDIT_KEY_VARIABLE], AUDIT_KEY_VARIABLE),
      notes: [],
    };
  }
  const file = configured === ':memory:' ? configured : join(dirname(configured), 'sandbox.db');
  if (file !== ':memory:') {
    for (const suffix of ['', '-wal', '-shm', '.keys', '.host-id'])
      rmSync(`${file}${suffix}`, { force: true });
  }
  const notes = [`sandbox mode: a fresh database at ${file} (recreated at every start)`];
  const given = env[AUDIT_KEY_VARIABLE];
  if (given !== undefined && given.trim() !== '') {
    return { file, auditKey: AuditChainKey.fromBase64(given, AUDIT_KEY_VARIABLE), notes };
  }
  const auditKey = AuditChainKey.random();
  if (file !== ':memory:') {
    const keys = writeKeysFile(file, { DLX_AUDIT_KEY: auditKey.toBase64() });
    notes.push(
      `sandbox mode: ${AUDIT_KEY_VARIABLE} was not set; generated one, kept in ${keys} (mode 0600) for the CLI`,
    );
  }
  return { file, auditKey, notes };
}
