import type { ErrorKind } from './errorKinds';
import { ERROR_REGISTRY, type ErrorCode } from './registry';

/** Marks our errors across copies of core: a connector may bundle its own copy. */
const DLX_ERROR_MARK = Symbol.for('dealix.connector-core.error');

export interface DlxErrorOptions {
  /** The vendor's own error code (Stripe `card_declined`, Graph `130429`...). */
  vendorCode?: string;
  /** The vendor's request id (`Request-Id`, `fbtrace_id`...), kept for support tickets. */
  vendorRequestId?: string;
  /** HTTP status the vendor answered with, when there was an answer. */
  vendorStatus?: number;
  /** Wait the vendor asked for before a retry (Retry-After and equivalents), in ms. */
  retryAfterMs?: number;
  /**
   * Whether the request may have reached the vendor. A non-idempotent write is never re-sent
   * once this is true; the runtime ends it as outcome_unknown instead.
   */
  mayHaveReachedVendor?: boolean;
  /** Overrides the registry's retry decision (e.g. Stripe-Should-Retry). */
  retryable?: boolean;
  /** Structured, secret-free details (validation issues, names of things). */
  details?: Record<string, unknown>;
  /**
   * The vendor's answer (status, safe headers, body scrubbed of secrets), for the connector's
   * own error mapping. Kept off toJSON(): bodies may echo personal data.
   */
  response?: VendorResponse;
  cause?: unknown;
}

export interface VendorResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: unknown;
}

export class DlxError extends Error {
  readonly [DLX_ERROR_MARK] = true;
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly httpStatus: number;
  readonly vendorCode?: string;
  readonly vendorRequestId?: string;
  readonly vendorStatus?: number;
  readonly retryAfterMs?: number;
  readonly mayHaveReachedVendor: boolean;
  readonly details?: Record<string, unknown>;
  readonly response?: VendorResponse;

  constructor(code: ErrorCode, message: string, options: DlxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const def = ERROR_REGISTRY[code];
    this.name = 'DlxError';
    this.code = code;
    this.kind = def.kind;
    this.retryable = options.retryable ?? def.retryable;
    this.httpStatus = def.httpStatus;
    this.mayHaveReachedVendor = options.mayHaveReachedVendor ?? false;
    if (options.vendorCode !== undefined) this.vendorCode = options.vendorCode;
    if (options.vendorRequestId !== undefined) this.vendorRequestId = options.vendorRequestId;
    if (options.vendorStatus !== undefined) this.vendorStatus = options.vendorStatus;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.details !== undefined) this.details = options.details;
    if (options.response !== undefined) {
      Object.defineProperty(this, 'response', { value: options.response, enumerable: false });
    }
  }

  /** The shape written to audit records, logs and API answers: never carries a secret. */
  toJSON(): SerializedDlxError {
    return {
      code: this.code,
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      ...(this.vendorCode !== undefined && { vendor_code: this.vendorCode }),
      ...(this.vendorRequestId !== undefined && { vendor_request_id: this.vendorRequestId }),
      ...(this.vendorStatus !== undefined && { vendor_status: this.vendorStatus }),
      ...(this.retryAfterMs !== undefined && { retry_after_ms: this.retryAfterMs }),
      ...(this.details !== undefined && { details: this.details }),
    };
  }
}

export interface SerializedDlxError {
  code: ErrorCode;
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  vendor_code?: string;
  vendor_request_id?: string;
  vendor_status?: number;
  retry_after_ms?: number;
  details?: Record<string, unknown>;
}

/** Recognise our errors by their mark, never by instanceof alone. */
export function isDlxError(value: unknown): value is DlxError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[DLX_ERROR_MARK] === true
  );
}

/** True when `value` is one of our errors with the given code. */
export function hasErrorCode(value: unknown, code: ErrorCode): value is DlxError {
  return isDlxError(value) && value.code === code;
}

/** Rebuilds an error from its serialized form (a replayed idempotent failure). */
export function reviveDlxError(data: SerializedDlxError): DlxError {
  return new DlxError(data.code, data.message, {
    retryable: data.retryable,
    ...(data.vendor_code !== undefined && { vendorCode: data.vendor_code }),
    ...(data.vendor_request_id !== undefined && { vendorRequestId: data.vendor_request_id }),
    ...(data.vendor_status !== undefined && { vendorStatus: data.vendor_status }),
    ...(data.retry_after_ms !== undefined && { retryAfterMs: data.retry_after_ms }),
    ...(data.details !== undefined && { details: data.details }),
  });
}
