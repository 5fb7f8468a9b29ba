import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxBump, type Bump } from '../findings/finding';
import { parseChangeset } from './changesetFile';

export const CHANGESET_DIR = '.changeset';

/** The changesets a pull request adds, merged per package (the highest bump wins). */
export interface NewChangesets {
  files: string[];
  bumps: Map<string, Bump>;
  /** Per new file, the lines that could not be read. */
  problems: { file: string; problem: string }[];
  /** Per package name, the new files that name it. */
  namedBy: Map<string, string[]>;
}

/** Per package name, every changeset file of the working tree that names it (pending or new). */
export function changesetsNaming(rootDir: string): Map<string, string[]> {
  const named = new Map<string, string[]>();
  for (const file of changesetFiles(rootDir)) {
    for (const name of parseChangeset(readFileSync(join(rootDir, file), 'utf8')).bumps.keys())
      named.set(name, [...(named.get(name) ?? []), file]);
  }
  return named;
}

function changesetFiles(rootDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(rootDir, CHANGESET_DIR));
  } catch {
    names = [];
  }
  return names
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .map((name) => `${CHANGESET_DIR}/${name}`)
    .sort();
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
  const files = changesetFiles(rootDir).filter((path) => !baseHas(path));
  const bumps = new Map<string, Bump>();
  const problems: NewChangesets['problems'] = [];
  const namedBy = new Map<string, string[]>();
  for (const file of files) {
    const parsed = parseChangeset(readFileSync(join(rootDir, file), 'utf8'));
    for (const [name, bump] of parsed.bumps) {
      bumps.set(name, maxBump(bumps.get(name), bump)!);
      namedBy.set(name, [...(namedBy.get(name) ?? []), file]);
    }
    problems.push(...parsed.problems.map((problem) => ({ file, problem })));
  }
  return { files, bumps, problems, namedBy };
}
