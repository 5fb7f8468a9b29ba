import { redactError } from '../audit';
import { DlxError, isDlxError } from '../errors/dlxError';
import type { CallState } from './pipelineTypes';

/** The governance audit event of a call whose bookkeeping failed after the vendor acted. */
export const CALL_OUTCOME_UNKNOWN_EVENT = 'call_outcome_unknown';

/** A step of the pipeline that runs once the vendor has answered. */
export type AfterVendorStep =
  'connector_code' | 'output_parse' | 'sync_state' | 'audit' | 'idempotency_record' | 'retry_wait';

/** What the vendor had done when the step failed. */
export type VendorResult =
  'vendor_succeeded' | 'vendor_answered' | 'vendor_contacted' | 'vendor_may_have_acted';

const RESULT_TEXT: Record<VendorResult, string> = {
  vendor_succeeded: 'completed the call',
  vendor_answered: 'answered',
  vendor_contacted: 'was sent a request',
  vendor_may_have_acted: 'may have acted on an earlier attempt',
};

const STEP_TEXT: Record<AfterVendorStep, string> = {
  connector_code: "the connector's own code",
  output_parse: "parsing the vendor's answer",
  sync_state: 'updating the sync state',
  audit: 'writing the audit record',
  idempotency_record: 'recording the result under the idempotency key',
  retry_wait: 'waiting for the next attempt',
};

/**
 * The error a caller gets when the outcome is unknown, carrying the record's
 * unknown_outcome_id (what a person resolves) and the key (what an idempotent call repeats).
 */
export function withUnknownOutcomeId(
  error: DlxError,
  id: string | undefined,
  key: string | undefined,
): DlxError {
  // Recording the unknown outcome failed too (its store is down): say so rather than leave the
  // caller a null id to look up. The key's lease lapses into an unknown outcome all the same.
  const message =
    id === undefined && error.code === 'DLX_E_RUNTIME_OUTCOME_UNKNOWN'
      ? `${error.message} (it could not be recorded now, so details.unknown_outcome_id is null; once the key's lease lapses, it lists among the unknown outcomes)`
      : error.message;
  return new DlxError(error.code, message, {
    mayHaveReachedVendor: error.mayHaveReachedVendor,
    cause: error.cause,
    ...(error.vendorRequestId !== undefined && { vendorRequestId: error.vendorRequestId }),
    details: {
      ...error.details,
      ...(key !== undefined && { idempotency_key: key }),
      unknown_outcome_id: id ?? null,
    },
  });
}

/**
 * What happens to the key next, as the caller should hear it: an idempotent call may be repeated
 * under the same key (the vendor de-duplicates it), any other waits for a person.
 */
const NEXT_TEXT = {
  idempotent:
    'the key is kept as an unknown outcome: nothing is sent again by itself; repeat the call with the same key (the vendor de-duplicates it) or have a person resolve it',
  not_idempotent:
    'the key is kept as an unknown outcome: nothing is sent again under it until a person resolves it',
  either:
    'the key is kept as an unknown outcome: nothing is sent again by itself; a person resolves it, or an idempotent call may be repeated with the same key',
} as const;

/** The unknown-outcome error for a failure of `step` after the vendor answered. */
export function afterVendorError(
  cause: unknown,
  step: AfterVendorStep,
  after: VendorResult,
  where: string,
  vendorRequestId: string | null,
  idempotent?: boolean,
): DlxError {
  const causeCode = isDlxError(cause) ? cause.code : 'unknown';
  const next =
    idempotent === undefined
      ? NEXT_TEXT.either
      : idempotent
        ? NEXT_TEXT.idempotent
        : NEXT_TEXT.not_idempotent;
  return new DlxError(
    'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
    `${where}: the vendor ${RESULT_TEXT[after]}, then ${STEP_TEXT[step]} failed (${causeCode}); ${next}`,
    {
      mayHaveReachedVendor: true,
      cause,
      ...(vendorRequestId !== null && { vendorRequestId }),
      details: { failed_step: step, after, cause_code: causeCode },
    },
  );
}

/**
 * Anything that fails after the vendor may have acted leaves the key outcome_unknown, never
 * released: marks it (when the idempotency store still answers; otherwise its lease lapses
 * into the same state), records which step failed after which result (best effort: the audit
 * store may be what failed), and returns the error the caller gets.
 */
export async function recordUnknownAfterVendor(
  error: DlxError,
  c: CallState & {
    key: string | undefined;
    attempt: number;
    durationMs: number;
  },
): Promise<DlxError> {
  let id: string | undefined;
  if (c.settle) {
    id = await c.settle
      .unknown(error.toJSON(), (known) => withUnknownOutcomeId(error, known, c.key))
      .catch(() => undefined);
  }
  const final = withUnknownOutcomeId(error, id, c.key);
  c.op.metrics.call('outcome_unknown', c.durationMs / 1000);
  await c.deps.audit
    .record(c.facts, CALL_OUTCOME_UNKNOWN_EVENT, 'failure', {
      attempt: c.attempt,
      duration_ms: c.durationMs,
      error_code: final.code,
      approval_id: c.approvalId,
      payload: {
        ...final.details,
        vendor_request_id: error.vendorRequestId ?? null,
        error: redactError(final.toJSON(), c.rc.secrets),
      },
    })
    .catch(() => undefined);
  return final;
}
