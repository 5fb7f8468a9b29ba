import { isDlxError, type DlxError } from '../errors/dlxError';
import type { ErrorScope } from './errorScope';

/**
 * The error for a call whose AbortSignal fired. The runtime aborts with its own DlxError as the
 * reason (its timeout, its deadline): that code and message are kept, so the runtime sees its
 * own verdict, now with whether the request may have reached the vendor.
 */
export function abortedError(scope: ErrorScope, reason: unknown, reached: boolean): DlxError {
  if (isDlxError(reason)) {
    return scope.build(reason.code, reason.message, {
      retryable: reason.retryable,
      mayHaveReachedVendor: reached,
      details: scope.details({ aborted: true }),
    });
  }
  return scope.build('DLX_E_RUNTIME_ABORTED', `${scope.describe()} was aborted`, {
    mayHaveReachedVendor: reached,
    details: scope.details({ aborted: true }),
  });
}

/**
 * The error for a connection that failed (refused, reset, DNS). The original error is never
 * attached: an AxiosError carries the request config, headers and credentials. Its cause is a
 * fresh `{ code, message }`, scrubbed like everything else.
 */
export function networkError(
  scope: ErrorScope,
  error: unknown,
  reached: boolean,
  vendorStatus?: number,
): DlxError {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return scope.build('DLX_E_VENDOR_NETWORK', `${scope.describe()} failed: ${code}`, {
    mayHaveReachedVendor: reached,
    ...(vendorStatus !== undefined && { vendorStatus }),
    details: scope.details({ network_code: code }),
    cause: { code, message },
  });
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== error) return errorCode(cause);
  }
  return 'NETWORK_ERROR';
}
