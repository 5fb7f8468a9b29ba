import type { IdempotencyScope } from './idempotencyStore';

/** Ids of frozen scopes (a runtime makes one per operation): each computed once. */
const known = new WeakMap<IdempotencyScope, string>();

/**
 * A scope's parts joined without ambiguity, for maps of keys per scope: each part is prefixed
 * with its length, so no separator can be forged from inside a part (and it costs far less
 * than JSON). Cached for a frozen scope only, whose parts cannot change under the cache; a
 * joined id per lookup would be a new string for the map to flatten and hash every time.
 */
export function idempotencyScopeId(scope: IdempotencyScope): string {
  const cached = known.get(scope);
  if (cached !== undefined) return cached;
  const { tenant, connector, operation } = scope;
  const id = `${tenant.length}:${tenant}${connector.length}:${connector}${operation.length}:${operation}`;
  if (Object.isFrozen(scope)) known.set(scope, id);
  return id;
}

/** The inner map of `scope` in a map of maps keyed by idempotencyScopeId, made when first asked. */
export function scopeMap<V>(
  maps: Map<string, Map<string, V>>,
  scope: IdempotencyScope,
): Map<string, V> {
  const id = idempotencyScopeId(scope);
  let inner = maps.get(id);
  if (inner === undefined) {
    inner = new Map();
    maps.set(id, inner);
  }
  return inner;
}
