import type { ErrorCode, OperationPolicy } from '@dealix/connector-core';
import type { FaultMeaning } from './faultColumns';

/** What must happen when one operation meets one fault, from its manifest policy alone. */
export interface ExpectedOutcome {
  /** 'ok', or the code the call must fail with. */
  result: 'ok' | ErrorCode;
  /** Attempts the runtime makes (the audit trail's attempt count). */
  attempts: number;
  /** Requests of the operation that reach the vendor. */
  vendorRequests: number;
  /**
   * Whether the sample's side effect happens exactly once, not at all, or once or twice: an
   * idempotent operation repeated after the vendor acted, with no vendor key to recognise the
   * repeat (the manifest declares the repeat safe; the report marks it).
   */
  sideEffect: 'once' | 'none' | 'repeated';
  /** The wait the retry must honour, in ms (0: none asked). */
  waitMs: number;
  /** Why, in words, for the report. */
  because: string;
}

/**
 * The oracle of the fault matrix, the pipeline's rules written down independently of the
 * runtime: retry only retryable failures, up to retry_max; never re-send an operation that is
 * not idempotent once its request may have reached the vendor (the outcome is unknown); never
 * retry auth, but run once more with a fresh token where the connector has a token source.
 */
export function expectedOutcome(
  policy: OperationPolicy,
  fault: FaultMeaning,
  connector: { tokenSource: boolean; vendorKey: boolean },
): ExpectedOutcome {
  if (fault.auth) {
    return connector.tokenSource
      ? {
          result: 'ok',
          attempts: 1,
          vendorRequests: 2,
          sideEffect: 'once',
          waitMs: 0,
          because: 'the token is refreshed once and the attempt runs again',
        }
      : fail(fault.code, fault.vendorActed, 'auth is never retried');
  }
  if (!fault.retryable) return fail(fault.code, fault.vendorActed, 'not retryable');
  if (fault.mayHaveReached && !policy.idempotent) {
    return fail(
      'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      fault.vendorActed,
      'not idempotent and the request may have reached the vendor: never re-sent',
    );
  }
  if (policy.retry_max < 1) return fail(fault.code, fault.vendorActed, 'retry_max is 0');
  const repeated = fault.vendorActed && !connector.vendorKey;
  return {
    result: 'ok',
    attempts: 2,
    vendorRequests: 2,
    sideEffect: repeated ? 'repeated' : 'once',
    waitMs: fault.askedWaitMs,
    because: !fault.vendorActed
      ? 'retried as the manifest allows'
      : repeated
        ? 'retried; idempotent by declaration, no vendor key: the vendor sees the repeat'
        : 'retried; the vendor de-duplicates the repeat by its key',
  };
}

function fail(code: ErrorCode, vendorActed: boolean, because: string): ExpectedOutcome {
  return {
    result: code,
    attempts: 1,
    vendorRequests: 1,
    sideEffect: vendorActed ? 'once' : 'none',
    waitMs: 0,
    because,
  };
}
