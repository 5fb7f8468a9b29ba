import type { Finding } from '../findings/finding';
import type { RuleId } from '../findings/gateRules';
import { GATE_RULES } from '../findings/gateRules';

/** Who a check finding is about: a connector package, or core for its generated files. */
export interface CheckSubject {
  connector: string;
  package: string;
  manifestFile: string;
}

/** A failing check finding (every check rule fails the gate). */
export function checkFinding(
  subject: CheckSubject,
  rule: RuleId,
  message: string,
  place: { path?: string; line?: number; file?: string } = {},
): Finding {
  const finding: Finding = {
    ...subject,
    path: place.path ?? '(root)',
    rule,
    severity: GATE_RULES[rule].severity,
    line: place.line ?? 1,
    message,
    fails: true,
  };
  if (place.file !== undefined) finding.file = place.file;
  return finding;
}
