import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUMP_ORDER } from './finding';
import { GATE_RULES, RULE_IDS } from './gateRules';

const GUIDE = resolve(__dirname, '..', '..', '..', '..', 'docs', 'reviewer-guide.md');

describe('the rule table', () => {
  it('is documented rule by rule in docs/reviewer-guide.md', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const rows = /^\| `([a-z_]+)`\s*\| (?:invalid|breaking|relaxation|changeset|info)\s*\|/gm;
    const documented = [...guide.matchAll(rows)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...RULE_IDS].sort());
  });

  it('gives every diff rule that is not invalid a changeset bump, and no check rule one', () => {
    for (const [id, rule] of Object.entries(GATE_RULES)) {
      if (rule.severity === 'invalid' || id === 'changeset_missing')
        expect(rule.bump).toBeUndefined();
      else expect(BUMP_ORDER).toContain(rule.bump);
    }
  });

  it('makes every breaking rule need a major changeset', () => {
    const breaking = Object.values(GATE_RULES).filter((r) => r.severity === 'breaking');
    expect(breaking.length).toBeGreaterThan(0);
    expect(breaking.every((r) => r.bump === 'major')).toBe(true);
  });
});
