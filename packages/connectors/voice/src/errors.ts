import { defineVendorErrors, z } from '@dealix/connector-core';

// twilio-node RestException: { code, message, more_info, status }.
const twilioErrorBody = z.object({
  code: z.number().int(),
  message: z.string().optional(),
  more_info: z.string().optional(),
  status: z.number().int().optional(),
});

/**
 * Twilio's error codes (twilio.com/docs/api/errors) as core errors, for the kit's
 * vendorRequest. The code decides, never the message (it echoes the numbers sent); an answer
 * no row matches keeps core's mapping by status (429 rate limited, 401/403 auth, 5xx transient).
 */
export const TWILIO_ERRORS = defineVendorErrors({
  vendor: 'Twilio',
  read: (body) => {
    const parsed = twilioErrorBody.safeParse(body);
    if (!parsed.success) return undefined;
    const code = String(parsed.data.code);
    return { code, details: { twilio_code: parsed.data.code } };
  },
  rules: [
    // 20003 Authenticate, 20005 account not active, 20104 access token expired: a person fixes
    // the tenant's credentials; never retried.
    { code: ['20003', '20005', '20104'], to: 'DLX_E_VENDOR_AUTH' },
    // 20429 Too Many Requests (the account's calls-per-second): retried after Retry-After.
    { code: '20429', to: 'DLX_E_VENDOR_RATE_LIMITED' },
    // 20500 internal error, 20503 service unavailable: Twilio asks to try again later.
    { code: ['20500', '20503'], to: 'DLX_E_VENDOR_TRANSIENT' },
    // 21211 invalid To, 21212 invalid From, 21214 To not reachable, 21215 no permission for the
    // region, 21210 From not verified, 21205 invalid Url, 21200 missing parameter, 13223 a
    // number in the TwiML Dial is malformed: the same request fails again.
    {
      code: ['21200', '21205', '21210', '21211', '21212', '21214', '21215', '13223'],
      to: 'DLX_E_VENDOR_PERMANENT',
    },
    // 20404 the call is not in this account; 21220 invalid call state (updating a call that has
    // ended; end_call then reads the call again).
    { code: ['20404', '21220'], to: 'DLX_E_VENDOR_PERMANENT' },
  ],
});
