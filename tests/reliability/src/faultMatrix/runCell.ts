import { randomUUID } from 'node:crypto';
import {
  isDlxError,
  resolveOperationPolicy,
  type AuditRecord,
  type OperationPolicy,
} from '@dealix/connector-core';
import { withConformanceHarness, type ConformanceHarness } from '@dealix/connector-testkit';
import type { DiscoveredConnector } from '../discovery/connectorPackages';
import type { FaultColumn } from './faultColumns';
import { expectedOutcome, type ExpectedOutcome } from './expectedOutcome';
import { faultTarget } from './faultTargets';

/** The attempt timeout of the "slow" column: the manifest's, scaled to this (room for load). */
const SLOW_ATTEMPT_MS = 1_000;

/** What one call under one fault did, as the vendor and the audit trail saw it. */
export interface Observed {
  result: string;
  attempts: number;
  vendorRequests: number;
  /** How far the sample's side-effect counter moved; null when the sample declares none. */
  sideEffectDelta: number | null;
  /** The wait before the retry, from the audit trail; null without a retry. */
  waitMs: number | null;
}

export interface CellResult {
  connector: string;
  operation: string;
  column: FaultColumn;
  /** Why the cell does not apply ("—"), or undefined when it ran. */
  notApplicable?: string;
  expected?: ExpectedOutcome;
  observed?: Observed;
  /** Each way the call broke the rules, in words; none = the cell passed. */
  problems: string[];
}

/** Runs one operation of one connector under one fault, in a fresh runtime and simulator. */
export async function runCell(
  connector: DiscoveredConnector,
  operation: string,
  column: FaultColumn,
): Promise<CellResult> {
  const cell = { connector: connector.key, operation, column };
  const policy = resolveOperationPolicy(connector.manifest, operation);
  if (!policy.vendor_call) {
    return { ...cell, notApplicable: 'the operation never calls the vendor', problems: [] };
  }
  const slow = column.id === 'slow';
  const scale = slow ? SLOW_ATTEMPT_MS / policy.timeout_ms : 1;
  return withConformanceHarness(
    connector.session,
    `fault matrix: ${operation}, ${column.title}`,
    async (h) => {
      const input = await h.sampleInput(operation);
      const target = faultTarget(connector.conformance, h.sim, operation);
      const meaning = target.meaning(column);
      if (meaning === null) {
        return { ...cell, notApplicable: 'the protocol cannot express this fault', problems: [] };
      }
      const expected = expectedOutcome(policy, meaning, connector);
      const effect = connector.conformance.samples[operation]?.sideEffect;
      const countBefore = effect === undefined ? 0 : h.counter(effect.counter);
      const requestsBefore = target.requests();
      target.inject(column);
      const key = `matrix-${column.id}-${randomUUID()}`;
      const outcome = await h.attempt(operation, input, {
        idempotencyKey: key,
        note: column.title,
      });
      const trail = (await h.stores.audit.list()).filter((r) => r.idempotency_key === key);
      const result = outcome.ok
        ? 'ok'
        : isDlxError(outcome.error)
          ? outcome.error.code
          : `a thrown ${String(outcome.error)}`;
      const observed: Observed = {
        result,
        attempts: outcome.ok ? outcome.result.attempts : finalAttempt(trail),
        vendorRequests: target.requests() - requestsBefore,
        sideEffectDelta: effect === undefined ? null : h.counter(effect.counter) - countBefore,
        waitMs: firstWait(trail),
      };
      const problems = [
        ...(target.unfired() ? ['the fault never reached the operation (still armed)'] : []),
        ...compare(expected, observed, effect?.delta),
        ...(await auditProblems(h, trail, policy, observed)),
      ];
      return { ...cell, expected, observed, problems };
    },
    { timeoutScale: scale, backoffScale: scale },
  );
}

function compare(expected: ExpectedOutcome, observed: Observed, delta?: number): string[] {
  const problems: string[] = [];
  if (observed.result !== expected.result) {
    problems.push(`ended ${observed.result}, expected ${expected.result} (${expected.because})`);
  }
  if (observed.attempts !== expected.attempts) {
    problems.push(`made ${observed.attempts} attempt(s), expected ${expected.attempts}`);
  }
  if (observed.vendorRequests !== expected.vendorRequests) {
    problems.push(
      `sent ${observed.vendorRequests} request(s) to the vendor, expected ${expected.vendorRequests}`,
    );
  }
  if (delta !== undefined && observed.sideEffectDelta !== null) {
    const [min, max] =
      expected.sideEffect === 'none'
        ? [0, 0]
        : expected.sideEffect === 'once'
          ? [delta, delta]
          : [delta, 2 * delta];
    const moved = observed.sideEffectDelta;
    if (moved < min || moved > max) {
      problems.push(
        `moved the side-effect counter by ${moved}, expected ${min === max ? min : `${min} to ${max}`}: ${moved > max ? 'a duplicate vendor side effect' : 'a side effect missing'}`,
      );
    }
  }
  if (expected.waitMs > 0 && (observed.waitMs ?? 0) < expected.waitMs) {
    problems.push(
      `retried after ${observed.waitMs ?? 'no'} ms although the vendor asked for ${expected.waitMs} ms`,
    );
  }
  return problems;
}

/** The audit trail of the call is complete: one record per failed attempt, then its outcome. */
async function auditProblems(
  h: ConformanceHarness<unknown>,
  trail: readonly AuditRecord[],
  policy: OperationPolicy,
  observed: Observed,
): Promise<string[]> {
  const problems: string[] = [];
  const failed = trail.filter((r) => r.event === 'attempt_failed').length;
  if (failed !== observed.attempts - 1) {
    problems.push(
      `the audit trail has ${failed} attempt_failed record(s) for ${observed.attempts} attempt(s)`,
    );
  }
  const ok = observed.result === 'ok';
  const final = trail.filter(
    (r) => r.event === (ok ? policy.audit_events.success : policy.audit_events.failure),
  );
  if (final.length !== 1) {
    problems.push(
      `the audit trail has ${final.length} "${ok ? policy.audit_events.success : policy.audit_events.failure}" record(s); expected exactly one`,
    );
  } else if (!ok && final[0]!.error_code !== observed.result) {
    problems.push(
      `the failure record names ${final[0]!.error_code}, the caller got ${observed.result}`,
    );
  }
  const verified = await h.stores.audit.verify();
  if (!verified.ok) problems.push(`the audit chain does not verify: ${verified.reason}`);
  return problems;
}

function finalAttempt(trail: readonly AuditRecord[]): number {
  return Math.max(0, ...trail.map((r) => r.attempt));
}

function firstWait(trail: readonly AuditRecord[]): number | null {
  const failed = trail.find((r) => r.event === 'attempt_failed');
  const wait = (failed?.payload as { next_wait_ms?: unknown } | undefined)?.next_wait_ms;
  return typeof wait === 'number' ? wait : null;
}
