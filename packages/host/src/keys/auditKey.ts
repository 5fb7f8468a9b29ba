import {
  AUDIT_KEY_VARIABLE,
  AuditChainKey,
  DATA_KEYS_VARIABLE,
  DataKeyring,
} from '@dealix/connector-core';
import { keyFromEnvOrFile } from './keysFile';

/**
 * DLX_AUDIT_KEY from the environment (or the sandbox's keys file beside a SQLite `database`;
 * undefined for PostgreSQL): required to write audit.
 */
export function auditKeyFor(env: NodeJS.ProcessEnv, database: string | undefined): AuditChainKey {
  return AuditChainKey.fromBase64(
    keyFromEnvOrFile('DLX_AUDIT_KEY', env, database),
    AUDIT_KEY_VARIABLE,
  );
}

/** The same, or undefined when it is not set (read-only commands that need no key). */
export function optionalAuditKey(
  env: NodeJS.ProcessEnv,
  database: string | undefined,
): AuditChainKey | undefined {
  const value = keyFromEnvOrFile('DLX_AUDIT_KEY', env, database);
  return value === undefined ? undefined : AuditChainKey.fromBase64(value, AUDIT_KEY_VARIABLE);
}

/** DLX_DATA_KEYS from the environment (or the sandbox's keys file), when set. */
export function optionalDataKeys(
  env: NodeJS.ProcessEnv,
  database: string | undefined,
): DataKeyring | undefined {
  const value = keyFromEnvOrFile('DLX_DATA_KEYS', env, database);
  return value === undefined ? undefined : DataKeyring.parse(value, DATA_KEYS_VARIABLE);
}
