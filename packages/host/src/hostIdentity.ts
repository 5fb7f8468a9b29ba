import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DlxError, type LeaseHolder } from '@dealix/connector-core';

const HOST_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** The variable that names this host, over the config's `host_id` (one config, many hosts). */
export const HOST_ID_VARIABLE = 'DLX_HOST_ID';

/**
 * This process as its idempotency leases name it: DLX_HOST_ID or the configured `host_id`;
 * else, on SQLite, one made once and kept in `<database>.host-id` (so a restart on the same
 * database is the same host, and its leases from the earlier boot can be converted at once);
 * else (PostgreSQL, no file to keep it in) a new one for this start, whose leases other hosts
 * convert on expiry. And a boot_id new at every start.
 */
export function leaseHolderFor(
  sqliteFile: string | undefined,
  configured: string | undefined,
  env: NodeJS.ProcessEnv = {},
): LeaseHolder {
  const named = env[HOST_ID_VARIABLE]?.trim() || configured;
  if (named !== undefined && !HOST_ID.test(named)) {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${HOST_ID_VARIABLE} is "${named.slice(0, 80)}", which is not a host id (1..64 letters, digits, "_", "." or "-")`,
    );
  }
  const hostId =
    named ?? (sqliteFile === undefined ? `host-${randomUUID()}` : storedHostId(sqliteFile));
  return { host_id: hostId, boot_id: randomUUID() };
}

function storedHostId(database: string): string {
  if (database === ':memory:' || database === '') return `host-${randomUUID()}`;
  const file = `${database}.host-id`;
  if (!existsSync(file)) {
    try {
      writeFileSync(file, `host-${randomUUID()}\n`, { flag: 'wx', mode: 0o600 });
      chmodSync(file, 0o600);
    } catch (error) {
      // Another process sharing the database made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const id = readFileSync(file, 'utf8').trim();
  if (!HOST_ID.test(id)) {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${file} holds "${id.slice(0, 80)}", which is not a host id (1..64 letters, digits, "_", "." or "-"); delete the file or set host_id in the config`,
    );
  }
  return id;
}
