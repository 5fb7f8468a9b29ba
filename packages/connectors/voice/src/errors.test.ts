import { DlxError, hasErrorCode, mapVendorError, type ErrorCode } from '@dealix/connector-core';
import { TWILIO_ERRORS } from './errors';

/** The error ctx.http throws for a Twilio answer it did not accept. */
function httpError(code: ErrorCode, status: number, body: unknown): DlxError {
  return new DlxError(code, `POST /2010-04-01/Accounts/AC.../Calls.json answered ${status}`, {
    vendorStatus: status,
    vendorRequestId: 'RQ0123456789abcdef',
    mayHaveReachedVendor: status !== 429,
    ...(status === 429 && { retryAfterMs: 1000 }),
    response: { status, headers: {}, body },
  });
}

const twilioBody = (code: number, status: number) => ({
  code,
  message: 'Twilio says',
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

const mapped = (error: DlxError) => mapVendorError(error, TWILIO_ERRORS);

describe("Twilio's error table", () => {
  it.each([
    [20003, 401, 'DLX_E_VENDOR_AUTH', false],
    [20005, 401, 'DLX_E_VENDOR_AUTH', false],
    [20104, 401, 'DLX_E_VENDOR_AUTH', false],
    [20429, 429, 'DLX_E_VENDOR_RATE_LIMITED', true],
    [20500, 500, 'DLX_E_VENDOR_TRANSIENT', true],
    [20503, 503, 'DLX_E_VENDOR_TRANSIENT', true],
    [21211, 400, 'DLX_E_VENDOR_PERMANENT', false],
    [21212, 400, 'DLX_E_VENDOR_PERMANENT', false],
    [21200, 400, 'DLX_E_VENDOR_PERMANENT', false],
    [13223, 400, 'DLX_E_VENDOR_PERMANENT', false],
    [20404, 404, 'DLX_E_VENDOR_PERMANENT', false],
    [21220, 400, 'DLX_E_VENDOR_PERMANENT', false],
  ] as const)('maps Twilio %d (HTTP %d) to %s', (twilioCode, status, expected, retryable) => {
    const error = mapped(
      httpError('DLX_E_VENDOR_PERMANENT', status, twilioBody(twilioCode, status)),
    );
    expect(hasErrorCode(error, expected)).toBe(true);
    expect(error).toMatchObject({
      retryable,
      vendorCode: String(twilioCode),
      vendorRequestId: 'RQ0123456789abcdef',
      details: { twilio_code: twilioCode },
    });
  });

  it("keeps the wait Twilio asked for, and never copies Twilio's message (it echoes numbers)", () => {
    const body = { ...twilioBody(21211, 400), message: "Invalid 'To' Phone Number: +15558675310" };
    const invalid = mapped(httpError('DLX_E_VENDOR_PERMANENT', 400, body)) as DlxError;
    expect(invalid.message).not.toContain('+15558675310');
    expect(JSON.stringify(invalid.details)).not.toContain('+15558675310');
    const limited = mapped(
      httpError('DLX_E_VENDOR_RATE_LIMITED', 429, twilioBody(20429, 429)),
    ) as DlxError;
    expect(limited).toMatchObject({ retryAfterMs: 1000, mayHaveReachedVendor: false });
  });

  it("keeps core's mapping by status when the body is not Twilio's", () => {
    const original = httpError('DLX_E_VENDOR_TRANSIENT', 502, '<html>bad gateway</html>');
    expect(mapped(original)).toBe(original);
  });
});
