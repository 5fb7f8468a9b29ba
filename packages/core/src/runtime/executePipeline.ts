import { payloadDigest } from '../digest';
import { isDlxError } from '../errors/dlxError';
import { NOOP_CALL_TRACE, type CallTrace } from '../tracing/callTrace';
import type { CallFacts } from './auditRecorder';
import { CallAttempts } from './callAttempts';
import { asDlxError, finalError, finishFailure } from './callFailure';
import { callKey } from './callKey';
import { successNotAcknowledged } from './callSuccess';
import { newCorrelationId } from './correlationId';
import type { Settle } from './idempotencyGate';
import { isoTime } from './isoTime';
import { parseInput } from './operationSchemas';
import {
  answeredUnderKey,
  approvalStep,
  attemptFailed,
  audited,
  refused,
  rejectedInput,
  resultPlace,
} from './pipelineBranches';
import type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import { afterVendorError, recordUnknownAfterVendor, type AfterVendorStep } from './unknownOutcome';

export type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';
export { resultPlace } from './pipelineBranches';

/**
 * The governance pipeline of docs/architecture.md for one call, in its order: validation ->
 * idempotency -> approval -> retry loop (breaker + per-attempt timeout) -> metrics, audit,
 * sync state -> acknowledgement. Refusals are recorded by recordRefusal, failures after the
 * vendor may have acted by the unknown-outcome module. `trace` records attempts and waits
 * (tracing/traceCall makes it; NOOP_CALL_TRACE with tracing off).
 */
