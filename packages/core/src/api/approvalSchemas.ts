import { z } from 'zod';
import { decisionTextSchema } from '../runtime/decisionText';

export const APPROVAL_STATUSES = ['pending', 'granted', 'denied', 'expired', 'used'] as const;

export const approvalStatusSchema = z.enum(APPROVAL_STATUSES);

/** `GET .../approvals?status=`. */
export const approvalsQuerySchema = z.object({ status: approvalStatusSchema.optional() });

/** Path parameters of a decision. */
export const approvalParamsSchema = z.object({ tenant: z.string().min(1), id: z.string().min(1) });

/** `POST .../approvals/:id/deny`. */
export const denyBodySchema = z.strictObject({
  reason: decisionTextSchema.describe('Why: shown to the requester and audited.'),
});

/** An approval request as approvers see it (previews opened, times in ms since the epoch). */
export const approvalViewSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  connector: z.string(),
  operation: z.string(),
  payload_digest: z.string(),
  payload_preview: z.unknown().describe('The input, redacted by its data classification.'),
  computed_preview: z.unknown().optional(),
  requested_by: z.string(),
  requested_key: z
    .string()
    .optional()
    .describe("The requesting call's Idempotency-Key: only a call under it may use the grant."),
  requested_at: z.number(),
  expires_at: z.number(),
  status: approvalStatusSchema,
  decided_by: z.string().optional(),
  decided_at: z.number().optional(),
  reason: z.string().optional(),
  used_at: z.number().optional(),
  used_by_key: z.string().optional(),
  correlation_id: z.string(),
});

export const approvalsAnswerSchema = z.object({ approvals: z.array(approvalViewSchema) });

export type ApprovalView = z.output<typeof approvalViewSchema>;
