import type { ProtectedPlace } from '../protection/dataProtection';
import { isoTime } from './isoTime';
import type { CallResult, CallState } from './pipelineTypes';
import { afterVendorError, recordUnknownAfterVendor, type AfterVendorStep } from './unknownOutcome';

/**
 * Pipeline step 5 for a call the vendor completed: sync state, the audit record, then the
 * result under the idempotency key; the caller hears of success only after all three. Should a
 * step fail, the vendor has still acted: a write's key turns outcome_unknown (never released)
 * and the caller gets DLX_E_RUNTIME_OUTCOME_UNKNOWN naming the step; a read, which changed
 * nothing, just fails.
 */
export async function acknowledgeSuccess(
  result: Extract<CallResult, { status: 'ok' }>,
  c: CallState & {
    /** Where the result is kept under its key (its seal binds it there); none for a read. */
    place: ProtectedPlace | undefined;
    /** The audit record's payload, redacted. */
    audited: unknown;
    started: number;
  },
): Promise<CallResult> {
  const { deps, op } = c;
  let step: AfterVendorStep = 'sync_state';
  // The vendor's answer is in: one reading of the clock dates the sync state and the audit
  // record, and gives the audit its duration.
  const answeredAt = deps.clock.now();
  const durationMs = answeredAt - c.started;
  try {
    await deps.syncState.update(c.rc.tenant, c.rc.key, {
      kind: 'success',
      at: isoTime(answeredAt),
    });
    step = 'audit';
    await deps.audit.record(c.facts, op.policy.audit_events.success, 'success', {
      attempt: result.attempts,
      duration_ms: durationMs,
      approval_id: c.approvalId,
      payload: c.audited,
      atMs: answeredAt,
    });
    step = 'idempotency_record';
    if (c.settle) {
      // What the idempotency record keeps: sealed for restricted data.
      const stored = deps.protection.seal(result.output, op.policy.data_classification, c.place!);
      await c.settle.completed(stored, result);
    }
  } catch (cause) {
    const failedAfterMs = deps.clock.now() - c.started;
    if (!c.settle) {
      op.metrics.call('failure', failedAfterMs / 1000);
      throw cause;
    }
    throw await recordUnknownAfterVendor(
      afterVendorError(
        cause,
        step,
        'vendor_succeeded',
        `${c.rc.key}.${op.name}`,
        result.vendor_request_id,
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
  // The call's duration includes making its answer durable (a database store takes longer).
  op.metrics.call('success', (deps.clock.now() - c.started) / 1000);
  return result;
}
