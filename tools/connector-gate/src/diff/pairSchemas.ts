import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isAdded, type BaseFiles, type BaseQueries } from '../repo/baseSnapshot';
import { readTextOrUndefined } from '../repo/headSide';
import type { PairSchemas } from './connectorChanges';
import type { ConnectorPair } from './pairConnectors';

/**
 * The committed operation and webhook event schemas each pair needs compared: none when nothing under
 * schemas/ changed; only the changed files when the package stayed in place; every file
 * when it moved. Base blobs come in one batch (mostly prefetched already).
 */
export async function readPairSchemas(
  rootDir: string,
  pairs: readonly ConnectorPair[],
  queries: BaseQueries,
  changedByDir: ReadonlyMap<string, string[]>,
  files: BaseFiles,
): Promise<Array<PairSchemas | undefined>> {
  const names = pairs.map(({ base, head }): string[] | undefined => {
    if (!base || !head || !head.validation?.ok) return undefined;
    if (base.dir !== head.dir) {
      return [
        ...new Set([
          ...baseSchemaNames(rootDir, base.dir, queries),
          ...listSchemaFiles(join(rootDir, head.dir, 'schemas')),
        ]),
      ];
    }
    const prefix = `${head.dir}/schemas/`;
    const changed = (changedByDir.get(head.dir) ?? [])
      .filter((p) => p.startsWith(prefix) && isSchemaFile(p.slice(prefix.length)))
      .map((p) => p.slice(prefix.length));
    return changed.length > 0 ? changed : undefined;
  });
  const basePaths = pairs.flatMap(({ base }, i) =>
    (names[i] ?? []).map((name) => `${base!.dir}/schemas/${name}`),
  );
  const baseTexts = await files.texts(basePaths);
  const baseText = new Map(basePaths.map((path, i) => [path, baseTexts[i]]));
  return pairs.map(({ base, head }, i) => {
    const list = names[i];
    if (list === undefined) return undefined;
    const baseFiles = new Map<string, string>();
    const headFiles = new Map<string, string>();
    for (const name of list) {
      const before = baseText.get(`${base!.dir}/schemas/${name}`);
      if (before !== undefined) baseFiles.set(name, before);
      const after = readTextOrUndefined(join(rootDir, head!.dir, 'schemas', name));
      if (after !== undefined) headFiles.set(name, after);
    }
    return { base: baseFiles, head: headFiles };
  });
}

/** The schema files the base had in `dir`/schemas: still on disk and not added, or deleted. */
function baseSchemaNames(rootDir: string, dir: string, queries: BaseQueries): string[] {
  const prefix = `${dir}/schemas/`;
  const kept = listSchemaFiles(join(rootDir, prefix)).filter(
    (name) => !isAdded(queries, prefix + name),
  );
  const gone = [...queries.baseBlobs.keys()]
    .filter((p) => p.startsWith(prefix) && isSchemaFile(p.slice(prefix.length)))
    .map((p) => p.slice(prefix.length));
  return [...new Set([...kept, ...gone])];
}

/** A committed schema file under schemas/: an operation's, or a webhook event's in webhooks/. */
function isSchemaFile(name: string): boolean {
  return /^(webhooks\/)?[^/]+\.json$/.test(name);
}

function listSchemaFiles(dir: string): string[] {
  const list = (d: string) => {
    try {
      return readdirSync(d).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
  };
  return [...list(dir), ...list(join(dir, 'webhooks')).map((name) => `webhooks/${name}`)];
}
