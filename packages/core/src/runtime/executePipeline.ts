import { redactError, redactParsed, redactPayload } from '../audit';
import { payloadDigest } from '../digest';
import { isDlxError, type DlxError } from '../errors/dlxError';
import type { ProtectedPlace } from '../protection/dataProtection';
import type { CallFacts } from './auditRecorder';
import { asDlxError, finalError, finishFailure } from './callFailure';
import { newCorrelationId } from './correlationId';
import { successNotAcknowledged } from './callSuccess';
import { isoTime } from './isoTime';
import { CallAttempts } from './callAttempts';
import { computePreview } from './approvalPreview';
import { callKey } from './callKey';
import type { GateEntry, Settle } from './idempotencyGate';
import { parseInput } from './operationSchemas';
import type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import { recordRefusal } from './refusals';
import { decideRetry, type RetryVerdict } from './retryDecision';
import { afterVendorError, recordUnknownAfterVendor, type AfterVendorStep } from './unknownOutcome';
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
    );
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
        await deps.audit.record(facts, policy.audit_events.success, 'success', {
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
        });
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
      } catch (cause) {
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

/** What the steps before the vendor pass to the functions that record them. */
interface CallStart {
  rc: RegisteredConnector;
  op: OperationRuntime;
  facts: CallFacts;
  deps: PipelineDeps;
  /** The call's start on the runtime clock. */
  started: number;
}

/** Step 1's refusal: recorded and audited; returns the error for the caller. */
async function rejectedInput(error: DlxError, c: CallStart): Promise<DlxError> {
  const { rc, op, deps } = c;
  op.metrics.call('rejected', (deps.clock.now() - c.started) / 1000);
  await deps.audit.record(c.facts, op.policy.audit_events.failure, 'failure', {
    duration_ms: deps.clock.now() - c.started,
    error_code: error.code,
    payload: { error: redactError(error.toJSON(), rc.secrets) },
  });
  return error;
}

/** A call refused before any vendor request (see recordRefusal); returns the error. */
async function refused(error: unknown, c: CallStart, approvalId: string | null): Promise<unknown> {
  await recordRefusal(error, {
    rc: c.rc,
    op: c.op,
    facts: c.facts,
    deps: c.deps,
    durationMs: c.deps.clock.now() - c.started,
    approvalId,
  });
  return error;
}

/** A key another call answers: the shared answer of a duplicate here, or a stored replay. */
async function answeredUnderKey(
  entry: Exclude<GateEntry<CallResult>, { kind: 'run' }>,
  c: CallStart,
  correlationId: string,
  key: string,
): Promise<CallResult> {
  if (entry.kind === 'shared') return markReplayed(await entry.result);
  const { rc, op, deps } = c;
  const output = deps.protection.open(entry.result, resultPlace(rc, op.name, key));
  op.metrics.call('replayed', (deps.clock.now() - c.started) / 1000);
  await deps.audit.record(c.facts, 'idempotent_replay', 'info', {
    duration_ms: deps.clock.now() - c.started,
  });
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

/**
 * A failed attempt: counted, judged (decideRetry) and, when it is retried, audited as
 * `attempt_failed` with the wait before the next one.
 */
async function attemptFailed(
  error: DlxError,
  attempt: number,
  attemptStart: number,
  attempts: CallAttempts,
  approvalId: string | null,
  c: CallStart,
): Promise<RetryVerdict> {
  const { rc, op, deps } = c;
  if (error.code === 'DLX_E_RUNTIME_TIMEOUT') op.metrics.timeout();
  if (error.code === 'DLX_E_RUNTIME_CIRCUIT_OPEN') op.metrics.shortCircuit();
  const verdict = decideRetry(error, {
    attempt,
    retryMax: op.policy.retry_max,
    backoffMs: op.timing.backoffMs,
    idempotent: op.policy.idempotent,
    now: deps.clock.now(),
    deadlineAt: attempts.deadlineAt,
    maxVendorWaitMs: deps.maxVendorWaitMs,
  });
  if (verdict.action === 'retry') {
    await deps.audit.record(c.facts, 'attempt_failed', 'failure', {
      attempt,
      duration_ms: deps.clock.now() - attemptStart,
      error_code: error.code,
      approval_id: approvalId,
      payload: {
        error: redactError(error.toJSON(), rc.secrets),
        next_wait_ms: verdict.waitMs,
      },
    });
  }
  return verdict;
}

/**
 * Step 3 for an `approval_required` operation: without an approval id, requests one and
 * answers `approval_required` (the key released with that answer); with one, consumes the
 * grant and returns its id (a refused grant is recorded and thrown).
 */
async function approvalStep(
  c: CallStart,
  req: CallRequest,
  trace: CallTrace,
  input: unknown,
  key: string | undefined,
  settle: Settle<CallResult> | undefined,
): Promise<CallResult | string> {
  const { rc, op, deps, facts } = c;
  const policy = op.policy;
  const binding = {
    tenant: rc.tenant,
    connector: rc.key,
    operation: op.name,
    payloadDigest: facts.payload_digest!,
  };
  if (req.approvalId === undefined) {
    const request = await deps.approvals.request(
      binding,
      req.actor,
      redact(rc, op, input),
      facts.correlation_id,
      policy.data_classification,
      computePreview(op.def, input, rc.secrets),
    );
    const result: CallResult = {
      status: 'approval_required',
      approval_id: request.id,
      expires_at: new Date(request.expires_at).toISOString(),
      correlation_id: facts.correlation_id,
      idempotency_key: key ?? null,
    };
    op.metrics.call('approval_required', (deps.clock.now() - c.started) / 1000);
    await settle?.releasedWith(result);
    return result;
  }
  try {
    const grant = await deps.approvals.consume(req.approvalId, binding, req.actor, key);
    trace.approvalUsed(grant);
    return grant.id;
  } catch (error) {
    throw await refused(error, c, req.approvalId);
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

/**
 * The audit form of a value the schema itself parsed (the call's input, the checked output):
 * redactParsed, which skips the copy when there is nothing to redact (the audit store copies
 * what it keeps).
 */
function audited(
  rc: RegisteredConnector,
  op: OperationRuntime,
  parsed: unknown,
  schema = op.def.input,
): unknown {
  return redactParsed(parsed, {
    schema,
    classification: op.policy.data_classification,
    secrets: rc.secrets,
  });
}

function markReplayed(result: CallResult): CallResult {
  return result.status === 'ok' ? { ...result, replayed: true } : result;
}
