import { bumpRank, maxBump, type Bump, type Finding } from '../findings/finding';

export interface DecisionInput {
  /** Findings without `fails` decided yet, all of one package. */
  findings: Finding[];
  packageName: string;
  /** The highest bump new changesets give this package, if any names it. */
  declared: Bump | undefined;
  acknowledged: boolean;
}

/**
 * Decides which findings of one package fail: invalid always; breaking without a major
 * changeset; relaxations unless a reviewer acknowledged them. Adds `changeset_missing` when
 * no new changeset names the package with the bump its findings need.
 */
export function decideFindings(input: DecisionInput): Finding[] {
  const { declared, acknowledged } = input;
  const major = declared !== undefined && bumpRank(declared) >= bumpRank('major');
  const decided = input.findings.map((finding): Finding => {
    switch (finding.severity) {
      case 'invalid':
        return { ...finding, fails: true };
      case 'breaking':
        // A deleted package cannot be released, so no changeset can answer for it.
        if (finding.rule === 'connector_deleted')
          return acknowledged
            ? { ...finding, fails: false, resolution: 'acknowledged by a reviewer' }
            : { ...finding, fails: true };
        return major
          ? { ...finding, fails: false, resolution: `a major changeset names ${input.packageName}` }
          : { ...finding, fails: true };
      case 'relaxation':
        return acknowledged
          ? { ...finding, fails: false, resolution: 'acknowledged by a reviewer' }
          : { ...finding, fails: true };
      default:
        return { ...finding, fails: false };
    }
  });
  // A new package's first release is the version in its package.json: a changeset naming it
  // (`none`, as the scaffolder writes) is all it needs; its relaxations still need a reviewer.
  if (input.findings.some((f) => f.rule === 'connector_deleted')) return decided;
  // An invalid head manifest fails by itself and hides what else changed, so no bump can be
  // named yet: asking for one (the bump of what is visible) would mislead.
  if (input.findings.some((f) => f.rule === 'manifest_invalid')) return decided;
  const added = input.findings.some((f) => f.rule === 'connector_added');
  const required = added
    ? 'none'
    : input.findings.reduce<Bump | undefined>((m, f) => maxBump(m, f.requiredBump), undefined);
  if (required === undefined) return decided;
  if (declared !== undefined && bumpRank(declared) >= bumpRank(required)) return decided;
  const first = input.findings[0]!;
  decided.push({
    connector: first.connector,
    package: input.packageName,
    manifestFile: first.manifestFile,
    path: '(root)',
    before: declared ?? '(no changeset)',
    after: required,
    rule: 'changeset_missing',
    severity: 'changeset',
    line: 1,
    message:
      declared === undefined
        ? `no new changeset names ${input.packageName}; add one with at least '${input.packageName}': ${required}`
        : `the new changesets give ${input.packageName} a ${declared} bump; its changes need at least ${required}`,
    fails: true,
  });
  return decided;
}