export async function executePipeline(
  rc: RegisteredConnector,
  op: OperationRuntime,
  req: CallRequest,
  deps: PipelineDeps,
  trace: CallTrace = NOOP_CALL_TRACE,
  /** The call's key was derived by the runtime (a compensation's `compensate:<key>`). */
  derivedKey = false,
): Promise<CallResult> {
  // No closures here: a variable a closure captures lives in a context object, and this frame
  // is saved and restored at every await (the rare paths are functions of their own).
  const { clock } = deps;
  const started = clock.now();
  const policy = op.policy;
  const timing = op.timing;
  const correlationId = req.correlationId ?? newCorrelationId();
  const facts: CallFacts = {
    tenant: rc.tenant,
    actor: req.actor,
    connector_key: rc.key,
    connector_version: rc.version,
    operation: op.name,
    correlation_id: correlationId,
    idempotency_key: null,
    payload_digest: null,
  };

  // 1. validation: nothing reaches the vendor on failure.
  const parsed = parseInput(rc, op, req);
  if (!parsed.ok) throw await rejectedInput(parsed.error, { rc, op, facts, deps, started });
  const input = parsed.input;
  const digest = payloadDigest(input);
  facts.payload_digest = digest;

  // 2. idempotency: writes de-duplicate under a key; reads never replay (see callKey).
  let key: string | undefined;
  let settle: Settle<CallResult> | undefined;
  try {
    const plan = callKey(policy, req.idempotencyKey, op.where, derivedKey);
    if (plan.dedupe) {
      key = plan.key;
      facts.idempotency_key = key;
      const entry = await deps.idempotency.enter<CallResult>(
        op.scope,
        key,
        digest,
        timing.deadlineMs + deps.leaseMarginMs,
        policy.idempotent,
        started + timing.deadlineMs,
        started,
      );
      if (entry.kind !== 'run') {
        return await answeredUnderKey(entry, { rc, op, facts, deps, started }, correlationId, key);
      }
      settle = entry.finish;
    } else {
      facts.idempotency_key = plan.recorded;
    }
  } catch (error) {
    throw await refused(error, { rc, op, facts, deps, started }, null);
  }

  let settled = false;
  // Set once an attempt may have reached the vendor: from then on a failure of our own
  // bookkeeping leaves the key outcome_unknown, never released.
  let reached = false;
  let approvalId: string | null = null;
  let attempt = 0;
  try {
    // 3. approval gate
    if (policy.approval_policy === 'approval_required') {
      const approval = await approvalStep(
        { rc, op, facts, deps, started },
        req,
        trace,
        input,
        key,
        settle,
      );
      if (typeof approval !== 'string') {
        settled = true;
        return approval;
      }
      approvalId = approval;
    }

    // 4. retry loop
    const attempts = new CallAttempts(
      rc,
      op,
      clock,
      input,
      started + timing.deadlineMs,
      req.signal,
      correlationId,
      key,
      deps.directAttempts,
      settle,
    );
    for (;;) {
      attempt++;
      const attemptStart = clock.now();
      op.metrics.attempt(attempt > 1);
      let output: unknown;
      try {
        output = await attempts.run(attempt, attemptStart, trace);
      } catch (caught) {
        const error = asDlxError(caught, rc, op.name, attempts.latestMayHaveContacted());
        if (error.mayHaveReachedVendor) reached = true;
        const verdict = await attemptFailed(error, attempt, attemptStart, attempts, approvalId, {
          rc,
          op,
          facts,
          deps,
          started,
        });
        if (verdict.action === 'retry') {
          trace.retryWait(error, verdict.waitMs, attempt);
          await clock.sleep(verdict.waitMs, req.signal);
          continue;
        }
        const final = await finishFailure(
          finalError(
            error,
            verdict.reason,
            rc,
            op.name,
            policy.kind,
            attempt,
            timing.deadlineMs,
            policy.idempotent,
          ),
          {
            rc,
            op,
            facts,
            attempt,
            approvalId,
            started,
            deps,
            settle,
            key,
            input: audited(rc, op, input),
          },
        );
        settled = true;
        throw final;
      }
      // 5. success: sync state, audit, the result under the key, then the acknowledgement; the
      // caller hears of success only after all three (see successNotAcknowledged).
      reached = true;
      settled = true;
      const result: CallResult = {
        status: 'ok',
        output,
        replayed: false,
        attempts: attempt,
        correlation_id: correlationId,
        idempotency_key: key ?? facts.idempotency_key,
        vendor_request_id: attempts.vendorRequestId,
      };
      // Written out here rather than in a function of its own: one async frame and await less
      // per call. The vendor's answer is in: one reading of the clock dates the sync state and
      // the audit record, and gives the audit its duration.
      const answeredAt = clock.now();
      let step: AfterVendorStep = 'sync_state';
      try {
        await deps.syncState.update(rc.tenant, rc.key, {
          kind: 'success',
          at: isoTime(answeredAt),
        });
        step = 'audit';
        const details = {
          attempt,
          duration_ms: answeredAt - started,
          approval_id: approvalId,
          // Redaction never throws.
          payload: {
            input: audited(rc, op, input),
            output: audited(rc, op, output, op.def.output),
            vendor_request_id: attempts.vendorRequestId,
          },
          atMs: answeredAt,
        };
        if (settle && deps.audit.completesKeys) {
          // The audit record and the result under the key in one transaction: a crash cannot
          // leave the success audited and its key an unknown outcome.
          step = 'idempotency_record';
          const stored = deps.protection.seal(
            output,
            policy.data_classification,
            resultPlace(rc, op.name, key!),
          );
          step = 'audit';
          await settle.completedBy(
            (completion) =>
              deps.audit.recordCompleting(
                facts,
                policy.audit_events.success,
                'success',
                details,
                completion,
              ),
            stored,
            result,
          );
        } else {
          await deps.audit.record(facts, policy.audit_events.success, 'success', details);
          step = 'idempotency_record';
          if (settle) {
            // What the idempotency record keeps: sealed for restricted data.
            const stored = deps.protection.seal(
              output,
              policy.data_classification,
              resultPlace(rc, op.name, key!),
            );
            await settle.completed(stored, result);
          }
        }
      } catch (cause) {
        // A joint write failed whole; its error names the write refused (CrossStoreWrites).
        if (step === 'audit' && refusedByStore(cause) === 'idempotency')
          step = 'idempotency_record';
        throw await successNotAcknowledged(cause, step, result, {
          rc,
          op,
          facts,
          deps,
          settle,
          approvalId,
          started,
        });
      }
      // The call's duration includes making its answer durable (a database store takes longer).
      op.metrics.call('success', (clock.now() - started) / 1000);
      return result;
    }
  } catch (error) {
    // A failure outside the attempts (approval refused, a store, an audit between attempts):
    // released when nothing can have reached the vendor, else kept as an unknown outcome.
    if (settle && !settled) {
      if (reached) {
        throw await recordUnknownAfterVendor(
          afterVendorError(
            error,
            isDlxError(error) && error.code === 'DLX_E_STORE_FAILURE' ? 'audit' : 'retry_wait',
            'vendor_may_have_acted',
            `${rc.key}.${op.name}`,
            null,
            op.policy.idempotent,
          ),
          {
            rc,
            op,
            facts,
            deps,
            settle,
            key,
            attempt: 0,
            approvalId,
            durationMs: clock.now() - started,
          },
        );
      }
      await settle.released(error).catch(() => undefined);
    }
    throw error;
  }
}

/** The store a DLX_E_STORE_FAILURE names (`details.store`), if any. */
function refusedByStore(error: unknown): unknown {
  return isDlxError(error) && error.code === 'DLX_E_STORE_FAILURE'
    ? error.details?.store
    : undefined;
}
