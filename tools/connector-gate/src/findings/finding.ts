import type { RuleId } from './gateRules';

/** What kind of change a finding is; decides whether it can fail the gate and how. */
export type Severity = 'invalid' | 'breaking' | 'relaxation' | 'changeset' | 'info';

/** Changeset bump levels in increasing order; `none` still names the package. */
export const BUMP_ORDER = ['none', 'patch', 'minor', 'major'] as const;
export type Bump = (typeof BUMP_ORDER)[number];

/** One field-level change (diff) or one broken repo rule (check). */
export interface Finding {
  /** connector_key (head side when it exists). */
  connector: string;
  /** npm package name of the connector. */
  package: string;
  /** Repository-relative path of the manifest (head side when it exists). */
  manifestFile: string;
  /** Dotted field path as core prints issue paths, e.g. `operations.refund.retry_max`. */
  path: string;
  before?: unknown;
  after?: unknown;
  rule: RuleId;
  severity: Severity;
  /** Lowest changeset bump this change needs; `undefined` when no changeset applies. */
  requiredBump?: Bump;
  /** The file an annotation points at when it is not the manifest (package.json for the core range). */
  file?: string;
  /** 1-based line of the field (or its nearest present parent) in `manifestFile`. */
  line?: number;
  /** One sentence for the reviewer. */
  message: string;
  /** Whether this finding alone fails the gate. */
  fails: boolean;
  /** Why a finding that could fail does not (acknowledged, major changeset present). */
  resolution?: string;
}

export function bumpRank(bump: Bump): number {
  return BUMP_ORDER.indexOf(bump);
}

/** The higher of two bumps; `undefined` counts as "nothing needed". */
export function maxBump(a: Bump | undefined, b: Bump | undefined): Bump | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return bumpRank(a) >= bumpRank(b) ? a : b;
}

export function isBump(text: string): text is Bump {
  return (BUMP_ORDER as readonly string[]).includes(text);
}
