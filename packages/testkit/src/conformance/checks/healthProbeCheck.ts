import { CONFORMANCE_TENANT, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';

/** The probe is ok against the running simulator and not ok once the vendor is down. */
export async function checkHealthProbe<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const blockers = session.runtimeBlockers();
  if (blockers.length > 0) return blockers;
  return withHarness(session, 'health probe', async (h) => {
    const problems: string[] = [];
    const healthy = await h.runtime.probe(CONFORMANCE_TENANT, h.key);
    session.observeValue('the health probe (vendor up)', healthy);
    if (healthy.status !== 'ok') {
      problems.push(
        `the probe against the running simulator says "${healthy.status}"${healthy.detail ? `: ${healthy.detail}` : ''}`,
      );
    }
    const stopForHealth = session.options.stopSimulatorForHealth;
    if (stopForHealth) await stopForHealth(h.sim);
    else await h.handle.stop();
    const down = await h.runtime.probe(CONFORMANCE_TENANT, h.key);
    session.observeValue('the health probe (vendor down)', down);
    if (down.status === 'ok') {
      problems.push('the probe says "ok" while the vendor is down: it must make a real request');
    }
    return problems;
  });
}
