import type { z } from 'zod';
import type {
  Clock,
  GovernedHttp,
  GovernedRequest,
  GovernedResponse,
  HttpMethod,
} from '../contract/types';
import { DlxError } from '../errors/dlxError';
import { formBody, multipartBody, type FormFields, type MultipartFields } from './requestBodies';
import { mapVendorError, type VendorErrorTable } from './vendorErrors';
import { zodIssueText } from './zodIssueText';

/** What vendorRequest needs of a context: every ConnectorContext and OperationContext has it. */
export interface VendorRequestContext {
  readonly connectorKey: string;
  readonly http: GovernedHttp;
  readonly clock?: Clock;
}

/** One vendor request: where, how, with which body, and how to read the answer. */
export interface VendorCall<S extends z.ZodType> {
  method?: HttpMethod;
  /** Absolute, or a path joined to `baseURL` (ids already encoded with pathSegment()). */
  url: string;
  baseURL?: string;
  headers?: Record<string, string>;
  params?: GovernedRequest['params'];
  /** Basic auth (Twilio's account SID and token). */
  auth?: { username: string; password: string };
  /** A JSON body. Give at most one of json, form and multipart. */
  json?: unknown;
  /** An application/x-www-form-urlencoded body (a vendor-encoded string is sent as it is). */
  form?: FormFields | URLSearchParams | string;
  /** A multipart/form-data body: fields and files ({ content, filename, contentType }). */
  multipart?: MultipartFields | FormData;
  /** The answer's schema: the parsed answer is returned, a mismatch is DLX_E_RUNTIME_OUTPUT_INVALID. */
  schema: S;
  /** The vendor's error table (defineVendorErrors); without one, core's status mapping stands. */
  errors?: VendorErrorTable;
  acceptStatus?: (status: number) => boolean;
  responseType?: GovernedRequest['responseType'];
  /** Sees the response before it is parsed (headers such as Salesforce's Sforce-Limit-Info). */
  onResponse?: (response: GovernedResponse) => void;
}

/**
 * One vendor request through ctx.http (allowlist, abort signal, idempotency key, secret
 * scrubbing all apply), its errors mapped through the vendor's table, its answer parsed with
 * `schema`. The connector's only request wrapper: no package writes its own.
 */
export async function vendorRequest<S extends z.ZodType>(
  ctx: VendorRequestContext,
  call: VendorCall<S>,
): Promise<z.output<S>> {
  const request = toGovernedRequest(call);
  let response: GovernedResponse;
  try {
    response = await ctx.http.request(request);
  } catch (error) {
    throw call.errors === undefined
      ? error
      : mapVendorError(error, call.errors, ctx.clock?.now() ?? Date.now());
  }
  call.onResponse?.(response);
  const parsed = call.schema.safeParse(response.data);
  if (!parsed.success) {
    throw new DlxError(
      'DLX_E_RUNTIME_OUTPUT_INVALID',
      `${ctx.connectorKey}: ${request.method ?? 'GET'} ${pathOf(call)} answered a shape the connector does not expect: ${zodIssueText(parsed.error.issues)}`,
      {
        mayHaveReachedVendor: true,
        vendorStatus: response.status,
        ...(response.requestId !== undefined && { vendorRequestId: response.requestId }),
      },
    );
  }
  return parsed.data;
}

/** A vendor id as one URL path segment. */
export function pathSegment(id: string): string {
  return encodeURIComponent(id);
}

function toGovernedRequest<S extends z.ZodType>(call: VendorCall<S>): GovernedRequest {
  const bodies = [call.json, call.form, call.multipart].filter((b) => b !== undefined);
  if (bodies.length > 1) {
    throw new TypeError('vendorRequest takes one body: json, form or multipart');
  }
  const headers = { ...call.headers };
  let data: unknown;
  if (call.json !== undefined) {
    // A string given as JSON is JSON text, not a body to send as it is.
    data = typeof call.json === 'string' ? JSON.stringify(call.json) : call.json;
    if (typeof call.json === 'string') setHeader(headers, 'content-type', 'application/json');
  } else if (call.form !== undefined) {
    data = formBody(call.form);
    if (typeof data === 'string') {
      setHeader(headers, 'content-type', 'application/x-www-form-urlencoded');
    }
  } else if (call.multipart !== undefined) {
    data = multipartBody(call.multipart);
  }
  return {
    method: call.method ?? (data === undefined ? 'GET' : 'POST'),
    url: call.url,
    ...(call.baseURL !== undefined && { baseURL: call.baseURL }),
    headers,
    ...(call.params !== undefined && { params: call.params }),
    ...(call.auth !== undefined && { auth: call.auth }),
    ...(data !== undefined && { data }),
    ...(call.acceptStatus !== undefined && { acceptStatus: call.acceptStatus }),
    ...(call.responseType !== undefined && { responseType: call.responseType }),
  };
}

/** Sets a header unless the caller set it already (under any casing). */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  if (!Object.keys(headers).some((key) => key.toLowerCase() === name)) headers[name] = value;
}

/** The path of a call for messages: never the query string, which may carry ids or tokens. */
function pathOf(call: { url: string; baseURL?: string }): string {
  try {
    return new URL(call.url, call.baseURL ?? 'http://relative.invalid').pathname;
  } catch {
    return '(invalid URL)';
  }
}
