import { redactError, redactPayload } from '../audit';
import { payloadDigest } from '../digest';
import { isDlxError } from '../errors/dlxError';
import type { ProtectedPlace } from '../protection/dataProtection';
import type { CallFacts } from './auditRecorder';
import { asDlxError, finalError, finishFailure } from './callFailure';
import { newCorrelationId } from './correlationId';
import { acknowledgeSuccess } from './callSuccess';
import { CallAttempts } from './callAttempts';
import { computePreview } from './approvalPreview';
import { callKey } from './callKey';
import type { Settle } from './idempotencyGate';
import { parseInput } from './operationSchemas';
import type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import { recordRefusal } from './refusals';
import { decideRetry } from './retryDecision';
import { afterVendorError, recordUnknownAfterVendor } from './unknownOutcome';
import { NOOP_CALL_TRACE, type CallTrace } from '../tracing/callTrace';

export type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';

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
): Promise<CallResult> {
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
  const elapsed = () => clock.now() - started;

  // 1. validation: nothing reaches the vendor on failure.
  const parsed = parseInput(rc, op, req);
  if (!parsed.ok) {
    op.metrics.call('rejected', elapsed() / 1000);
    await deps.audit.record(facts, policy.audit_events.failure, 'failure', {
      duration_ms: elapsed(),
      error_code: parsed.error.code,
      payload: { error: redactError(parsed.error.toJSON(), rc.secrets) },
    });
    throw parsed.error;
  }
  const input = parsed.input;
  const digest = payloadDigest(input);
  facts.payload_digest = digest;
  let approvalId: string | null = null;
  const refused = async (error: unknown, approval: string | null = approvalId) => {
    await recordRefusal(error, {
      rc,
      op,
      facts,
      deps,
      durationMs: elapsed(),
      approvalId: approval,
    });
    return error;
  };

  // 2. idempotency: writes de-duplicate under a key; reads never replay (see callKey).
  let key: string | undefined;
  let settle: Settle<CallResult> | undefined;
  try {
    const plan = callKey(policy, req.idempotencyKey, op.where);
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
      if (entry.kind === 'shared') return markReplayed(await entry.result);
      if (entry.kind === 'replay') {
        const output = deps.protection.open(entry.result, resultPlace(rc, op.name, key));
        op.metrics.call('replayed', elapsed() / 1000);
        await deps.audit.record(facts, 'idempotent_replay', 'info', { duration_ms: elapsed() });
        return {
          status: 'ok',
          output,
          replayed: true,
          attempts: 0,
          correlation_id: correlationId,
          idempotency_key: key,
          vendor_request_id: null,
        };
      }
      settle = entry.finish;
    } else {
      facts.idempotency_key = plan.recorded;
    }
  } catch (error) {
    throw await refused(error);
  }

  let settled = false;
  // Set once an attempt may have reached the vendor: from then on a failure of our own
  // bookkeeping leaves the key outcome_unknown, never released.
  let reached = false;
  try {
    // 3. approval gate
    if (policy.approval_policy === 'approval_required') {
      const binding = {
        tenant: rc.tenant,
        connector: rc.key,
        operation: op.name,
        payloadDigest: digest,
      };
      if (req.approvalId === undefined) {
        const request = await deps.approvals.request(
          binding,
          req.actor,
          redact(rc, op, input),
          correlationId,
          policy.data_classification,
          computePreview(op.def, input, rc.secrets),
        );
        const result: CallResult = {
          status: 'approval_required',
          approval_id: request.id,
          expires_at: new Date(request.expires_at).toISOString(),
          correlation_id: correlationId,
          idempotency_key: key ?? null,
        };
        op.metrics.call('approval_required', elapsed() / 1000);
        await settle?.releasedWith(result);
        settled = true;
        return result;
      }
      try {
        const grant = await deps.approvals.consume(req.approvalId, binding, req.actor, key);
        approvalId = grant.id;
        trace.approvalUsed(grant);
      } catch (error) {
        throw await refused(error, req.approvalId);
      }
    }

    // 4. retry loop
    const deadlineAt = started + timing.deadlineMs;
    const backoffs = timing.backoffMs;
    const attempts = new CallAttempts(
      rc,
      op,
      clock,
      input,
      deadlineAt,
      req.signal,
      correlationId,
      key,
    );
    let attempt = 0;
    for (;;) {
      attempt++;
      const attemptStart = clock.now();
      op.metrics.attempt(attempt > 1);
      let output: unknown;
      try {
        output = await attempts.run(attempt, attemptStart, trace);
      } catch (caught) {
        const error = asDlxError(caught, rc, op.name);
        if (error.mayHaveReachedVendor) reached = true;
        if (error.code === 'DLX_E_RUNTIME_TIMEOUT') op.metrics.timeout();
        if (error.code === 'DLX_E_RUNTIME_CIRCUIT_OPEN') op.metrics.shortCircuit();
        const verdict = decideRetry(error, {
          attempt,
          retryMax: policy.retry_max,
          backoffMs: backoffs,
          idempotent: policy.idempotent,
          now: clock.now(),
          deadlineAt,
          maxVendorWaitMs: deps.maxVendorWaitMs,
        });
        if (verdict.action === 'retry') {
          await deps.audit.record(facts, 'attempt_failed', 'failure', {
            attempt,
            duration_ms: clock.now() - attemptStart,
            error_code: error.code,
            approval_id: approvalId,
            payload: {
              error: redactError(error.toJSON(), rc.secrets),
              next_wait_ms: verdict.waitMs,
            },
          });
          trace.retryWait(error, verdict.waitMs, attempt);
          await clock.sleep(verdict.waitMs, req.signal);
          continue;
        }
        const final = await finishFailure(
          finalError(error, verdict.reason, rc, op.name, policy.kind, attempt, timing.deadlineMs),
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
            input: redact(rc, op, input),
          },
        );
        settled = true;
        throw final;
      }
      // 5. success: sync state, audit, the result under the key, then the acknowledgement.
      reached = true;
      settled = true;
      return await acknowledgeSuccess(
        {
          status: 'ok',
          output,
          replayed: false,
          attempts: attempt,
          correlation_id: correlationId,
          idempotency_key: key ?? facts.idempotency_key,
          vendor_request_id: attempts.vendorRequestId,
        },
        {
          rc,
          op,
          facts,
          deps,
          settle,
          stored: () =>
            deps.protection.seal(
              output,
              policy.data_classification,
              resultPlace(rc, op.name, key!),
            ),
          // Redaction never throws: made here rather than in a closure.
          audited: {
            input: redact(rc, op, input),
            output: redact(rc, op, output, op.def.output),
            vendor_request_id: attempts.vendorRequestId,
          },
          approvalId,
          started,
        },
      );
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
          ),
          { rc, op, facts, deps, settle, key, attempt: 0, approvalId, durationMs: elapsed() },
        );
      }
      await settle.released(error).catch(() => undefined);
    }
    throw error;
  }
}

/** Where a call's stored result lives: its seal binds it to that key. */
export function resultPlace(
  rc: { tenant: string; key: string },
  operation: string,
  key: string,
): ProtectedPlace {
  return [rc.tenant, rc.key, `result:${operation}`, key];
}

/** The audit form of a payload (see redactPayload): by default the operation's input. */
function redact(
  rc: RegisteredConnector,
  op: OperationRuntime,
  value: unknown,
  schema = op.def.input,
): unknown {
  return redactPayload(value, {
    schema,
    classification: op.policy.data_classification,
    secrets: rc.secrets,
  });
}

function markReplayed(result: CallResult): CallResult {
  return result.status === 'ok' ? { ...result, replayed: true } : result;
}
