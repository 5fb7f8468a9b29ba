import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every byte of the SQLite files named `<name>*` in `dir` (the database, its WAL and the WAL's
 * index), decoded as UTF-8 so a scan finds English and Arabic text alike.
 */
export function rawDatabase(dir: string, name: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith(name))
    .map((f) => readFileSync(join(dir, f)).toString('utf8'))
    .join('\n');
}
