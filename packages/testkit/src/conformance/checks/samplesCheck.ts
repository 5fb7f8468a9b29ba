import { describeError, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';

/**
 * Every sample succeeds through the full pipeline (approval-required operations are granted
 * by a second principal) and moves its declared counter by exactly its delta.
 */
export async function checkSamples<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const blockers = session.runtimeBlockers();
  if (blockers.length > 0) return blockers;
  return withHarness(session, 'samples', async (h) => {
    const problems: string[] = [];
    for (const name of Object.keys(h.manifest.operations)) {
      const sample = session.options.samples[name];
      if (sample === undefined) {
        problems.push(`operation "${name}" has no sample`);
        continue;
      }
      const input = await h.sampleInput(name);
      const effect = sample.sideEffect;
      const before = effect === undefined ? 0 : h.counter(effect.counter);
      const outcome = await h.attempt(name, input);
      if (!outcome.ok) {
        problems.push(`the sample of "${name}" failed: ${describeError(outcome.error)}`);
        continue;
      }
      if (effect !== undefined) {
        const moved = h.counter(effect.counter) - before;
        if (moved !== effect.delta) {
          problems.push(
            `the sample of "${name}" moved "${effect.counter}" by ${moved}, expected ${effect.delta}`,
          );
        }
      }
    }
    return problems;
  });
}
