import { defineVendorErrors, z, type VendorErrorFacts } from '@dealix/connector-core';

/** A REST error: always a JSON array, `fields` where the problem names them. */
const restErrors = z
  .array(
    z.object({
      errorCode: z.string().min(1),
      fields: z.array(z.string()).optional(),
    }),
  )
  .min(1);

/** The token endpoint answers in the OAuth shape instead. */
const oauthError = z.object({ error: z.string().min(1) });

/** The category read() gives token endpoint refusals, so one row maps them all. */
export const OAUTH_ERROR_TYPE = 'oauth';

function readSalesforceError(body: unknown): VendorErrorFacts | undefined {
  const rest = restErrors.safeParse(body);
  if (rest.success) {
    const [first] = rest.data;
    const fields = rest.data.flatMap((item) => item.fields ?? []);
    const codes = [...new Set(rest.data.map((item) => item.errorCode))];
    return {
      code: first!.errorCode,
      details: {
        salesforce_code: first!.errorCode,
        ...(codes.length > 1 && { salesforce_codes: codes.join(', ') }),
        // REQUIRED_FIELD_MISSING, INVALID_FIELD...: the field names, never the values.
        ...(fields.length > 0 && { fields: [...new Set(fields)].join(', ') }),
      },
    };
  }
  const oauth = oauthError.safeParse(body);
  if (oauth.success) {
    return {
      code: oauth.data.error,
      type: OAUTH_ERROR_TYPE,
      details: { oauth_error: oauth.data.error },
    };
  }
  return undefined;
}

/**
 * Salesforce's error codes (api_rest errorcodes.htm, the OAuth token endpoint) as core errors,
 * for the kit's vendorRequest. Messages are never copied: they echo queries and field values.
 * An answer no row matches keeps core's mapping by status (5xx transient, other 4xx permanent).
 */
export const SALESFORCE_ERRORS = defineVendorErrors({
  vendor: 'Salesforce',
  read: readSalesforceError,
  rules: [
    // The session expired or was revoked: the runtime fetches a new token and re-runs once.
    { code: 'INVALID_SESSION_ID', to: 'DLX_E_VENDOR_AUTH' },
    // The org's API request limit (403) or an edge's 429: a fresh token would not help, and
    // Salesforce refused the request before acting on it, so even a create may be re-sent.
    { code: 'REQUEST_LIMIT_EXCEEDED', to: 'DLX_E_VENDOR_RATE_LIMITED', refused: true },
    // invalid_client, invalid_grant, invalid_client_id, unsupported_grant_type: a person must
    // fix the app or the tenant's credentials.
    { type: OAUTH_ERROR_TYPE, to: 'DLX_E_VENDOR_AUTH' },
    // Salesforce asks to retry these.
    { code: ['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW'], to: 'DLX_E_VENDOR_TRANSIENT' },
    // The user lacks a permission: the same request fails again, and a new token changes nothing.
    {
      code: ['INSUFFICIENT_ACCESS_OR_READONLY', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY'],
      to: 'DLX_E_VENDOR_PERMANENT',
    },
    {
      code: [
        'MALFORMED_QUERY',
        'INVALID_FIELD',
        'INVALID_TYPE',
        'REQUIRED_FIELD_MISSING',
        'ENTITY_IS_DELETED',
        'DUPLICATE_VALUE',
        'NOT_FOUND',
        'JSON_PARSER_ERROR',
        'INVALID_QUERY_LOCATOR',
        'MALFORMED_ID',
        'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        'STRING_TOO_LONG',
      ],
      to: 'DLX_E_VENDOR_PERMANENT',
    },
  ],
});
