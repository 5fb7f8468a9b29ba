/** src/errors.ts: the vendor error table (codes and statuses to core error codes). */
export function errorsTemplate(): string {
  return `import { DlxError, isDlxError, z, type ErrorCode } from '@dealix/connector-core';

/** One row of the table: which vendor answers become which core error. First match wins. */
interface VendorErrorRule {
  /** The vendor's own error code (\`error.code\` in its error body). */
  code?: string;
  /** HTTP status, for answers whose code alone does not decide. */
  status?: number;
  to: ErrorCode;
}

/**
 * TODO: the vendor's documented error codes, mapped to core error codes. Decide by codes and
 * statuses, never by message text. An answer no row matches keeps core's mapping by status:
 * 429 rate_limited (Retry-After honoured), 401/403 auth, 408/5xx transient, other 4xx permanent.
 */
export const VENDOR_ERROR_TABLE: readonly VendorErrorRule[] = [
  // Another request with the same Idempotency-Key is still running: a later retry replays it.
  { code: 'idempotency_key_in_use', to: 'DLX_E_VENDOR_TRANSIENT' },
  // The key was used before with another body.
  { code: 'idempotency_key_reused', to: 'DLX_E_IDEMPOTENCY_CONFLICT' },
  { code: 'rate_limited', to: 'DLX_E_VENDOR_RATE_LIMITED' },
  // Expired or revoked credentials are never retried: a person fixes the tenant's config.
  { code: 'token_expired', to: 'DLX_E_VENDOR_AUTH' },
  { code: 'unauthorized', to: 'DLX_E_VENDOR_AUTH' },
  { code: 'validation_failed', to: 'DLX_E_VENDOR_PERMANENT' },
  { status: 404, to: 'DLX_E_VENDOR_PERMANENT' },
];

const vendorErrorBody = z.object({
  error: z.object({ code: z.string() }),
});

/** The table row for a vendor answer, or undefined when it names nothing we know. */
export function vendorErrorRule(
  code: string | undefined,
  status: number,
): VendorErrorRule | undefined {
  return VENDOR_ERROR_TABLE.find(
    (rule) =>
      (rule.code === undefined || rule.code === code) &&
      (rule.status === undefined || rule.status === status),
  );
}

/**
 * Turns an error thrown by ctx.http into the error the runtime should see. The vendor's error
 * code decides (never its message, which may echo input); the request id, the vendor status,
 * the Retry-After wait and whether the request may have reached the vendor are kept. Anything
 * else (network failures, timeouts, bodies that are not the vendor's) is returned unchanged.
 */
export function mapVendorError(error: unknown): unknown {
  if (!isDlxError(error) || error.response === undefined) return error;
  const parsed = vendorErrorBody.safeParse(error.response.body);
  const vendorCode = parsed.success ? parsed.data.error.code : undefined;
  const rule = vendorErrorRule(vendorCode, error.response.status);
  if (rule === undefined && vendorCode === undefined) return error;
  const code = rule?.to ?? error.code;
  const label = vendorCode === undefined ? '' : \` (vendor code \${vendorCode})\`;
  return new DlxError(code, \`\${error.message}\${label}\`, {
    mayHaveReachedVendor: error.mayHaveReachedVendor,
    ...(error.vendorRequestId !== undefined && { vendorRequestId: error.vendorRequestId }),
    ...(error.vendorStatus !== undefined && { vendorStatus: error.vendorStatus }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(vendorCode !== undefined && { vendorCode }),
    ...(error.details !== undefined && { details: error.details }),
    response: error.response,
    cause: error,
  });
}
`;
}
