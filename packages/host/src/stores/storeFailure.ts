import { DlxError, isDlxError } from '@dealix/connector-core/stores';

/**
 * Runs one store action and turns a driver error (SQLITE_BUSY, disk full, a closed connection)
 * into DLX_E_STORE_FAILURE, the code the runtime treats as "not acknowledged". Our own coded
 * errors (an audit payload with no JSON form) pass through unchanged.
 */
export function withStoreFailure<T>(store: string, action: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw asStoreFailure(store, action, err);
  }
}

export function asStoreFailure(store: string, action: string, err: unknown): unknown {
  if (isDlxError(err)) return err;
  const sqliteCode = driverCode(err);
  return new DlxError(
    'DLX_E_STORE_FAILURE',
    `The SQLite ${store} store could not ${action}: ${err instanceof Error ? err.message : String(err)}`,
    {
      cause: err,
      details: { store, action, ...(sqliteCode !== undefined && { sqlite_code: sqliteCode }) },
    },
  );
}

function driverCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
