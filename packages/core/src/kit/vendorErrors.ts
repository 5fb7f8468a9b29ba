import {
  DlxError,
  isDlxError,
  type DlxErrorOptions,
  type VendorResponse,
} from '../errors/dlxError';
import type { ErrorCode } from '../errors/registry';
import { parseRetryAfter } from '../http/retryAfter';

/** What a vendor's error body says, as the connector's table reads it. */
export interface VendorErrorFacts {
  /** The vendor's specific error code (Stripe `card_declined`, Graph `131047`). */
  code?: string;
  /** A coarser category the vendor sends beside it (Stripe `card_error`, Graph `OAuthException`). */
  type?: string;
  /** A finer code the vendor sends beside `code` (Graph `error_subcode`): in details, not vendorCode. */
  subcode?: string;
  /**
   * The vendor's message, read only by rows that match on text because the vendor sends no
   * code; never copied into the error (messages echo input).
   */
  message?: string;
  /** Secret-free facts added to the error's details (decline code, offending parameter). */
  details?: Readonly<Record<string, string | number | boolean>>;
  /**
   * The vendor's request id as its error body names it (Graph `fbtrace_id`): kept as the
   * error's vendorRequestId, over one read from the response headers.
   */
  requestId?: string;
}

interface RuleMatch {
  /** HTTP status, or several. */
  status?: number | readonly number[];
  /** The vendor's code, or several. */
  code?: string | readonly string[];
  /** The vendor's category, or several. */
  type?: string | readonly string[];
  /** The vendor's subcode, or several (with `code`: Graph 100 / 33, an object it cannot load). */
  subcode?: string | readonly string[];
}

interface RuleResult {
  /** The registry code the answer becomes; it decides the kind (docs/errors.md). */
  to: ErrorCode;
  /** Overrides the code's retry decision. */
  retryable?: boolean;
  /** The wait the vendor documents when its answer carries none (ms). */
  retryAfterMs?: number;
  /**
   * The vendor documents this answer as a refusal: it did not act on the request (Graph's
   * rate-limit codes on a send). The error then says the request did not reach the vendor, so a
   * write that is not idempotent may be retried. Never for an answer that may follow an effect.
   */
  refused?: boolean;
}

/**
 * One row of a vendor error table. Rows decide by status, code and category; a row may match on
 * the vendor's message text only where the vendor sends no code, and then says why.
 */
export type VendorErrorRule = RuleMatch &
  RuleResult &
  ({ message?: undefined; reason?: string } | { message: RegExp; reason: string });

export interface VendorErrorTable {
  /** The vendor's name in error messages ("Stripe"). */
  vendor: string;
  /** Reads the vendor's error body; undefined when the answer is not in its error shape. */
  read(body: unknown, response: VendorResponse): VendorErrorFacts | undefined;
  /** First match wins. An answer no row matches keeps core's mapping by status. */
  rules: readonly VendorErrorRule[];
  /** A response header whose `true` / `false` overrides the retry decision (Stripe-Should-Retry). */
  retryHeader?: string;
}

/**
 * A vendor error table, checked once: a row that matches on message text must give its reason
 * and may not also name a code (a vendor that sends codes is matched by them).
 */
export function defineVendorErrors(table: VendorErrorTable): VendorErrorTable {
  table.rules.forEach((rule, index) => {
    if (rule.message === undefined) return;
    if (typeof rule.reason !== 'string' || rule.reason.trim() === '') {
      throw new TypeError(
        `${table.vendor} error table row ${index} matches on message text without a reason`,
      );
    }
    if (rule.code !== undefined) {
      throw new TypeError(
        `${table.vendor} error table row ${index} matches on both a code and message text; use the code`,
      );
    }
  });
  return Object.freeze({
    ...table,
    rules: Object.freeze([...table.rules]),
    ...(table.retryHeader !== undefined && { retryHeader: table.retryHeader.toLowerCase() }),
  });
}

const matches = <T>(want: T | readonly T[] | undefined, value: T | undefined): boolean =>
  want === undefined ||
  (value !== undefined && (Array.isArray(want) ? want.includes(value) : want === value));

