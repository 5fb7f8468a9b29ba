import { CONFORMANCE_TENANT, withHarness } from '../conformanceHarness';
import type { ConformanceSession, Observation } from '../conformanceSession';

const REFUSAL = 'DLX_E_METRICS_UNDECLARED';

/** What a refusal says: the runtime's log line (sent even when the connector caught the error). */
function refusalText(observation: Observation): string | undefined {
  if (!observation.text.includes(REFUSAL)) return undefined;
  try {
    const line = JSON.parse(observation.text) as { code?: unknown; msg?: unknown };
    if (line.code === REFUSAL && typeof line.msg === 'string') return line.msg;
  } catch {
    // An error seen by a check, not a log line: named by where it was seen.
  }
  return `${REFUSAL} in ${observation.where}`;
}

/**
 * The connector emits only the metrics its manifest declares. ctx.metrics refuses anything
 * else at runtime (DLX_E_METRICS_UNDECLARED) and logs each refusal; this check runs every
 * sample and the health probe once more and then reads everything the run saw, its own calls
 * and those of the checks before it (retries, timeouts, webhooks, compensation), for a
 * refusal. A connector that catches the error still fails here.
 */
export async function checkMetricsDeclared<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const blockers = session.runtimeBlockers();
  if (blockers.length > 0) return blockers;
  await withHarness(session, 'declared metrics', async (h) => {
    for (const name of Object.keys(h.manifest.operations)) {
      if (session.options.samples[name] === undefined) continue;
      await h.attempt(name, await h.sampleInput(name), { note: 'declared metrics' });
    }
    session.observeValue(
      'the health probe (declared metrics)',
      await h.runtime.probe(CONFORMANCE_TENANT, h.key),
    );
  });
  const problems = new Set<string>();
  for (const observation of session.observations) {
    const text = refusalText(observation);
    if (text !== undefined) problems.add(text);
  }
  return [...problems].map(
    (text) =>
      `${text} (declare it in connector.json "metrics" with its type, unit and labels, or stop recording it)`,
  );
}
