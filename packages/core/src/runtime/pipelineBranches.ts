import type { z } from 'zod';
import { redactError, redactPayload } from '../audit';
import { redactParsed } from '../audit/plainSchema';
import type { DlxError } from '../errors/dlxError';
import type { ProtectedPlace } from '../protection/dataProtection';
import type { CallTrace } from '../tracing/callTrace';
import { computePreview } from './approvalPreview';
import type { CallFacts } from './auditRecorder';
import type { CallAttempts } from './callAttempts';
import type { GateEntry, Settle } from './idempotencyGate';
import type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import { recordRefusal } from './refusals';
import { decideRetry, type RetryVerdict } from './retryDecision';

// The pipeline's branches off its common path (executePipeline.ts): a rejected input, a
// refusal, an answer under a key someone else ran, a failed attempt's judgement, the approval
// step; and the places and forms they share with it.

/** What the steps before the vendor pass to the functions that record them. */
export interface CallStart {
  rc: RegisteredConnector;
  op: OperationRuntime;
  facts: CallFacts;
  deps: PipelineDeps;
  /** The call's start on the runtime clock. */
  started: number;
}

/** Step 1's refusal: recorded and audited; returns the error for the caller. */
export async function rejectedInput(error: DlxError, c: CallStart): Promise<DlxError> {
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
export async function refused(
  error: unknown,
  c: CallStart,
  approvalId: string | null,
): Promise<unknown> {
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
export async function answeredUnderKey(
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
export async function attemptFailed(
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
export async function approvalStep(
  c: CallStart,
  req: CallRequest,
  trace: CallTrace,
  input: unknown,
  key: string | undefined,
  settle: Settle<CallResult> | undefined,
): Promise<CallResult | string> {
  const { rc, op, deps, facts } = c;
  const policy = op.policy;
  // The key this call runs under (the caller's, or the one made for an idempotent write and
  // echoed in the answer): a grant is bound to it, so only a repeat of this call can spend it.
  const boundKey = key ?? req.idempotencyKey;
  const binding = {
    tenant: rc.tenant,
    connector: rc.key,
    operation: op.name,
    payloadDigest: facts.payload_digest!,
    ...(boundKey !== undefined && { callerKey: boundKey }),
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

function markReplayed(result: CallResult): CallResult {
  return result.status === 'ok' ? { ...result, replayed: true } : result;
}

/** Where a call's stored result lives: its seal binds it to that key. */
export function resultPlace(
  rc: { tenant: string; key: string },
  operation: string,
  key: string,
): ProtectedPlace {
  return [rc.tenant, rc.key, `result:${operation}`, key];
}

/** How an operation's payloads are redacted for the audit: `schema`, classification, secrets. */
function redaction(rc: RegisteredConnector, op: OperationRuntime, schema: z.ZodType) {
  return { schema, classification: op.policy.data_classification, secrets: rc.secrets };
}

/** The audit form of a payload (see redactPayload): by default the operation's input. */
export function redact(
  rc: RegisteredConnector,
  op: OperationRuntime,
  value: unknown,
  schema = op.def.input,
): unknown {
  return redactPayload(value, redaction(rc, op, schema));
}

/**
 * The audit form of a value the schema itself parsed (the call's input, the checked output):
 * redactParsed, which skips the copy when there is nothing to redact (the audit store copies
 * what it keeps).
 */
export function audited(
  rc: RegisteredConnector,
  op: OperationRuntime,
  parsed: unknown,
  schema = op.def.input,
): unknown {
  return redactParsed(parsed, redaction(rc, op, schema));
}
