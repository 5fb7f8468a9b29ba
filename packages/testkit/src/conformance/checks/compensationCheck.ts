import { NO_COMPENSATION } from '@dealix/connector-core';
import { describeError, freshKey, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';

/**
 * Each write whose manifest names a compensation is run, then compensated through the
 * runtime: the named operation runs and the vendor shows the write undone (the compensating
 * sample's counter moves by its delta, or the write's compensationCheck says so).
 */
export async function checkCompensation<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const load = session.runnable();
  if (!load.ok) return load.problems;
  const problems: string[] = [];
  for (const [name, op] of Object.entries(load.manifest.operations)) {
    const target = op.compensation;
    if (op.kind !== 'write' || target === undefined || target === NO_COMPENSATION) continue;
    problems.push(...(await compensateOne(session, name, target)));
  }
  return problems;
}

async function compensateOne<Sim>(
  session: ConformanceSession<Sim>,
  name: string,
  target: string,
): Promise<string[]> {
  const { samples } = session.options;
  return withHarness(session, `compensating ${name}`, async (h) => {
    const input = await h.sampleInput(name);
    const idempotencyKey = freshKey();
    const done = await h.attempt(name, input, { idempotencyKey });
    if (!done.ok) return [`the sample of "${name}" failed: ${describeError(done.error)}`];
    const check = samples[name]?.compensationCheck;
    const watch = samples[target]?.sideEffect;
    if (check === undefined && watch === undefined) {
      return [
        `cannot tell whether compensating "${name}" worked: give the sample of "${target}" a sideEffect, or the sample of "${name}" a compensationCheck`,
      ];
    }
    const before = watch === undefined ? 0 : h.counter(watch.counter);
    const auditBefore = (await h.stores.audit.list()).length;
    const undone = await h.compensate(name, input, idempotencyKey);
    if (!undone.ok) return [`compensating "${name}" failed: ${describeError(undone.error)}`];
    const problems: string[] = [];
    const ran = (await h.stores.audit.list())
      .slice(auditBefore)
      .filter((r) => r.outcome === 'success')
      .map((r) => r.operation);
    if (!ran.includes(target)) {
      problems.push(
        `compensating "${name}" ran ${ran.map((o) => `"${o}"`).join(', ') || 'nothing'}, not "${target}" as the manifest says`,
      );
    }
    if (check !== undefined) {
      if (!(await check(h.sim, done.result.output))) {
        problems.push(
          `after compensating "${name}" its compensationCheck says the write is not undone`,
        );
      }
    } else if (watch !== undefined) {
      const moved = h.counter(watch.counter) - before;
      if (moved !== watch.delta) {
        problems.push(
          `compensating "${name}" moved "${watch.counter}" by ${moved}, expected ${watch.delta} (the sideEffect of "${target}")`,
        );
      }
    }
    return problems;
  });
}
