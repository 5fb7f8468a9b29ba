import { z } from 'zod';

/**
 * The longest reason or note a person gives for a decision (an approval denied, an unknown
 * outcome resolved). A denial's reason is repeated in the error and the audit record of every
 * call later refused by it, so an unbounded one let a single decision grow the audit trail by
 * a megabyte per refused call.
 */
export const DECISION_TEXT_MAX = 1000;

// C0 and C1 control characters but tab and newline: text shown in terminals and pages.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

/** A person's reason for a decision: trimmed, 1 to DECISION_TEXT_MAX characters, printable. */
export const decisionTextSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty: say why')
  .max(DECISION_TEXT_MAX, `must be at most ${DECISION_TEXT_MAX} characters`)
  .refine((text) => !CONTROL.test(text), {
    error: 'must not contain control characters (tab and newline are allowed)',
  });

/**
 * What is wrong with a decision's text, for callers outside the HTTP API (the CLI, code):
 * `field` names it in the message; undefined when it is acceptable. Returns the trimmed text.
 */
export function checkDecisionText(
  field: string,
  text: unknown,
): { text: string } | { problem: string } {
  const parsed = decisionTextSchema.safeParse(text);
  if (parsed.success) return { text: parsed.data };
  const got =
    typeof text === 'string'
      ? `${text.length} characters`
      : `a ${text === null ? 'null' : typeof text}`;
  return { problem: `"${field}" ${parsed.error.issues[0]!.message} (got ${got})` };
}
