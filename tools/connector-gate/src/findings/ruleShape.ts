import type { Bump, Severity } from './finding';

export interface GateRule {
  severity: Severity;
  /** The changeset bump a change of this kind needs (diff rules only). */
  bump: Bump | undefined;
  /** Short name shown in tables. */
  title: string;
  /** What the rule means, for the reviewer guide and `--format json`. */
  meaning: string;
}

export function rule(
  severity: Severity,
  bump: Bump | undefined,
  title: string,
  meaning: string,
): GateRule {
  return { severity, bump, title, meaning };
}
