/** src/errors.ts: the vendor error table, data for the kit's vendorRequest. */
export function errorsTemplate(): string {
  return `import { defineVendorErrors, z } from '@dealix/connector-core';

const vendorErrorBody = z.object({ error: z.object({ code: z.string() }) });

/**
 * TODO: the vendor's documented error codes, mapped to core error codes. Rows decide by code
 * and status, never by message text (a row may match text only where the vendor sends no
 * code, with its reason). An answer no row matches keeps core's mapping by status: 429
 * rate_limited (Retry-After honoured), 401/403 auth, 408/5xx transient, other 4xx permanent.
 * Whether the request may have reached the vendor, the request id, the status, the wait and
 * the original error are kept by the kit.
 */
export const VENDOR_ERRORS = defineVendorErrors({
  vendor: 'Vendor',
  read: (body) => {
    const parsed = vendorErrorBody.safeParse(body);
    return parsed.success ? { code: parsed.data.error.code } : undefined;
  },
  rules: [
    // Another request with the same Idempotency-Key is still running: a later retry replays it.
    { code: 'idempotency_key_in_use', to: 'DLX_E_VENDOR_TRANSIENT' },
    // The key was used before with another body.
    { code: 'idempotency_key_reused', to: 'DLX_E_IDEMPOTENCY_CONFLICT' },
    { code: 'rate_limited', to: 'DLX_E_VENDOR_RATE_LIMITED' },
    // Expired or revoked credentials are never retried: a person fixes the tenant's config.
    { code: ['token_expired', 'unauthorized'], to: 'DLX_E_VENDOR_AUTH' },
    { code: 'validation_failed', to: 'DLX_E_VENDOR_PERMANENT' },
    { status: 404, to: 'DLX_E_VENDOR_PERMANENT' },
  ],
});
`;
}
