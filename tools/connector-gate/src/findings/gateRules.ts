import { CHECK_RULES } from './checkRules';
import { DIFF_RULES } from './diffRules';
import type { GateRule } from './ruleShape';

export type { GateRule } from './ruleShape';

/**
 * Every rule of the gate in one table: comparisons and checks only name a rule; severity,
 * bump and wording live in diffRules.ts and checkRules.ts. docs/reviewer-guide.md lists every
 * id (a test keeps them equal).
 */
export const GATE_RULES: Readonly<Record<RuleId, GateRule>> = { ...DIFF_RULES, ...CHECK_RULES };

export type RuleId = keyof typeof DIFF_RULES | keyof typeof CHECK_RULES;

export const RULE_IDS = Object.keys(GATE_RULES) as RuleId[];
