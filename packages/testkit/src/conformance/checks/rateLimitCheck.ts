import { isDlxError } from '@dealix/connector-core';
import { describeError, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';
import { failedAttempts, vendorOperations, type VendorOperation } from './vendorOperations';

/**
 * The vendor's rate limits are honoured and capped on every operation that calls the vendor:
 * a rate-limit answer (`rate_limited`) is retried once the wait the vendor asked for has
 * passed, and arrives as kind rate_limited; a wait past any cap (`rate_limited_long`) ends
 * the call at once, sent once.
 */
export async function checkRateLimits<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const load = session.runnable();
  if (!load.ok) return load.problems;
  const problems: string[] = [];
  for (const op of vendorOperations(load.manifest)) {
    problems.push(...(await honoured(session, op)), ...(await capped(session, op)));
  }
  return problems;
}

async function honoured<Sim>(
  session: ConformanceSession<Sim>,
  op: VendorOperation,
): Promise<string[]> {
  const { name, policy } = op;
  const askedMs = (session.options.rateLimitWaitSeconds ?? 2) * 1000;
  return withHarness(session, `rate limit of ${name}`, async (h) => {
    const input = await h.sampleInput(name);
    if (session.options.injectFault(h.sim, name, 'rate_limited', 1) === false) {
      return [
        `the simulator cannot rate-limit "${name}": injectFault(..., "rate_limited") must be supported`,
      ];
    }
    const outcome = await h.attempt(name, input, { note: 'rate limited' });
    const [first] = failedAttempts(await h.stores.audit.list());
    if (policy.retry_max === 0) {
      if (outcome.ok)
        return [
          `"${name}" succeeded although the vendor refused it with a rate limit and no retry is allowed`,
        ];
      return isDlxError(outcome.error) && outcome.error.kind === 'rate_limited'
        ? []
        : [
            `"${name}": the vendor's rate limit arrived as ${describeError(outcome.error)}, not kind rate_limited`,
          ];
    }
    if (!outcome.ok) {
      return [
        `"${name}" was not retried after the vendor's rate limit (${describeError(outcome.error)})`,
      ];
    }
    if (first === undefined) {
      return [
        `"${name}" succeeded at once although a rate limit was injected: injectFault() did not reach its route`,
      ];
    }
    const problems: string[] = [];
    if (first.kind !== 'rate_limited') {
      problems.push(
        `"${name}": the vendor's rate limit arrived as ${first.code} (${first.kind}), not kind rate_limited`,
      );
    }
    if (askedMs > 0 && (first.retryAfterMs ?? 0) < askedMs) {
      problems.push(
        `"${name}": the error lost the wait the vendor asked for (${askedMs} ms); keep retryAfterMs when mapping errors`,
      );
    }
    if (first.nextWaitMs !== undefined && first.nextWaitMs < (first.retryAfterMs ?? 0)) {
      problems.push(
        `"${name}" was retried after ${first.nextWaitMs} ms though the vendor asked ${first.retryAfterMs} ms`,
      );
    }
    return problems;
  });
}

async function capped<Sim>(
  session: ConformanceSession<Sim>,
  op: VendorOperation,
): Promise<string[]> {
  if ((session.options.rateLimitWaitSeconds ?? 2) === 0) return [];
  const { name } = op;
  return withHarness(session, `rate limit cap of ${name}`, async (h) => {
    const input = await h.sampleInput(name);
    if (session.options.injectFault(h.sim, name, 'rate_limited_long', 2) === false) return [];
    const before = h.requests();
    const outcome = await h.attempt(name, input, { note: 'rate limited for an hour' });
    const sent = h.requests() - before;
    if (outcome.ok) return [`"${name}" succeeded although the vendor asked to wait past any cap`];
    const problems: string[] = [];
    if (sent !== 1)
      problems.push(
        `"${name}" was sent ${sent} times although the vendor asked to wait past the cap; it must fail at once`,
      );
    if (!isDlxError(outcome.error) || outcome.error.kind !== 'rate_limited') {
      problems.push(
        `"${name}": a wait past the cap ended as ${describeError(outcome.error)}, not kind rate_limited`,
      );
    }
    return problems;
  });
}
