/** src/errors.test.ts: the error table, row by row, through the kit's mapVendorError. */
export function errorsTestTemplate(): string {
  return `import { DlxError, hasErrorCode, mapVendorError, type ErrorCode } from '@dealix/connector-core';
import { VENDOR_ERRORS } from './errors';

/** The error ctx.http throws for a vendor answer it did not accept. */
function httpError(code: ErrorCode, status: number, body: unknown): DlxError {
  return new DlxError(code, \`GET /v1/items/item_1 answered \${status}\`, {
    vendorStatus: status,
    vendorRequestId: 'req_abc123',
    mayHaveReachedVendor: status !== 429,
    ...(status === 429 && { retryAfterMs: 2000 }),
    response: { status, headers: {}, body },
  });
}

const mapped = (error: DlxError) => mapVendorError(error, VENDOR_ERRORS);

describe('the vendor error table', () => {
  it.each([
    ['token_expired', 401, 'DLX_E_VENDOR_AUTH', false],
    ['rate_limited', 429, 'DLX_E_VENDOR_RATE_LIMITED', true],
    ['idempotency_key_in_use', 409, 'DLX_E_VENDOR_TRANSIENT', true],
    ['idempotency_key_reused', 422, 'DLX_E_IDEMPOTENCY_CONFLICT', false],
    ['not_found', 404, 'DLX_E_VENDOR_PERMANENT', false],
  ] as const)('maps the vendor code %s (%d) to %s', (vendorCode, status, expected, retryable) => {
    const error = mapped(
      httpError('DLX_E_VENDOR_PERMANENT', status, { error: { code: vendorCode } }),
    );
    expect(hasErrorCode(error, expected)).toBe(true);
    expect(error).toMatchObject({ retryable, vendorCode, vendorRequestId: 'req_abc123' });
  });

  it("keeps the vendor's requested wait on a rate limit", () => {
    const error = mapped(
      httpError('DLX_E_VENDOR_RATE_LIMITED', 429, { error: { code: 'rate_limited' } }),
    );
    expect(error).toMatchObject({ retryAfterMs: 2000, mayHaveReachedVendor: false });
  });

  it("keeps core's mapping by status when the body is not the vendor's", () => {
    const original = httpError('DLX_E_VENDOR_TRANSIENT', 503, '<html>busy</html>');
    expect(mapped(original)).toBe(original);
  });
});
`;
}
