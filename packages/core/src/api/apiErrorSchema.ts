import { z } from 'zod';

/**
 * A `DlxError` as the host answers it (`DlxError.toJSON()`). `code` and `kind` are strings, not
 * enums, so a client on an older core still reads the codes a newer host adds.
 */
export const apiErrorSchema = z
  .object({
    code: z.string().describe('A registry code `DLX_E_<AREA>_<PROBLEM>` (docs/errors.md).'),
    kind: z.string().describe('The error kind from the taxonomy (validation, timeout, ...).'),
    message: z.string(),
    retryable: z
      .boolean()
      .describe('Whether repeating the same request may succeed; clients retry nothing else.'),
    vendor_code: z.string().optional(),
    vendor_request_id: z.string().optional(),
    vendor_status: z.number().int().optional(),
    retry_after_ms: z.number().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('A coded error, never carrying a secret.');

/** Every error answer: `{ "error": { code, kind, message, retryable, ... } }`. */
export const apiErrorAnswerSchema = z.object({ error: apiErrorSchema });

export type ApiError = z.output<typeof apiErrorSchema>;
export type ApiErrorAnswer = z.output<typeof apiErrorAnswerSchema>;
