import { hasErrorCode } from '@dealix/connector-core';
import { describeError, withHarness, type Attempt } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';
import {
  failedAttempts,
  mayRetry,
  vendorOperations,
  type VendorOperation,
} from './vendorOperations';

/** The attempt timeout every operation runs under here: the manifest's, scaled to this. */
const ATTEMPT_MS = 750;

/**
 * Attempt timeouts hold on every operation that calls the vendor, against a vendor that does
 * not answer in time (`slow`): an operation the runtime may retry is timed out and succeeds on
 * a later attempt; a write that is not idempotent ends as outcome unknown, sent once; nothing
 * succeeds without the vendor's answer. Timeouts are scaled so each takes 750 ms: room for a loaded machine.
 */
export async function checkAttemptTimeouts<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const load = session.runnable();
  if (!load.ok) return load.problems;
  const problems: string[] = [];
  for (const op of vendorOperations(load.manifest)) {
    problems.push(...(await timeOutOne(session, op)));
  }
  return problems;
}

async function timeOutOne<Sim>(
  session: ConformanceSession<Sim>,
  op: VendorOperation,
): Promise<string[]> {
  const { name, policy } = op;
  return withHarness(
    session,
    `timeouts of ${name}`,
    async (h) => {
      const input = await h.sampleInput(name);
      if (session.options.injectFault(h.sim, name, 'slow', 1) === false) {
        return [
          `the simulator cannot make "${name}" slow: injectFault(..., "slow") must be supported`,
        ];
      }
      const before = h.requests();
      const outcome: Attempt = await h.attempt(name, input, { note: 'slow vendor' });
      const sent = h.requests() - before;
      const timedOut = failedAttempts(await h.stores.audit.list()).some(
        (a) => a.code === 'DLX_E_RUNTIME_TIMEOUT',
      );
      if (!policy.idempotent && policy.kind === 'write') {
        if (outcome.ok) {
          return [
            `"${name}" succeeded although the vendor never answered within the timeout: the connector answered without the vendor`,
          ];
        }
        const problems: string[] = [];
        if (!hasErrorCode(outcome.error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN')) {
          problems.push(
            `"${name}" is not idempotent, timed out after its request was sent, and ended as ${describeError(outcome.error)}; expected DLX_E_RUNTIME_OUTCOME_UNKNOWN`,
          );
        }
        if (sent > 1)
          problems.push(`"${name}" is not idempotent but was sent ${sent} times after a timeout`);
        return problems;
      }
      if (!outcome.ok) {
        return mayRetry(policy)
          ? [
              `"${name}" failed after one slow answer (${describeError(outcome.error)}); its manifest allows ${policy.retry_max} retr${policy.retry_max === 1 ? 'y' : 'ies'}`,
            ]
          : [];
      }
      if (outcome.result.attempts < 2 || !timedOut) {
        return [
          `"${name}" succeeded in one attempt although the vendor did not answer within the timeout: the connector answered without the vendor`,
        ];
      }
      return mayRetry(policy)
        ? []
        : [`"${name}" succeeded after a timeout although its manifest allows no retry`];
    },
    // Backoffs shrink with the timeouts, so the manifest's own proportions decide what fits.
    { timeoutScale: ATTEMPT_MS / policy.timeout_ms, backoffScale: ATTEMPT_MS / policy.timeout_ms },
  );
}
