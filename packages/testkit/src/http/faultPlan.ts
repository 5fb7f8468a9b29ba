import { createSeededRandom } from './seededRandom';
import type { Fault, FaultRule } from './types';

interface ActiveRule {
  rule: FaultRule;
  remaining: number | undefined;
}

const FAULT_KINDS = new Set([
  'status',
  'rate_limit',
  'delay',
  'reset',
  'reset_after_processing',
  'malformed',
  'expired_token',
]);

/**
 * The injected faults of one simulator. Rules are tried in the order they were added; the first
 * that fires decides the fault. A rule with `times` is dropped once used up.
 */
export class FaultPlan {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = createSeededRandom(seed);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules still armed, in the order they are tried, each with the uses it has left. */
  armed(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) => {
      const { times: _times, ...rest } = rule;
      return { ...rest, ...(remaining !== undefined && { times: remaining }) };
    });
  }

  /** Clears the rules and restarts the PRNG so a reset simulator replays the same draws. */
  reset(): void {
    this.clear();
    this.random = createSeededRandom(this.seed);
  }

  /** The fault for a request to `routeId` (null when no route matched), consuming one use. */
  take(routeId: string | null): Fault | null {
    for (const active of this.rules) {
      const target = active.rule.route;
      if (target !== undefined && target !== '*' && target !== routeId) continue;
      const probability = active.rule.probability;
      if (probability !== undefined && this.random() >= probability) continue;
      if (active.remaining !== undefined) {
        active.remaining -= 1;
        if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
      }
      return active.rule.fault;
    }
    return null;
  }
}

/** Checks a rule received as JSON over the control API; returns a problem or null. */
export function describeFaultRuleProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'a fault rule must be an object';
  const rule = value as Record<string, unknown>;
  if (rule.route !== undefined && typeof rule.route !== 'string') return 'route must be a string';
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && (rule.times as number) > 0)) {
    return 'times must be a positive integer';
  }
  if (
    rule.probability !== undefined &&
    !(typeof rule.probability === 'number' && rule.probability >= 0 && rule.probability <= 1)
  ) {
    return 'probability must be a number between 0 and 1';
  }
  const fault = rule.fault as Record<string, unknown> | undefined;
  if (typeof fault !== 'object' || fault === null || !FAULT_KINDS.has(fault.kind as string)) {
    return `fault.kind must be one of ${[...FAULT_KINDS].join(', ')}`;
  }
  if (fault.kind === 'status' && !Number.isInteger(fault.status)) return 'status needs a status';
  if (fault.kind === 'rate_limit' && typeof fault.retryAfterSeconds !== 'number') {
    return 'rate_limit needs retryAfterSeconds';
  }
  if (fault.kind === 'delay' && typeof fault.ms !== 'number') return 'delay needs ms';
  return null;
}
