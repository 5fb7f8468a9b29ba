import type { DlxError, VendorResponse } from '../errors/dlxError';
import type { ErrorCode } from '../errors/registry';
import type { ErrorScope } from './errorScope';
import { parseRetryAfter } from './retryAfter';

/** Headers never kept on an error's response: they carry session credentials. */
const DROPPED_HEADERS = new Set(['set-cookie', 'authorization', 'cookie', 'proxy-authorization']);

export interface VendorAnswer {
  status: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** Parsed as JSON when it is JSON, else text; null when it was not read. */
  body: unknown;
  requestId: string | undefined;
}

/** The error code for a status the operation did not accept. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 429) return 'DLX_E_VENDOR_RATE_LIMITED';
  if (status === 401 || status === 403) return 'DLX_E_VENDOR_AUTH';
  if (status === 408 || status >= 500) return 'DLX_E_VENDOR_TRANSIENT';
  return 'DLX_E_VENDOR_PERMANENT';
}

/**
 * The DlxError for an answer the operation did not accept. A 429 is the one answer that proves
 * the vendor did not act on the request; every other answer may follow a side effect, and so
 * may an earlier hop that answered with a redirect (a 303 after a POST means "done, look there").
 */
export function vendorErrorFromResponse(
  scope: ErrorScope,
  answer: VendorAnswer,
  now: number,
  afterRedirect: boolean,
): DlxError {
  const code = codeForStatus(answer.status);
  const retryAfterMs =
    code === 'DLX_E_VENDOR_RATE_LIMITED' || code === 'DLX_E_VENDOR_TRANSIENT'
      ? parseRetryAfter(answer.headers['retry-after'], now)
      : undefined;
  return scope.build(code, `${scope.describe()} answered ${answer.status}`, {
    vendorStatus: answer.status,
    mayHaveReachedVendor: answer.status !== 429 || afterRedirect,
    ...(answer.requestId !== undefined && { vendorRequestId: answer.requestId }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    details: scope.details({ status: answer.status }),
    response: safeResponse(answer),
  });
}

/** The error for an answer whose body passed maxResponseBytes: we cannot judge it, nor read it. */
export function responseTooLargeError(
  scope: ErrorScope,
  answer: VendorAnswer,
  limit: number,
): DlxError {
  return scope.build(
    'DLX_E_VENDOR_PERMANENT',
    `${scope.describe()} answered ${answer.status} with a body larger than ${limit} bytes`,
    {
      vendorStatus: answer.status,
      mayHaveReachedVendor: true,
      ...(answer.requestId !== undefined && { vendorRequestId: answer.requestId }),
      details: scope.details({ status: answer.status, max_response_bytes: limit }),
      response: safeResponse(answer),
    },
  );
}

/** An accepted status whose JSON body does not parse: likely cut short, so worth a retry. */
export function malformedBodyError(scope: ErrorScope, answer: VendorAnswer): DlxError {
  return scope.build(
    'DLX_E_VENDOR_TRANSIENT',
    `${scope.describe()} answered ${answer.status} with a malformed JSON body`,
    {
      vendorStatus: answer.status,
      mayHaveReachedVendor: true,
      ...(answer.requestId !== undefined && { vendorRequestId: answer.requestId }),
      details: scope.details({ status: answer.status }),
      response: safeResponse(answer),
    },
  );
}

/** The first declared request-id header present (names compared case-insensitively). */
export function findRequestId(
  headers: Readonly<Record<string, string>>,
  requestIdHeaders: readonly string[],
): string | undefined {
  for (const name of requestIdHeaders) {
    const value = headers[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function safeResponse(answer: VendorAnswer): VendorResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!DROPPED_HEADERS.has(name)) headers[name] = value;
  }
  return { status: answer.status, headers, body: answer.body };
}
