import { redactError } from '../audit';
import { DlxError, isDlxError } from '../errors/dlxError';
import type { OperationKind } from '../manifest';
import { scrubString } from '../secrets';
import { isoTime } from './isoTime';
import type { CallState } from './pipelineTypes';
import type { RegisteredConnector } from './registeredConnector';
import type { FailReason } from './retryDecision';
import {
  afterVendorError,
  withUnknownOutcomeId,
  type AfterVendorStep,
  type VendorResult,
} from './unknownOutcome';

// The failure end of a call: which error the caller sees, and how it is recorded (metrics,
// audit, sync state) and settled in the idempotency store before the caller hears of it.

export function finalError(
  error: DlxError,
  reason: FailReason,
  rc: RegisteredConnector,
  op: string,
  kind: OperationKind,
  attempt: number,
  deadlineMs: number,
  idempotent?: boolean,
): DlxError {
  if (reason === 'outcome_unknown') return outcomeUnknown(error, rc, op, attempt);
  // A write whose own side failed once its request was out: the vendor may have acted.
  const after = kind === 'write' ? failedAfterVendor(error) : undefined;
  if (after !== undefined) {
    return afterVendorError(
      error,
      after.step,
      after.result,
      `${rc.key}.${op}`,
      error.vendorRequestId ?? null,
      idempotent,
    );
  }
  // A vendor's wait past the deadline stays rate_limited: the caller learns why and when.
  if (reason === 'wait_exceeds_deadline' && error.kind !== 'rate_limited') {
    return new DlxError(
      'DLX_E_RUNTIME_DEADLINE_EXCEEDED',
      `${rc.key}.${op}: deadline of ${deadlineMs} ms reached after ${attempt} attempt(s); last error ${error.code}`,
      {
        cause: error,
        mayHaveReachedVendor: error.mayHaveReachedVendor,
        ...(error.vendorRequestId !== undefined && { vendorRequestId: error.vendorRequestId }),
        details: { cause_code: error.code, deadline_ms: deadlineMs },
      },
    );
  }
  return error;
}

/**
 * Records a failed call and settles its key; returns the error the caller gets (an unknown
 * outcome carries its unknown_outcome_id). An unknown outcome is marked before it is audited,
 * so the audit record names the id a person resolves.
 */
export async function finishFailure(
  failure: DlxError,
  c: CallState & {
    attempt: number;
    started: number;
    key: string | undefined;
    input: unknown;
  },
): Promise<DlxError> {
  const { deps, op } = c;
  let error = failure;
  if (c.settle && error.kind === 'outcome_unknown') {
    const unknown = error;
    const id = await c.settle.unknown(error.toJSON(), (known) =>
      withUnknownOutcomeId(unknown, known, c.key),
    );
    error = withUnknownOutcomeId(error, id, c.key);
  }
  const duration = deps.clock.now() - c.started;
  op.metrics.call(
    error.kind === 'outcome_unknown' ? 'outcome_unknown' : 'failure',
    duration / 1000,
  );
  await deps.audit.record(c.facts, op.policy.audit_events.failure, 'failure', {
    attempt: c.attempt,
    duration_ms: duration,
    error_code: error.code,
    approval_id: c.approvalId,
    payload: { input: c.input, error: redactError(error.toJSON(), c.rc.secrets) },
  });
  await deps.syncState.update(c.rc.tenant, c.rc.key, {
    kind: 'failure',
    at: isoTime(deps.clock.now()),
    code: error.code,
    message: error.message,
  });
  if (!c.settle || error.kind === 'outcome_unknown') return error;
  // Only a definite answer from the vendor is replayed to later callers with the same key;
  // anything else may succeed when tried again (fixed credentials, a recovered vendor).
  if (error.kind === 'permanent' && error.mayHaveReachedVendor) await c.settle.failed(error);
  else await c.settle.released(error);
  return error;
}

function outcomeUnknown(
  cause: DlxError,
  rc: RegisteredConnector,
  op: string,
  attempt: number,
): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
    `${rc.key}.${op}: attempt ${attempt} may have reached the vendor (${cause.code}) and the operation is not idempotent; it is not re-sent. A person must check the vendor and resolve it`,
    {
      mayHaveReachedVendor: true,
      cause,
      ...(cause.vendorRequestId !== undefined && { vendorRequestId: cause.vendorRequestId }),
      details: { cause_code: cause.code },
    },
  );
}

/** What `details.thrown_by` says of an error made from a plain exception of connector code. */
const CONNECTOR_CODE = 'connector_code';

/**
 * An attempt's failure as a DlxError. A plain exception from connector code is a bug, not a
 * vendor hiccup: never retried; it may have reached the vendor only when the attempt contacted
 * it (`contacted`: its ctx.http, token fetch or transport was used), and then a write's outcome
 * is unknown (finalError).
 */
export function asDlxError(
  caught: unknown,
  rc: RegisteredConnector,
  op: string,
  contacted: boolean,
): DlxError {
  if (isDlxError(caught)) return caught;
  const message = caught instanceof Error ? caught.message : String(caught);
  return new DlxError(
    'DLX_E_VENDOR_PERMANENT',
    `${rc.key}.${op}: connector code threw: ${scrubString(message, rc.secrets)}`,
    { mayHaveReachedVendor: contacted, details: { thrown_by: CONNECTOR_CODE } },
  );
}

/**
 * Which step of a write failed after its request was out, and what the vendor had done: its
 * connector code threw once it had contacted the vendor, or the vendor's answer did not parse
 * (it acted; we cannot say how). Undefined for any other failure.
 */
function failedAfterVendor(
  error: DlxError,
): { step: AfterVendorStep; result: VendorResult } | undefined {
  if (error.mayHaveReachedVendor && error.details?.thrown_by === CONNECTOR_CODE) {
    return { step: 'connector_code', result: 'vendor_contacted' };
  }
  if (error.code === 'DLX_E_RUNTIME_OUTPUT_INVALID') {
    return { step: 'output_parse', result: 'vendor_answered' };
  }
  return undefined;
}
