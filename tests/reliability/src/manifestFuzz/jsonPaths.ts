import type { IssuePath } from './pathText';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path below the root of a JSON document, parents before children. */
export function jsonPaths(doc: Json, at: IssuePath = []): IssuePath[] {
  const children: Array<[string | number, Json]> = Array.isArray(doc)
    ? doc.map((v, i) => [i, v])
    : doc !== null && typeof doc === 'object'
      ? Object.entries(doc)
      : [];
  return children.flatMap(([k, v]) => [[...at, k], ...jsonPaths(v, [...at, k])]);
}

export function valueAt(doc: Json, path: IssuePath): Json {
  return path.reduce<Json>((node, k) => (node as Record<string, Json>)[k as string]!, doc);
}

/** A deep copy of `doc` with the value at `path` replaced (`undefined`: removed). */
export function withValueAt(doc: Json, path: IssuePath, value: Json | undefined): Json {
  const copy = structuredClone(doc);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string, Json> | Json[];
  const last = path[path.length - 1]!;
  if (value !== undefined) (parent as Record<string | number, Json>)[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last as string];
  return copy;
}
