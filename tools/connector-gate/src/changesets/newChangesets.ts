import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxBump, type Bump } from '../findings/finding';
import { parseChangeset } from './changesetFile';

export const CHANGESET_DIR = '.changeset';

/** The changesets a pull request adds, merged per package (the highest bump wins). */
export interface NewChangesets {
  files: string[];
  bumps: Map<string, Bump>;
  /** `<file>: <problem>` for lines that could not be read. */
  problems: string[];
}

/**
 * Reads the `.changeset/*.md` files of the working tree that the base commit does not have.
 * Listing the directory (rather than asking git for added files) also sees a changeset not yet
 * committed, which is what a local run before pushing needs.
 */
export function readNewChangesets(
  rootDir: string,
  baseHas: (path: string) => boolean,
): NewChangesets {
  let names: string[];
  try {
    names = readdirSync(join(rootDir, CHANGESET_DIR));
  } catch {
    names = [];
  }
  const files = names
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .map((name) => `${CHANGESET_DIR}/${name}`)
    .filter((path) => !baseHas(path))
    .sort();
  const bumps = new Map<string, Bump>();
  const problems: string[] = [];
  for (const file of files) {
    const parsed = parseChangeset(readFileSync(join(rootDir, file), 'utf8'));
    for (const [name, bump] of parsed.bumps) bumps.set(name, maxBump(bumps.get(name), bump)!);
    problems.push(...parsed.problems.map((problem) => `${file}: ${problem}`));
  }
  return { files, bumps, problems };
}
