import { defineVendorErrors, z } from '@dealix/connector-core';

const graphErrorBody = z.object({
  error: z.object({
    code: z.number().int(),
    type: z.string().optional(),
    error_subcode: z.number().int().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** Graph's permission errors: 10 and 200-299 (the token lacks a permission). */
const PERMISSION_CODES = ['10', ...Array.from({ length: 100 }, (_, i) => String(200 + i))];

/**
 * Graph error codes of the WhatsApp Cloud API (developers.facebook.com .../whatsapp/support/
 * error-codes) as core errors, for the kit's vendorRequest. Meta answers its rate limits with
 * HTTP 400 as often as 429, so rows decide by `error.code`, never by status or message text.
 * Rate limits are documented refusals ("message failed to send"): marked `refused`, so even a
 * send, which WhatsApp cannot de-duplicate, is retried after the wait. Codes 1 and 2 (unknown
 * error, service unavailable) are transient but may follow a send: a send then ends as an
 * unknown outcome, never sent twice; mark_read is retried. Graph's `fbtrace_id` is kept as the
 * error's vendorRequestId; its code as vendorCode, the subcode and type in details.
 */
export const GRAPH_ERRORS = defineVendorErrors({
  vendor: 'WhatsApp',
  read: (body) => {
    const parsed = graphErrorBody.safeParse(body);
    if (!parsed.success) return undefined;
    const { code, type, error_subcode, fbtrace_id } = parsed.data.error;
    return {
      code: String(code),
      ...(type !== undefined && { type }),
      ...(error_subcode !== undefined && { subcode: String(error_subcode) }),
      ...(fbtrace_id !== undefined && { requestId: fbtrace_id }),
      details: {
        graph_code: code,
        ...(error_subcode !== undefined && { graph_subcode: error_subcode }),
        ...(type !== undefined && { graph_type: type }),
      },
    };
  },
  rules: [
    // Access token expired (subcode 463), invalidated or malformed: a person renews it.
    { code: ['190', '0'], to: 'DLX_E_VENDOR_AUTH' },
    { code: PERMISSION_CODES, to: 'DLX_E_VENDOR_AUTH' },
    { code: ['3', '131005'], to: 'DLX_E_VENDOR_AUTH' },
    // The phone number id does not exist or the token may not use it: the tenant's config.
    { code: '100', subcode: '33', to: 'DLX_E_VENDOR_AUTH' },
    // Rate limits, each with the wait Meta's guidance implies when no Retry-After is sent:
    // app calls per hour (4), the account's (80007), throughput (130429, ~80 msg/s) and one
    // customer's pair limit (131056, about one message per 6 s).
    { code: '4', to: 'DLX_E_VENDOR_RATE_LIMITED', refused: true, retryAfterMs: 60_000 },
    { code: '80007', to: 'DLX_E_VENDOR_RATE_LIMITED', refused: true, retryAfterMs: 60_000 },
    { code: '130429', to: 'DLX_E_VENDOR_RATE_LIMITED', refused: true, retryAfterMs: 1_000 },
    { code: '131056', to: 'DLX_E_VENDOR_RATE_LIMITED', refused: true, retryAfterMs: 6_000 },
    // The 24-hour window has closed: only a template may be sent now.
    { code: '131047', to: 'DLX_E_VENDOR_PERMANENT' },
    // Undeliverable, or restricted for spam: the same message fails again.
    { code: ['131026', '131048'], to: 'DLX_E_VENDOR_PERMANENT' },
    // Unknown error, service unavailable, generic error: worth a retry where a retry is safe.
    { code: ['1', '2', '131000'], to: 'DLX_E_VENDOR_TRANSIENT' },
    { code: '100', to: 'DLX_E_VENDOR_PERMANENT' },
  ],
});
