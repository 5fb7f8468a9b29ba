import type { OperationPolicy } from '@dealix/connector-core';
import { describeError, withHarness, type Attempt } from '../conformanceHarness';
import type { ConformanceFault } from '../conformanceOptions';
import type { ConformanceSession } from '../conformanceSession';
import { vendorOperations } from './vendorOperations';

interface FaultedCall {
  outcome: Attempt;
  /** Vendor requests the call made. */
  sent: number;
}

/**
 * Retries follow the manifest, on every read operation: one transient fault is retried and
 * the call succeeds (when the policy allows a retry); a permanent fault is sent once; a vendor
 * that stays down gets at most retry_max + 1 attempts.
 */
export async function checkRetries<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const load = session.runnable();
  if (!load.ok) return load.problems;
  const problems: string[] = [];
  // Only operations that call the vendor: vendor_call false marks the ones that do not.
  for (const { name, policy } of vendorOperations(load.manifest)) {
    if (policy.kind === 'read') problems.push(...(await checkOneRead(session, name, policy)));
  }
  return problems;
}

async function checkOneRead<Sim>(
  session: ConformanceSession<Sim>,
  name: string,
  policy: OperationPolicy,
): Promise<string[]> {
  const problems: string[] = [];
  // The runtime re-sends a read only when the manifest allows a retry and calls it idempotent.
  const mayRetry = policy.retry_max >= 1 && policy.idempotent;
  const transient = await faultedCall(session, name, 'transient', 1);
  if (mayRetry && !transient.outcome.ok) {
    problems.push(
      `"${name}" failed after one transient fault (${describeError(transient.outcome.error)}); its manifest allows ${policy.retry_max} retr${policy.retry_max === 1 ? 'y' : 'ies'}`,
    );
  } else if (mayRetry && transient.outcome.ok && transient.outcome.result.attempts < 2) {
    problems.push(
      `"${name}" succeeded in one attempt although a transient fault was injected: injectFault() did not reach its route`,
    );
  } else if (!mayRetry && transient.outcome.ok) {
    problems.push(
      `"${name}" succeeded after a transient fault although its manifest allows no retry (retry_max ${policy.retry_max}, idempotent ${policy.idempotent})`,
    );
  }

  const permanent = await faultedCall(session, name, 'permanent', 1);
  if (permanent.outcome.ok) {
    problems.push(
      `"${name}" succeeded although a permanent fault was injected: injectFault() did not reach its route`,
    );
  } else if (permanent.sent !== 1) {
    problems.push(
      `"${name}" sent ${permanent.sent} requests after a permanent fault; a permanent failure is sent once (${describeError(permanent.outcome.error)})`,
    );
  }

  const limit = policy.retry_max + 1;
  const down = await faultedCall(session, name, 'down', limit);
  if (down.outcome.ok) {
    problems.push(
      `"${name}" succeeded although the vendor was down for ${limit} requests: injectFault() did not reach its route`,
    );
  } else if (down.sent > limit) {
    problems.push(
      `"${name}" made ${down.sent} attempts against a vendor that was down; the manifest allows ${limit}`,
    );
  } else if (mayRetry && down.sent < 2) {
    problems.push(
      `"${name}" was not retried when the vendor did not answer (${describeError(down.outcome.error)})`,
    );
  }
  return problems;
}

async function faultedCall<Sim>(
  session: ConformanceSession<Sim>,
  name: string,
  fault: ConformanceFault,
  times: number,
): Promise<FaultedCall> {
  // A fresh runtime per scenario: breaker counts from one scenario never decide another.
  return withHarness(session, `retries of ${name} (${fault})`, async (h) => {
    const input = await h.sampleInput(name);
    session.options.injectFault(h.sim, name, fault, times);
    const before = h.requests();
    const outcome = await h.attempt(name, input);
    return { outcome, sent: h.requests() - before };
  });
}
