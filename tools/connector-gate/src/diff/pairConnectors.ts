import type { ConnectorSide } from '../repo/connectorSide';

export interface ConnectorPair {
  base: ConnectorSide | undefined;
  head: ConnectorSide | undefined;
}

/**
 * Matches base and head connectors: an unchanged package with itself, then by connector_key (so a moved manifest is the same
 * connector), then by package name (same package, new key: a renamed key), then by package
 * directory (a head manifest too broken to name its key). What is left was added or deleted.
 */
export function pairConnectors(
  baseSides: readonly ConnectorSide[],
  headSides: readonly ConnectorSide[],
): ConnectorPair[] {
  const pairs: ConnectorPair[] = [];
  let bases = [...baseSides];
  let heads = [...headSides];
  const matchBy = (identity: (side: ConnectorSide) => string | undefined) => {
    const byIdentity = new Map<string, ConnectorSide>();
    for (const base of bases) {
      const id = identity(base);
      if (id !== undefined && !byIdentity.has(id)) byIdentity.set(id, base);
    }
    const matched = new Set<ConnectorSide>();
    heads = heads.filter((head) => {
      const id = identity(head);
      const base = id === undefined ? undefined : byIdentity.get(id);
      if (base === undefined || matched.has(base)) return true;
      matched.add(base);
      pairs.push({ base, head });
      return false;
    });
    bases = bases.filter((base) => !matched.has(base));
  };
  // A package git reports unchanged is one object on both sides.
  const headSet = new Set(heads);
  const same = new Set(bases.filter((base) => headSet.has(base)));
  for (const side of same) pairs.push({ base: side, head: side });
  bases = bases.filter((base) => !same.has(base));
  heads = heads.filter((head) => !same.has(head));
  matchBy((side) => side.key);
  matchBy((side) => side.name);
  matchBy((side) => side.dir);
  for (const base of bases) pairs.push({ base, head: undefined });
  for (const head of heads) pairs.push({ base: undefined, head });
  return pairs;
}
