import { DlxError, hasErrorCode, mapVendorError, type ErrorCode } from '@dealix/connector-core';
import { UNSTRUCTURED_ERRORS } from './errors';

/** The error ctx.http throws for an answer it did not accept (its mapping by status). */
function httpError(
  code: ErrorCode,
  status: number,
  body: unknown,
  retryAfterMs?: number,
): DlxError {
  return new DlxError(code, `POST /general/v0/general answered ${status}`, {
    vendorStatus: status,
    mayHaveReachedVendor: status !== 429,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    response: { status, headers: {}, body },
  });
}

const mapped = (error: DlxError) => mapVendorError(error, UNSTRUCTURED_ERRORS) as DlxError;

describe('the Unstructured error table', () => {
  it.each([
    [401, { detail: 'API key is invalid' }, 'DLX_E_VENDOR_AUTH', false],
    [403, { detail: 'Forbidden' }, 'DLX_E_VENDOR_AUTH', false],
    [
      400,
      { detail: 'Unable to process x.png: File type image/png is not supported.' },
      'DLX_E_VENDOR_PERMANENT',
      false,
    ],
    [413, { detail: 'Request Entity Too Large' }, 'DLX_E_VENDOR_PERMANENT', false],
    [404, { detail: 'Not Found' }, 'DLX_E_VENDOR_PERMANENT', false],
    [429, { detail: 'Too Many Requests' }, 'DLX_E_VENDOR_RATE_LIMITED', true],
    [500, { detail: 'Internal Server Error' }, 'DLX_E_VENDOR_TRANSIENT', true],
    [503, { detail: 'Service Unavailable' }, 'DLX_E_VENDOR_TRANSIENT', true],
  ] as const)('maps %d to %s', (status, body, code, retryable) => {
    const error = mapped(httpError('DLX_E_VENDOR_PERMANENT', status, body));
    expect(hasErrorCode(error, code)).toBe(true);
    expect(error.retryable).toBe(retryable);
    // FastAPI's messages echo file names and values: never copied into the error.
    expect(error.message).not.toContain(body.detail);
  });

  it('keeps the pydantic type and location of a refused field, not the value', () => {
    const error = mapped(
      httpError('DLX_E_VENDOR_PERMANENT', 422, {
        detail: [{ type: 'missing', loc: ['body', 'files'], msg: 'Field required', input: null }],
      }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'missing',
      details: { field: 'body.files' },
      mayHaveReachedVendor: true,
    });
  });

  it("keeps the service's wait on a rate limit", () => {
    const error = mapped(
      httpError('DLX_E_VENDOR_RATE_LIMITED', 429, { detail: 'slow down' }, 4000),
    );
    expect(error).toMatchObject({ retryAfterMs: 4000, mayHaveReachedVendor: false });
  });

  it("keeps core's mapping when the body is not FastAPI's", () => {
    const original = httpError('DLX_E_VENDOR_TRANSIENT', 502, '<html>bad gateway</html>');
    expect(mapped(original)).toBe(original);
  });
});
