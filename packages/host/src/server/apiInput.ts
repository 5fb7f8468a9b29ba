import { DlxError, zodIssueText, type z } from '@dealix/connector-core';

/**
 * Reads a request part (query, body) with its schema from core's HOST_API, the one the client
 * is typed by: a misfit is 400 DLX_E_RUNTIME_INPUT_INVALID naming each field and what is allowed,
 * before anything runs.
 */
export function apiInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new DlxError(
    'DLX_E_RUNTIME_INPUT_INVALID',
    `the ${what} does not fit the API: ${zodIssueText(parsed.error.issues)}`,
    {
      details: {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    },
  );
}
