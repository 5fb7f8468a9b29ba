import type { RuleId } from '../findings/gateRules';

/** One classified difference between the base and head of a connector, before placement. */
export interface Change {
  /** Dotted field path in the manifest (schema changes use `operations.<op>.input...`). */
  path: string;
  rule: RuleId;
  before?: unknown;
  after?: unknown;
  message: string;
}

/** Equality of JSON data regardless of key order (an absent key equals an undefined one). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    return a.length === list.length && a.every((item, i) => sameJson(item, list[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameJson(left[key], right[key])) return false;
  return true;
}

export function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}
