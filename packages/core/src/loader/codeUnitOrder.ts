/**
 * Orders strings by UTF-16 code units: deterministic on every machine and locale. Not
 * localeCompare: its first call sets up ICU collation (about 7 ms, a share of a small host's
 * start), and the loader sorts only paths and connector keys, where the two orders agree
 * (keys are [a-z0-9_]; paths differ only in rare punctuation, whose order matters to no one).
 */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
