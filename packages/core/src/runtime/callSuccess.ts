import type { CallResult, CallState } from './pipelineTypes';
import { afterVendorError, recordUnknownAfterVendor, type AfterVendorStep } from './unknownOutcome';

/**
 * Pipeline step 5 for a call the vendor completed, when one of its steps failed (sync state,
 * the audit record, the result under the key: executePipeline runs them in that order and the
 * caller hears of success only after all three). The vendor has still acted: a write's key
 * turns outcome_unknown (never released) and the caller gets DLX_E_RUNTIME_OUTCOME_UNKNOWN
 * naming the step; a read, which changed nothing, just fails. Returns the error to throw.
 */
export async function successNotAcknowledged(
  cause: unknown,
  step: AfterVendorStep,
  result: Extract<CallResult, { status: 'ok' }>,
  c: CallState & { started: number },
): Promise<unknown> {
  const { deps, op } = c;
  const failedAfterMs = deps.clock.now() - c.started;
  if (!c.settle) {
    op.metrics.call('failure', failedAfterMs / 1000);
    return cause;
  }
  return recordUnknownAfterVendor(
    afterVendorError(
      cause,
      step,
      'vendor_succeeded',
      `${c.rc.key}.${op.name}`,
      result.vendor_request_id,
      op.policy.idempotent,
    ),
    {
      rc: c.rc,
      op,
      facts: c.facts,
      deps,
      settle: c.settle,
      key: result.idempotency_key ?? undefined,
      attempt: result.attempts,
      approvalId: c.approvalId,
      durationMs: failedAfterMs,
    },
  );
}
