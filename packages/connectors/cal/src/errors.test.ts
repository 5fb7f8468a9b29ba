import { DlxError, hasErrorCode, mapVendorError, type ErrorCode } from '@dealix/connector-core';
import { CAL_ERRORS } from './errors';

/** The error ctx.http throws for a Cal.com answer it did not accept. */
function httpError(code: ErrorCode, status: number, body: unknown): DlxError {
  return new DlxError(code, `POST /v2/bookings answered ${status}`, {
    vendorStatus: status,
    mayHaveReachedVendor: status !== 429,
    ...(status === 429 && { retryAfterMs: 60_000 }),
    response: { status, headers: {}, body },
  });
}

const calBody = (code: string, message = 'Cal.com says') => ({
  status: 'error',
  timestamp: '2050-09-05T10:00:00.000Z',
  path: '/v2/bookings',
  error: { code, message },
});

const mapped = (error: DlxError) => mapVendorError(error, CAL_ERRORS);

describe("Cal.com's error table", () => {
  it.each([
    ['UnauthorizedException', 401, 'DLX_E_VENDOR_AUTH', false],
    ['ForbiddenException', 403, 'DLX_E_VENDOR_AUTH', false],
    ['ThrottlerException', 429, 'DLX_E_VENDOR_RATE_LIMITED', true],
    ['InternalServerErrorException', 500, 'DLX_E_VENDOR_TRANSIENT', true],
    ['ServiceUnavailableException', 503, 'DLX_E_VENDOR_TRANSIENT', true],
    ['BadRequestException', 400, 'DLX_E_VENDOR_PERMANENT', false],
    ['NotFoundException', 404, 'DLX_E_VENDOR_PERMANENT', false],
    ['ConflictException', 409, 'DLX_E_VENDOR_PERMANENT', false],
  ] as const)('maps %s (HTTP %d) to %s', (calCode, status, expected, retryable) => {
    const error = mapped(httpError('DLX_E_VENDOR_PERMANENT', status, calBody(calCode)));
    expect(hasErrorCode(error, expected)).toBe(true);
    expect(error).toMatchObject({
      retryable,
      vendorCode: calCode,
      details: { cal_error: calCode },
    });
  });

  it('keeps the wait Cal.com asked for, and never copies its message (it can echo attendees)', () => {
    const limited = mapped(
      httpError('DLX_E_VENDOR_RATE_LIMITED', 429, calBody('ThrottlerException')),
    ) as DlxError;
    expect(limited).toMatchObject({ retryAfterMs: 60_000, mayHaveReachedVendor: false });
    const invalid = mapped(
      httpError(
        'DLX_E_VENDOR_PERMANENT',
        400,
        calBody('BadRequestException', 'sara@dealix.test is taken'),
      ),
    ) as DlxError;
    expect(JSON.stringify({ m: invalid.message, d: invalid.details })).not.toContain('sara@');
  });

  it("keeps core's mapping by status when the body is not Cal.com's envelope", () => {
    const original = httpError('DLX_E_VENDOR_TRANSIENT', 502, '<html>bad gateway</html>');
    expect(mapped(original)).toBe(original);
  });
});
