import { hasErrorCode, isConnectorPlugin, type z } from '@dealix/connector-core';
import { describeError, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';

interface BadInput {
  label: string;
  input: unknown;
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number' || typeof value === 'boolean') return `not a ${typeof value}`;
  if (Array.isArray(value)) return 'not an array';
  if (typeof value === 'object' && value !== null) return 'not an object';
  return { unexpected: true };
}

/** The sample with one field of the wrong type (the first the schema rejects), else a non-object. */
export function wrongTypedInput(schema: z.ZodType, sample: unknown): BadInput | undefined {
  if (typeof sample === 'object' && sample !== null && !Array.isArray(sample)) {
    for (const [field, value] of Object.entries(sample)) {
      const input = { ...sample, [field]: wrongTypeFor(value) };
      if (!schema.safeParse(input).success) {
        return { label: `the sample with "${field}" of the wrong type`, input };
      }
    }
  }
  for (const input of ['not an object', 42, [sample]]) {
    if (!schema.safeParse(input).success) return { label: JSON.stringify(input), input };
  }
  return undefined;
}

/**
 * `{}` and a wrong-typed input are rejected with DLX_E_RUNTIME_INPUT_INVALID and nothing
 * reaches the vendor.
 */
export async function checkInputValidation<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const blockers = session.runtimeBlockers();
  if (blockers.length > 0) return blockers;
  const plugin = session.options.plugin;
  if (!isConnectorPlugin(plugin)) return ['`plugin` is not a connector made by defineConnector()'];
  return withHarness(session, 'input validation', async (h) => {
    const problems: string[] = [];
    for (const name of Object.keys(h.manifest.operations)) {
      const schema = plugin.operations[name]!.input;
      const bad: BadInput[] = [];
      if (!schema.safeParse({}).success) bad.push({ label: '{}', input: {} });
      const wrong = wrongTypedInput(schema, await h.sampleInput(name));
      if (wrong === undefined) {
        problems.push(
          `"${name}" accepts every wrong-typed input tried: its input schema is too loose`,
        );
      } else {
        bad.push(wrong);
      }
      for (const { label, input } of bad) {
        const before = h.requests();
        const outcome = await h.attempt(name, input);
        const sent = h.requests() - before;
        if (outcome.ok) problems.push(`"${name}" accepted ${label}`);
        else if (!hasErrorCode(outcome.error, 'DLX_E_RUNTIME_INPUT_INVALID')) {
          problems.push(
            `"${name}" with ${label} failed with ${describeError(outcome.error)}, not DLX_E_RUNTIME_INPUT_INVALID`,
          );
        }
        if (sent !== 0)
          problems.push(`"${name}" with ${label} sent ${sent} request(s) to the vendor`);
      }
    }
    return problems;
  });
}
