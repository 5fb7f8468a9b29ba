import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Closable {
  close(): unknown;
  readonly open?: boolean;
}

export interface TempDatabases {
  /** A database path in a fresh temp folder (the file itself does not exist yet). */
  file(name?: string): string;
  /** Closes `closable` after the test, before its folder is removed. */
  track<T extends Closable>(closable: T): T;
}

/**
 * Temp folders for database files, removed after each test together with every connection or
 * store set the test registered, so no test leaves a file or an open handle behind.
 */
export function useTempDatabases(): TempDatabases {
  const folders: string[] = [];
  const open: Closable[] = [];
  afterEach(async () => {
    for (const closable of open.splice(0)) {
      if (closable.open !== false) await closable.close();
    }
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return {
    file(name = 'dealix.db') {
      const folder = mkdtempSync(join(tmpdir(), 'dealix-stores-'));
      folders.push(folder);
      return join(folder, name);
    },
    track(closable) {
      open.push(closable);
      return closable;
    },
  };
}
