import { z } from 'zod';

/** Path parameters of the execute and compensate routes. */
export const callParamsSchema = z.object({
  tenant: z.string().min(1),
  key: z.string().min(1).describe('The connector key.'),
  op: z.string().min(1).describe('The operation name.'),
});

/** `?approval_id=`: repeat a call once its approval is granted. */
export const callQuerySchema = z.object({
  approval_id: z
    .string()
    .min(1)
    .optional()
    .describe('The approval to use (also accepted as the `approval-id` header).'),
});

/** Headers a caller may send with a call (documented; the runtime checks the key's form). */
export const callHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'The call intent: a repeat replays, a different payload is a conflict. Required for writes that are not idempotent.',
    ),
  'approval-id': z.string().min(1).optional(),
  'x-correlation-id': z.string().min(1).max(128).optional(),
});

/** The operation's input: a JSON object, checked by the runtime against the operation's schema. */
export const executeBodySchema = z
  .record(z.string(), z.unknown())
  .describe("The operation's input, validated against its zod schema before any vendor call.");

/** Compensation names the original call by its idempotency key; `input` is the original input. */
export const compensateBodySchema = z.object({
  input: z.unknown().optional().describe('The original call input (optional).'),
});

/** 200: the call ran (or was replayed under its idempotency key). */
export const callOkSchema = z.object({
  status: z.literal('ok'),
  output: z.unknown().describe("The operation's output, parsed with its output schema."),
  replayed: z.boolean(),
  attempts: z.number().int(),
  correlation_id: z.string(),
  idempotency_key: z.string().nullable(),
  vendor_request_id: z.string().nullable(),
});

/** 202: the operation needs a grant; repeat the call with `approval_id` once granted. */
export const approvalRequiredSchema = z.object({
  status: z.literal('approval_required'),
  approval_id: z.string(),
  expires_at: z.string().describe('ISO 8601: the request expires undecided at this time.'),
  correlation_id: z.string(),
  idempotency_key: z
    .string()
    .nullable()
    .describe('Repeat the call with this key (the caller’s, or one made for the call).'),
  approval_status: z
    .literal('pending')
    .optional()
    .describe('Present when a repeat found its approval still pending.'),
});

export const callAnswerSchema = z.discriminatedUnion('status', [
  callOkSchema,
  approvalRequiredSchema,
]);

export type CallParams = z.output<typeof callParamsSchema>;
export type CallOk = z.output<typeof callOkSchema>;
export type ApprovalRequired = z.output<typeof approvalRequiredSchema>;
export type CallAnswer = z.output<typeof callAnswerSchema>;
