import { APPROVAL_POLICIES, CLASSIFICATION_ORDER } from '@dealix/connector-core';
import type { RuleId } from '../findings/gateRules';
import { sameJson, show, type Change } from './change';

/** The governance fields shared by the connector defaults and each operation's policy. */
export interface GovernanceValues {
  approval_policy: string;
  data_classification: string;
  idempotent: boolean;
  retry_max: number;
  retry_backoff_ms: readonly number[];
  timeout_ms: number;
  deadline_ms: number;
  max_response_bytes: number;
}

export type GovernanceField = keyof GovernanceValues;

export const GOVERNANCE_FIELDS: readonly GovernanceField[] = [
  'approval_policy',
  'data_classification',
  'idempotent',
  'retry_max',
  'retry_backoff_ms',
  'timeout_ms',
  'deadline_ms',
  'max_response_bytes',
];

const RAISED_RULE: Record<
  'retry_max' | 'timeout_ms' | 'deadline_ms' | 'max_response_bytes',
  RuleId
> = {
  retry_max: 'retry_raised',
  timeout_ms: 'timeout_raised',
  deadline_ms: 'deadline_raised',
  max_response_bytes: 'response_cap_raised',
};

/**
 * Classifies a change of one governance field: a move towards less control is a relaxation
 * (its own rule), a move towards more control is `governance_tightened`.
 */
export function classifyGovernance(
  path: string,
  field: GovernanceField,
  before: GovernanceValues,
  after: GovernanceValues,
): Change | undefined {
  const b = before[field];
  const a = after[field];
  if (sameJson(b, a)) return undefined;
  const change = (rule: RuleId, message: string): Change => ({
    path,
    rule,
    before: b,
    after: a,
    message,
  });
  const tightened = () =>
    change('governance_tightened', `${path} ${show(b)} → ${show(a)} (stricter)`);
  switch (field) {
    case 'approval_policy':
      return rank(APPROVAL_POLICIES, a) < rank(APPROVAL_POLICIES, b)
        ? change('approval_relaxed', `${path} relaxed from ${show(b)} to ${show(a)}`)
        : tightened();
    case 'data_classification':
      return rank(CLASSIFICATION_ORDER, a) < rank(CLASSIFICATION_ORDER, b)
        ? change('classification_lowered', `${path} lowered from ${show(b)} to ${show(a)}`)
        : tightened();
    case 'idempotent':
      return a === true
        ? change(
            'idempotency_claimed',
            `${path} newly claims idempotency: failed calls may be re-sent`,
          )
        : tightened();
    case 'retry_backoff_ms':
      return backoffRaised(b as readonly number[], a as readonly number[])
        ? change('backoff_raised', `${path} raised from ${show(b)} to ${show(a)}`)
        : tightened();
    default:
      return (a as number) > (b as number)
        ? change(RAISED_RULE[field], `${path} raised from ${show(b)} to ${show(a)}`)
        : tightened();
  }
}

function rank(order: readonly string[], value: unknown): number {
  return order.indexOf(value as string);
}

function backoffRaised(before: readonly number[], after: readonly number[]): boolean {
  return after.some((ms, i) => i >= before.length || ms > before[i]!);
}
