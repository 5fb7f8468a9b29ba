import { defineVendorErrors, z } from '@dealix/connector-core';

/** FastAPI's error body: a message, or pydantic's list of refused fields. */
const fastApiError = z.object({
  detail: z.union([
    z.string(),
    z.array(
      z.object({
        loc: z.array(z.union([z.string(), z.number()])).optional(),
        type: z.string().optional(),
      }),
    ),
  ]),
});

/**
 * The partition API's answers (Unstructured-IO/unstructured-api, FastAPI) as core errors. The
 * API sends no error codes, so rows decide by status; a refused form field's pydantic type
 * (`missing`, `enum`) and location are kept as details. Messages are never copied: they echo
 * the file name and input values.
 */
export const UNSTRUCTURED_ERRORS = defineVendorErrors({
  vendor: 'Unstructured',
  read: (body) => {
    const parsed = fastApiError.safeParse(body);
    if (!parsed.success) return undefined;
    const { detail } = parsed.data;
    if (typeof detail === 'string') return {};
    const first = detail[0];
    return {
      ...(first?.type !== undefined && { type: first.type }),
      ...(first?.loc !== undefined && { details: { field: first.loc.join('.') } }),
    };
  },
  rules: [
    // A missing or refused unstructured-api-key: a person fixes the tenant's config.
    { status: [401, 403], to: 'DLX_E_VENDOR_AUTH' },
    // A form field the API refuses (pydantic validation): the same request fails again.
    { status: 422, to: 'DLX_E_VENDOR_PERMANENT' },
    // A file type it cannot partition, or a PDF it cannot read.
    { status: [400, 413, 415], to: 'DLX_E_VENDOR_PERMANENT' },
    // A base_url that is not a partition API (`{"detail":"Not Found"}`).
    { status: [404, 405], to: 'DLX_E_VENDOR_PERMANENT' },
    { status: 429, to: 'DLX_E_VENDOR_RATE_LIMITED' },
    // The official SDKs retry 5xx (x-speakeasy-retries): the service was busy or restarting.
    { status: [500, 502, 503, 504], to: 'DLX_E_VENDOR_TRANSIENT' },
  ],
});