/** The first row of `table` that matches a vendor answer, or undefined. */
export function findVendorErrorRule(
  table: VendorErrorTable,
  facts: VendorErrorFacts,
  status: number,
): VendorErrorRule | undefined {
  return table.rules.find(
    (rule) =>
      matches(rule.status, status) &&
      matches(rule.code, facts.code) &&
      matches(rule.type, facts.type) &&
      matches(rule.subcode, facts.subcode) &&
      (rule.message === undefined ||
        (facts.code === undefined &&
          facts.message !== undefined &&
          rule.message.test(facts.message))),
  );
}

const WAITING_CODES: ReadonlySet<ErrorCode> = new Set([
  'DLX_E_VENDOR_RATE_LIMITED',
  'DLX_E_VENDOR_TRANSIENT',
]);

/**
 * Turns an error thrown by ctx.http into the error the runtime should see, by the vendor's
 * table. The vendor's code decides (its message only where it has none); whether the request
 * may have reached the vendor (unless the row says the vendor refused it), the request id (the
 * body's, where the table reads one), the status, the Retry-After wait and the original error
 * (as cause) are kept. Errors without a vendor answer (network failures,
 * timeouts, egress denials) and plain exceptions are returned unchanged.
 */
export function mapVendorError(
  error: unknown,
  table: VendorErrorTable,
  now: number = Date.now(),
): unknown {
  if (!isDlxError(error) || error.response === undefined) return error;
  const response = error.response;
  const facts = table.read(response.body, response);
  const retryable = readRetryHeader(table.retryHeader, response);
  if (facts === undefined) {
    if (retryable === undefined || retryable === error.retryable) return error;
    return rebuild(error, error.code, error.message, { retryable });
  }
  const rule = findVendorErrorRule(table, facts, response.status);
  const code = rule?.to ?? error.code;
  const label = [facts.type, facts.code].filter((part) => part !== undefined).join('/');
  const vendorCode = facts.code ?? facts.type;
  const retryAfterMs =
    error.retryAfterMs ??
    (WAITING_CODES.has(code)
      ? (parseRetryAfter(response.headers['retry-after'], now) ?? rule?.retryAfterMs)
      : undefined);
  const retry = retryable ?? rule?.retryable;
  return rebuild(
    error,
    code,
    label === '' ? error.message : `${error.message} (${table.vendor} ${label})`,
    {
      ...(vendorCode !== undefined && { vendorCode }),
      ...(retry !== undefined && { retryable: retry }),
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      ...(facts.details !== undefined && { details: { ...error.details, ...facts.details } }),
      ...(facts.requestId !== undefined && { vendorRequestId: facts.requestId }),
      ...(rule?.refused === true && { mayHaveReachedVendor: false }),
    },
  );
}

function readRetryHeader(name: string | undefined, response: VendorResponse): boolean | undefined {
  if (name === undefined) return undefined;
  const value = response.headers[name]?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/**
 * What an error learned from the vendor, as options for an error built from it: whether the
 * request may have reached the vendor, the request id, status, wait, vendor code, details and
 * the answer. (Not `retryable`: a new code brings its own decision.)
 */
export function vendorFactsOf(error: DlxError): DlxErrorOptions {
  return {
    mayHaveReachedVendor: error.mayHaveReachedVendor,
    ...(error.vendorRequestId !== undefined && { vendorRequestId: error.vendorRequestId }),
    ...(error.vendorStatus !== undefined && { vendorStatus: error.vendorStatus }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.vendorCode !== undefined && { vendorCode: error.vendorCode }),
    ...(error.details !== undefined && { details: error.details }),
    ...(error.response !== undefined && { response: error.response }),
  };
}

function rebuild(
  error: DlxError,
  code: ErrorCode,
  message: string,
  extra: {
    vendorCode?: string;
    vendorRequestId?: string;
    mayHaveReachedVendor?: boolean;
    retryable?: boolean;
    retryAfterMs?: number;
    details?: Record<string, unknown>;
  },
): DlxError {
  return new DlxError(code, message, { ...vendorFactsOf(error), ...extra, cause: error });
}
