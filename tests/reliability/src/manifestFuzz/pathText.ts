export type IssuePath = ReadonlyArray<string | number>;

const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A path as manifest issues print it (`operations.refund.retry_backoff_ms[1]`,
 * `operations["Bad-Name"]`, `(root)`), written here from the documented form so the suite
 * checks the validator's paths rather than re-using its printer.
 */
export function pathText(path: IssuePath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (PLAIN.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Whether issue path `issue` is the mutated path, below it, or a field above it (not the root). */
export function namesPath(issue: string, mutated: string): boolean {
  const within = (a: string, b: string) =>
    a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  return within(issue, mutated) || (issue !== '(root)' && within(mutated, issue));
}
