import { defineVendorErrors, z } from '@dealix/connector-core';

// Cal.com's error envelope (apps/api/v2 filters/http-exception.filter.ts):
// { status: "error", timestamp, path, error: { code: "<NestExceptionName>", message } }.
const calErrorBody = z.object({
  status: z.literal('error'),
  error: z.object({ code: z.string(), message: z.string().optional() }),
});

/**
 * Cal.com's error codes (the Nest exception names of its error envelope) as core errors, for
 * the kit's vendorRequest. The message is never copied: it can echo attendee details.
 */
export const CAL_ERRORS = defineVendorErrors({
  vendor: 'Cal.com',
  read: (body) => {
    const parsed = calErrorBody.safeParse(body);
    if (!parsed.success) return undefined;
    return { code: parsed.data.error.code, details: { cal_error: parsed.data.error.code } };
  },
  rules: [
    // A wrong, revoked or expired key, or one without the permission: a person fixes the config.
    { code: ['UnauthorizedException', 'ForbiddenException'], to: 'DLX_E_VENDOR_AUTH' },
    // Cal.com's throttler (429): retried after Retry-After.
    { code: 'ThrottlerException', to: 'DLX_E_VENDOR_RATE_LIMITED' },
    {
      code: [
        'InternalServerErrorException',
        'BadGatewayException',
        'ServiceUnavailableException',
        'GatewayTimeoutException',
      ],
      to: 'DLX_E_VENDOR_TRANSIENT',
    },
    // A slot no longer free, a cancelled booking, a bad field, an unknown booking or event type:
    // the same request fails again.
    {
      code: ['BadRequestException', 'NotFoundException', 'ConflictException'],
      to: 'DLX_E_VENDOR_PERMANENT',
    },
  ],
});
