import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DlxError } from '@dealix/connector-core';

/**
 * Sandbox mode recreates its database at every start. A second sandbox host started on the same
 * folder (another `npm start` with DLX_PORT) would unlink the first one's live database and keys
 * under it, so a serving sandbox host records its pid beside the database and a start refuses
 * while that process lives. A pid left by a killed host (or by this process) does not hold it.
 */
export function claimSandboxDatabase(file: string): () => void {
  const pidFile = `${file}.pid`;
  const holder = livingHolder(pidFile);
  if (holder !== undefined) {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${file}: a sandbox host (pid ${holder}) is running on this database; stop it first, or start this one in another folder or with --database <file> (sandbox mode keeps sandbox.db beside it). If no such host runs, delete ${pidFile}.`,
      { details: { file, pid: holder } },
    );
  }
  for (const suffix of ['', '-wal', '-shm', '.keys', '.host-id'])
    rmSync(`${file}${suffix}`, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  return () => {
    // Only our own claim: a later host may have taken the folder over after a forced stop.
    if (readPid(pidFile) === process.pid) rmSync(pidFile, { force: true });
  };
}

function livingHolder(pidFile: string): number | undefined {
  const pid = readPid(pidFile);
  if (pid === undefined || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the file.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

function readPid(pidFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
