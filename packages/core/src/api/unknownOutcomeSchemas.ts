import { z } from 'zod';
import { decisionTextSchema } from '../runtime/decisionText';
import { apiErrorSchema } from './apiErrorSchema';

export const UNKNOWN_OUTCOME_FILTERS = ['unresolved', 'resolved', 'all'] as const;

/** `GET .../unknown-outcomes?status=` (default `unresolved`). */
export const unknownOutcomesQuerySchema = z.object({
  status: z.enum(UNKNOWN_OUTCOME_FILTERS).optional(),
});

/** `POST .../unknown-outcomes/:id/resolve`: what the vendor shows happened, and why. */
export const resolveBodySchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('succeeded'),
    output: z
      .unknown()
      // zod's own words for a missing unknown() are "expected nonoptional".
      .nonoptional({
        error: 'required when outcome is "succeeded": what the vendor shows it returned',
      })
      .describe("What the vendor shows, checked against the operation's output schema."),
    note: decisionTextSchema,
  }),
  z.strictObject({ outcome: z.literal('failed'), note: decisionTextSchema }),
]);

export const unknownOutcomeViewSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  connector: z.string(),
  operation: z.string(),
  idempotency_key: z.string(),
  payload_digest: z.string(),
  idempotent: z
    .boolean()
    .describe('true: a repeat with the key runs again; false: it waits for a person.'),
  status: z.enum(['unresolved', 'resolved']),
  state: z.enum(['in_progress', 'completed', 'failed', 'outcome_unknown']),
  created_at: z.string(),
  unknown_since: z.string().nullable(),
  error: apiErrorSchema.nullable(),
  resolution: z
    .object({
      outcome: z.string(),
      note: z.string(),
      resolved_by: z.string(),
      resolved_at: z.string(),
    })
    .nullable(),
});

export const unknownOutcomesAnswerSchema = z.object({
  unknown_outcomes: z.array(unknownOutcomeViewSchema),
});

export type ResolveBody = z.input<typeof resolveBodySchema>;
export type UnknownOutcome = z.output<typeof unknownOutcomeViewSchema>;
