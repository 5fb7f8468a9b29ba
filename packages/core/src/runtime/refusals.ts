import { redactError } from '../audit';
import { isDlxError } from '../errors/dlxError';
import type { CallFacts } from './auditRecorder';
import type { PipelineDeps } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';

/** The governance audit event of a call refused before any vendor request. */
export const CALL_REFUSED_EVENT = 'call_refused';

/**
 * Records a call the governance steps refused before it could reach the vendor (an approval
 * that is mismatched, used, expired, denied or pending; an idempotency conflict, a missing key,
 * an unknown outcome, a replayed failure): an audit event `call_refused` with the error code,
 * and connector_refusals_total. A failing store is not a refusal and is left to the caller.
 * Resolves once the audit record is durable.
 */
export async function recordRefusal(
  error: unknown,
  c: {
    rc: RegisteredConnector;
    op: OperationRuntime;
    facts: CallFacts;
    deps: PipelineDeps;
    durationMs: number;
    approvalId?: string | null;
  },
): Promise<void> {
  if (
    !isDlxError(error) ||
    error.kind === 'transient' ||
    error.code === 'DLX_E_STORE_SEALED_VALUE_UNREADABLE'
  ) {
    return;
  }
  c.op.metrics.refusal(error.code);
  await c.deps.audit.record(c.facts, CALL_REFUSED_EVENT, 'failure', {
    duration_ms: c.durationMs,
    error_code: error.code,
    approval_id: c.approvalId ?? null,
    payload: { error: redactError(error.toJSON(), c.rc.secrets) },
  });
}
