import { z } from 'zod';

/**
 * Field marks live in zod's global registry as metadata, so they also appear in the generated
 * JSON Schemas (`"personal": true`, `"secret": true`) that reviewers and the gate read.
 */
export interface FieldMarks {
  personal?: boolean;
  secret?: boolean;
  safe?: boolean;
}

/** Marks a field as personal data: masked in audit records and logs of confidential operations. */
export function personal<T extends z.ZodType>(schema: T): T {
  return mark(schema, 'personal');
}

/** Marks a config field as a secret: never logged, audited or echoed in an error. */
export function secret<T extends z.ZodType>(schema: T): T {
  return mark(schema, 'secret');
}

/**
 * Marks a field of a restricted operation as safe to show: it is kept through restricted
 * redaction (which otherwise keeps only a digest) in approval previews and audit records, so an
 * approver sees what they approve (an amount, a document title). Never on a personal or secret
 * field.
 */
export function safe<T extends z.ZodType>(schema: T): T {
  return mark(schema, 'safe');
}

function mark<T extends z.ZodType>(schema: T, kind: keyof FieldMarks): T {
  const existing = fieldMarks(schema);
  const clash =
    kind === 'safe'
      ? existing.personal
        ? 'personal'
        : existing.secret
          ? 'secret'
          : undefined
      : existing.safe
        ? 'safe'
        : undefined;
  if (clash !== undefined) {
    throw new TypeError(`a field marked ${clash}() cannot also be marked ${kind}()`);
  }
  return schema.meta({ ...schema.meta(), [kind]: true }) as T;
}

/** The marks of a schema, looking through optional / nullable / default wrappers. */
export function fieldMarks(schema: z.ZodType): FieldMarks {
  let current: z.ZodType | undefined = schema;
  const marks: FieldMarks = {};
  for (let depth = 0; current && depth < 8; depth++) {
    const meta = z.globalRegistry.get(current) as FieldMarks | undefined;
    if (meta?.personal) marks.personal = true;
    if (meta?.secret) marks.secret = true;
    if (meta?.safe) marks.safe = true;
    const def: { innerType?: z.ZodType } | undefined = (
      current as { _zod?: { def?: { innerType?: z.ZodType } } }
    )._zod?.def;
    current = def?.innerType;
  }
  return marks;
}
