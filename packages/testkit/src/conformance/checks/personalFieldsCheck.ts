import {
  PERSONAL_MASK,
  isConnectorPlugin,
  redactPayload,
  resolveOperationPolicy,
  type ConnectorManifest,
  type z,
} from '@dealix/connector-core';
import { exportedSpanText, withCapturedSpans } from '../../tracing/spanCapture';
import { describeError, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';

const MASKED_CLASSES = new Set(['confidential', 'restricted']);

/**
 * The operations whose audit copies must mask personal fields: confidential or restricted data
 * and an input schema that marks a field personal().
 */
export function personalOperations(plugin: unknown, manifest: ConnectorManifest): string[] {
  if (!isConnectorPlugin(plugin)) return [];
  return Object.keys(manifest.operations).filter((name) => {
    const schema = plugin.operations[name]?.input;
    const policy = resolveOperationPolicy(manifest, name);
    return (
      schema !== undefined &&
      MASKED_CLASSES.has(policy.data_classification) &&
      marksPersonal(schema)
    );
  });
}

/**
 * Personal fields stay out of audit records and spans: each such operation's sample runs
 * traced, and no personal value of its input appears in any audit record of the run or in
 * what an exporter would send of its spans.
 */
export async function checkPersonalFields<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const load = session.runnable();
  if (!load.ok) return load.problems;
  const plugin = session.options.plugin;
  if (!isConnectorPlugin(plugin)) return ['the plugin is not a connector made by defineConnector'];
  const problems: string[] = [];
  for (const name of personalOperations(plugin, load.manifest)) {
    problems.push(
      ...(await withHarness(session, `personal fields of ${name}`, async (h) => {
        const input = await h.sampleInput(name);
        const values = personalPaths(plugin.operations[name]!.input, input);
        if (values.length === 0) {
          return [
            `the sample of "${name}" gives no personal field a value: give it one, so the audit can be checked`,
          ];
        }
        let spans: string | undefined;
        const outcome = await withCapturedSpans(
          () => h.attempt(name, input),
          (ended) => (spans = exportedSpanText(ended)),
        );
        if (!outcome.ok) return [`the sample of "${name}" failed: ${describeError(outcome.error)}`];
        const places = (await h.stores.audit.list()).map((record) => ({
          where: `audit record "${record.event}"`,
          text: JSON.stringify(record),
        }));
        if (spans !== undefined) places.push({ where: 'an exported span', text: spans });
        const found: string[] = [];
        for (const { where, text } of places) {
          for (const { path, value } of values) {
            if (text.includes(value)) {
              found.push(`the personal field "${path}" of "${name}" appears unmasked in ${where}`);
            }
          }
        }
        return [...new Set(found)];
      })),
    );
  }
  return problems;
}

interface PersonalValue {
  path: string;
  value: string;
}

/** The string values of `input` that the schema marks personal (masked by core's redaction). */
export function personalPaths(schema: z.ZodType, input: unknown): PersonalValue[] {
  const masked = redactPayload(input, { schema, classification: 'confidential', secrets: [] });
  const found: PersonalValue[] = [];
  const walk = (value: unknown, redacted: unknown, path: string) => {
    if (redacted === PERSONAL_MASK && typeof value === 'string' && value.length >= 3) {
      found.push({ path, value });
      return;
    }
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof redacted !== 'object' ||
      redacted === null
    )
      return;
    for (const [key, child] of Object.entries(value)) {
      walk(child, (redacted as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`);
    }
  };
  walk(input, masked, '');
  return found;
}

function marksPersonal(schema: z.ZodType): boolean {
  try {
    return JSON.stringify(schema.toJSONSchema()).includes('"personal":true');
  } catch {
    // A schema JSON Schema cannot express: run the check, the sample decides.
    return true;
  }
}
