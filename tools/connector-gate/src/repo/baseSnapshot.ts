import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GateError } from '../gateError';
import type { GitBlobBatch } from './gitBlobBatch';
import { readTextOrUndefined } from './headSide';
import { runGit, splitNul } from './gitProcess';

/** What git says about the base ref, before any blob is read. */
export interface BaseQueries {
  /** The base ref as given. */
  ref: string;
  /** Paths whose working-tree content differs from the base: modified, added, deleted, untracked. */
  changed: Set<string>;
  /** The base blob id of every changed path the base has (modified, deleted, type changed). */
  baseBlobs: Map<string, string>;
}

/**
 * Whether the base lacks a path that exists in the working tree. A path git does not report
 * is the same at the base; a reported one is in the base when the base side has a blob.
 */
export function isAdded(queries: BaseQueries, path: string): boolean {
  return queries.changed.has(path) && !queries.baseBlobs.has(path);
}

/**
 * Starts both git queries of a diff at once (changed paths with their base blob ids, and
 * untracked paths), so they run while the caller reads the head packages. A file git does not
 * report is read from the working tree, so no listing of the whole base tree is needed; the
 * paths are relative to the repository root, so the root must be the git top level.
 */
export async function queryBase(rootDir: string, ref: string): Promise<BaseQueries> {
  if (ref.startsWith('-') || ref.trim() === '' || /[\s:]/.test(ref)) {
    throw new GateError('GATE_USAGE', `--base must name a git ref, got ${JSON.stringify(ref)}`);
  }
  if (!existsSync(join(rootDir, '.git'))) {
    throw new GateError(
      'GATE_USAGE',
      `${rootDir} is not the top level of a git repository: run diff at the repository root`,
    );
  }
  const [diff, untracked] = await Promise.allSettled([
    runGit(rootDir, ['diff', '--raw', '-z', '--no-abbrev', '--no-renames', ref, '--']),
    runGit(rootDir, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  for (const result of [diff, untracked]) {
    if (result.status === 'rejected') throw result.reason;
  }
  const output = (r: PromiseSettledResult<Buffer>) => (r as PromiseFulfilledResult<Buffer>).value;
  const { changed, baseBlobs } = parseRawDiff(output(diff));
  for (const path of splitNul(output(untracked))) changed.add(path);
  return { ref, changed, baseBlobs };
}

const NO_BLOB = /^0+$/;

/**
 * `git diff --raw -z` entries: `:<mode> <mode> <base id> <head id> <status>`, then the path.
 * The base id is all zeros for a path the base does not have.
 */
function parseRawDiff(output: Buffer): { changed: Set<string>; baseBlobs: Map<string, string> } {
  const changed = new Set<string>();
  const baseBlobs = new Map<string, string>();
  const fields = splitNul(output);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, , baseId] = fields[i]!.split(' ');
    const path = fields[i + 1]!;
    changed.add(path);
    if (baseId !== undefined && !NO_BLOB.test(baseId)) baseBlobs.set(path, baseId);
  }
  return { changed, baseBlobs };
}

/**
 * Reads files as the base commit has them. A path git does not report is taken from the
 * working tree (already read for the head side, or from disk); changed paths go through the
 * single `git cat-file --batch` process. `prefetch` asks for every changed JSON file of the
 * base in one round trip as soon as the git queries answer, while head manifests are still
 * being validated.
 */
export class BaseFiles {
  private readonly prefetched = new Map<string, Promise<Buffer | undefined>>();
  private headTexts: ReadonlyMap<string, string> = new Map();

  constructor(
    private readonly rootDir: string,
    private readonly queries: BaseQueries,
    private readonly batch: GitBlobBatch,
  ) {}

  prefetch(): void {
    const paths = [...this.queries.baseBlobs.keys()].filter((p) => p.endsWith('.json'));
    const all = this.batch.read(paths.map((p) => this.queries.baseBlobs.get(p)!));
    // Awaited through the per-path promises below, or never when no one asks.
    all.catch(() => undefined);
    paths.forEach((path, i) => {
      const blob = all.then((blobs) => blobs[i]);
      blob.catch(() => undefined);
      this.prefetched.set(path, blob);
    });
  }

  useHeadTexts(texts: ReadonlyMap<string, string>): void {
    this.headTexts = texts;
  }

  async texts(paths: readonly string[]): Promise<Array<string | undefined>> {
    const result: Array<string | undefined> = new Array(paths.length);
    const fromGit: number[] = [];
    const pending: Array<Promise<void>> = [];
    paths.forEach((path, i) => {
      const early = this.prefetched.get(path);
      if (early) pending.push(early.then((blob) => void (result[i] = blob?.toString('utf8'))));
      else if (this.queries.changed.has(path)) {
        if (this.queries.baseBlobs.has(path)) fromGit.push(i);
        else result[i] = undefined;
      } else result[i] = this.headTexts.get(path) ?? readTextOrUndefined(join(this.rootDir, path));
    });
    const blobs = await this.batch.read(fromGit.map((i) => this.queries.baseBlobs.get(paths[i]!)!));
    fromGit.forEach((index, n) => {
      result[index] = blobs[n]?.toString('utf8');
    });
    await Promise.all(pending);
    return result;
  }
}
