import {
  hasErrorCode,
  resolveOperationPolicy,
  type ConnectorManifest,
} from '@dealix/connector-core';
import { describeError, freshKey, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';
import { vendorOperations } from './vendorOperations';

/** The writes that are not idempotent: the vendor may act twice if they are sent twice. */
export function unsafeWrites(manifest: ConnectorManifest): string[] {
  return vendorOperations(manifest)
    .filter(({ policy }) => policy.kind === 'write' && !policy.idempotent)
    .map(({ name }) => name);
}

/**
 * A write that is not idempotent is never re-sent once it may have reached the vendor: when
 * the vendor acts and the answer is lost (`lost_answer`), the call ends as
 * DLX_E_RUNTIME_OUTCOME_UNKNOWN after one request, the side effect happened once, and a repeat
 * with the same Idempotency-Key sends nothing.
 */
export async function checkUnsafeWrites<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const load = session.runnable();
  if (!load.ok) return load.problems;
  const problems: string[] = [];
  for (const name of unsafeWrites(load.manifest)) {
    problems.push(...(await loseAnswer(session, name, load.manifest)));
  }
  return problems;
}

async function loseAnswer<Sim>(
  session: ConformanceSession<Sim>,
  name: string,
  manifest: ConnectorManifest,
): Promise<string[]> {
  const effect = session.options.samples[name]?.sideEffect;
  return withHarness(session, `lost answer of ${name}`, async (h) => {
    const input = await h.sampleInput(name);
    if (session.options.injectFault(h.sim, name, 'lost_answer', 1) === false) {
      return [
        `the simulator cannot lose the answer of "${name}": injectFault(..., "lost_answer") must be supported`,
      ];
    }
    const key = freshKey();
    const before = h.requests();
    const moved = effect === undefined ? 0 : h.counter(effect.counter);
    const outcome = await h.attempt(name, input, { idempotencyKey: key, note: 'answer lost' });
    const sent = h.requests() - before;
    const problems: string[] = [];
    if (outcome.ok) {
      problems.push(`"${name}" succeeded although the vendor's answer was lost`);
    } else if (!hasErrorCode(outcome.error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN')) {
      problems.push(
        `"${name}" may have reached the vendor and ended as ${describeError(outcome.error)}; expected DLX_E_RUNTIME_OUTCOME_UNKNOWN`,
      );
    }
    if (sent !== 1) {
      const retries = resolveOperationPolicy(manifest, name).retry_max;
      problems.push(
        `"${name}" is not idempotent but was sent ${sent} times when its answer was lost (retry_max ${retries}): a request that may have reached the vendor is never re-sent`,
      );
    }
    if (effect !== undefined && h.counter(effect.counter) - moved !== effect.delta) {
      problems.push(
        `"${name}" moved "${effect.counter}" by ${h.counter(effect.counter) - moved} when its answer was lost, expected ${effect.delta}`,
      );
    }
    const again = h.requests();
    await h.attempt(name, input, { idempotencyKey: key, note: 'repeated after a lost answer' });
    if (h.requests() > again) {
      problems.push(
        `"${name}" was sent again when repeated with the same Idempotency-Key after its answer was lost`,
      );
    }
    return problems;
  });
}
