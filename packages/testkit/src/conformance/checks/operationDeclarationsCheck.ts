import { isConnectorPlugin, type z } from '@dealix/connector-core';
import type { ConformanceSession } from '../conformanceSession';

export function isZodSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_zod' in value &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/**
 * Every operation of the manifest has zod input and output schemas, a sample (with the
 * counter a write moves), audit events declared in the manifest, and, for a write, a
 * compensation: the operation that undoes it, or "none" with a note.
 */
export async function checkOperationDeclarations<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const load = session.manifest();
  if (!load.ok) return load.problems.map((p) => `cannot check operations: ${p}`);
  const { plugin, samples } = session.options;
  if (!isConnectorPlugin(plugin)) return ['`plugin` is not a connector made by defineConnector()'];
  const { manifest } = load;
  const problems: string[] = [];
  for (const [name, op] of Object.entries(manifest.operations)) {
    const code = plugin.operations[name];
    if (code === undefined) {
      problems.push(`operation "${name}" is in the manifest but not in the code`);
      continue;
    }
    if (!isZodSchema(code.input)) problems.push(`operation "${name}": input is not a zod schema`);
    if (!isZodSchema(code.output)) problems.push(`operation "${name}": output is not a zod schema`);
    for (const event of [op.audit_events.success, op.audit_events.failure]) {
      if (!manifest.audit_events.includes(event)) {
        problems.push(`operation "${name}" emits "${event}", which audit_events does not declare`);
      }
    }
    if (op.kind === 'write') problems.push(...compensationProblems(name, op, manifest.operations));
    const sample = samples[name];
    if (sample === undefined) {
      problems.push(`operation "${name}" has no sample: every operation needs a valid input`);
      continue;
    }
    if ('input' in sample && isZodSchema(code.input)) {
      const parsed = code.input.safeParse(sample.input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map(
          (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
        );
        problems.push(`the sample of "${name}" fails its input schema: ${issues.join('; ')}`);
      }
    }
    if (op.kind === 'write' && sample.sideEffect === undefined) {
      problems.push(
        `operation "${name}" is a write: its sample must name the simulator counter it moves (sideEffect)`,
      );
    }
    const delta = sample.sideEffect?.delta;
    if (delta !== undefined && (!Number.isInteger(delta) || delta === 0)) {
      problems.push(
        `the sample of "${name}" has sideEffect.delta ${delta}; use a non-zero integer`,
      );
    }
  }
  for (const name of Object.keys(samples)) {
    if (!Object.hasOwn(manifest.operations, name)) {
      problems.push(`sample "${name}" names no operation of the manifest`);
    }
  }
  return problems;
}

function compensationProblems(
  name: string,
  op: { compensation?: string | undefined; compensation_note?: string | undefined },
  operations: Record<string, { kind: string }>,
): string[] {
  if (op.compensation === undefined) {
    return [
      `operation "${name}" is a write without a compensation: name the operation that undoes it, or "none" with a compensation_note`,
    ];
  }
  if (op.compensation === 'none') {
    return op.compensation_note
      ? []
      : [`operation "${name}" says compensation "none" without a compensation_note saying why`];
  }
  return operations[op.compensation]?.kind === 'write'
    ? []
    : [
        `operation "${name}" is compensated by "${op.compensation}", which is not a write operation`,
      ];
}
