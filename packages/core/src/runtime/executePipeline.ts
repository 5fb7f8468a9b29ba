import type { Clock, OperationContext } from '../contract/types';
import { redactError, redactPayload } from '../audit';
import { payloadDigest, sha256Hex } from '../digest';
import { DlxError, isDlxError } from '../errors/dlxError';
import { scrubString } from '../secrets';
import type { SyncStateStore } from '../stores/syncStateStore';
import type { ApprovalGate } from './approvalGate';
import { withAttemptTimeout } from './attemptTimeout';
import { newCorrelationId } from './correlationId';
import type { AuditRecorder, CallFacts } from './auditRecorder';
import type { IdempotencyGate, Settle } from './idempotencyGate';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import { decideRetry, type FailReason } from './retryDecision';

export interface CallRequest {
  input: unknown;
  /** The principal: an API token's name. */
  actor: string;
  idempotencyKey?: string;
  approvalId?: string;
  correlationId?: string;
  signal?: AbortSignal;
}

export type CallResult =
  | {
      status: 'ok';
      output: unknown;
      replayed: boolean;
      attempts: number;
      correlation_id: string;
      idempotency_key: string | null;
      vendor_request_id: string | null;
    }
  | {
      status: 'approval_required';
      approval_id: string;
      expires_at: string;
      correlation_id: string;
    };

export interface PipelineDeps {
  clock: Clock;
  audit: AuditRecorder;
  idempotency: IdempotencyGate;
  approvals: ApprovalGate;
  syncState: SyncStateStore;
  /** Multiplies manifest backoffs (tests shrink them). */
  backoffScale: number;
  /** Upper bound on a vendor-requested wait (Retry-After and equivalents). */
  maxVendorWaitMs: number;
  /** Added to deadline_ms to form the idempotency lease. */
  leaseMarginMs: number;
}

const MAX_KEY_LENGTH = 255;

/**
 * The governance pipeline of docs/architecture.md for one call, in its order: validation ->
 * idempotency -> approval -> retry loop (breaker + per-attempt timeout) -> metrics, audit,
 * sync state -> acknowledgement.
 */
export async function executePipeline(
  rc: RegisteredConnector,
  op: OperationRuntime,
  req: CallRequest,
  deps: PipelineDeps,
): Promise<CallResult> {
  const { clock } = deps;
  const started = clock.now();
  const policy = op.policy;
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
  const redact = (value: unknown, schema = op.def.input) =>
    redactPayload(value, {
      schema,
      classification: policy.data_classification,
      secrets: rc.secrets,
    });
  const elapsed = () => clock.now() - started;

  // 1. validation: nothing reaches the vendor on failure.
  const parsed = op.def.input.safeParse(req.input);
  if (!parsed.success || (req.idempotencyKey !== undefined && !validKey(req.idempotencyKey))) {
    const error = parsed.success
      ? new DlxError(
          'DLX_E_RUNTIME_INPUT_INVALID',
          `${rc.key}.${op.name}: Idempotency-Key must be 1..${MAX_KEY_LENGTH} printable characters`,
        )
      : new DlxError(
          'DLX_E_RUNTIME_INPUT_INVALID',
          `${rc.key}.${op.name}: input rejected: ${parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`,
          {
            details: {
              issues: parsed.error.issues.map((i) => ({
                path: i.path.map(String).join('.'),
                code: i.code,
                message: i.message,
              })),
            },
          },
        );
    op.metrics.call('rejected', elapsed() / 1000);
    await deps.audit.record(facts, policy.audit_events.failure, 'failure', {
      duration_ms: elapsed(),
      error_code: error.code,
      payload: { error: redactError(error.toJSON(), rc.secrets) },
    });
    throw error;
  }
  const input: unknown = parsed.data;
  const digest = payloadDigest(input);
  facts.payload_digest = digest;

  // 2. idempotency
  const key =
    req.idempotencyKey ??
    (policy.idempotent ? automaticKey(rc.tenant, rc.key, op.name, digest) : undefined);
  facts.idempotency_key = key ?? null;
  let settle: Settle<CallResult> | undefined;
  if (key !== undefined) {
    const scope = { tenant: rc.tenant, connector: rc.key, operation: op.name };
    const entry = await deps.idempotency.enter<CallResult>(
      scope,
      key,
      digest,
      policy.deadline_ms + deps.leaseMarginMs,
      policy.idempotent,
    );
    if (entry.kind === 'shared') return markReplayed(await entry.result);
    if (entry.kind === 'replay') {
      op.metrics.call('replayed', elapsed() / 1000);
      await deps.audit.record(facts, 'idempotent_replay', 'info', { duration_ms: elapsed() });
      return {
        status: 'ok',
        output: entry.result,
        replayed: true,
        attempts: 0,
        correlation_id: correlationId,
        idempotency_key: key,
        vendor_request_id: null,
      };
    }
    settle = entry.finish;
  }

  let settled = false;
  try {
    // 3. approval gate
    let approvalId: string | null = null;
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
          redact(input),
          correlationId,
        );
        const result: CallResult = {
          status: 'approval_required',
          approval_id: request.id,
          expires_at: new Date(request.expires_at).toISOString(),
          correlation_id: correlationId,
        };
        op.metrics.call('approval_required', elapsed() / 1000);
        await settle?.releasedWith(result);
        return result;
      }
      approvalId = (await deps.approvals.consume(req.approvalId, binding, req.actor)).id;
    }

    // 4. retry loop
    const deadlineAt = started + policy.deadline_ms;
    const backoffs = policy.retry_backoff_ms.map((ms) => ms * deps.backoffScale);
    let vendorRequestId: string | null = null;
    let attempt = 0;
    for (;;) {
      attempt++;
      const attemptStart = clock.now();
      const timeoutMs = Math.min(policy.timeout_ms, Math.max(1, deadlineAt - attemptStart));
      op.metrics.attempt(attempt > 1);
      try {
        const output = await op.breaker.fire(() =>
          withAttemptTimeout(
            timeoutMs,
            req.signal,
            () => `${rc.key}.${op.name} attempt ${attempt}`,
            async (signal) => {
              const ctx: OperationContext<unknown, unknown> = {
                tenant: rc.tenant,
                connectorKey: rc.key,
                config: rc.config,
                state: rc.state,
                clock,
                log: rc.log,
                signal,
                attempt,
                operation: op.name,
                correlationId,
                http: rc.http.bind({
                  signal,
                  ...(key !== undefined && { idempotencyKey: key }),
                  onRequestId: (id) => (vendorRequestId = id),
                }),
                ...(key !== undefined && { idempotencyKey: key }),
              };
              const raw = await op.def.run(input, ctx);
              const out = op.def.output.safeParse(raw);
              if (!out.success) {
                throw new DlxError(
                  'DLX_E_RUNTIME_OUTPUT_INVALID',
                  `${rc.key}.${op.name}: the vendor's answer does not match the output schema: ${out.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`,
                  { mayHaveReachedVendor: true },
                );
              }
              return out.data;
            },
          ),
        );
        // 5. success: metrics, audit, sync state, then the acknowledgement.
        const result: CallResult = {
          status: 'ok',
          output,
          replayed: false,
          attempts: attempt,
          correlation_id: correlationId,
          idempotency_key: key ?? null,
          vendor_request_id: vendorRequestId,
        };
        op.metrics.call('success', elapsed() / 1000);
        await deps.audit.record(facts, policy.audit_events.success, 'success', {
          attempt,
          duration_ms: elapsed(),
          approval_id: approvalId,
          payload: {
            input: redact(input),
            output: redact(output, op.def.output),
            vendor_request_id: vendorRequestId,
          },
        });
        await deps.syncState.update(rc.tenant, rc.key, {
          kind: 'success',
          at: new Date(clock.now()).toISOString(),
        });
        await settle?.completed(output, result);
        return result;
      } catch (caught) {
        const error = asDlxError(caught, rc, op.name);
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
          await clock.sleep(verdict.waitMs, req.signal);
          continue;
        }
        const final = finalError(error, verdict.reason, rc, op.name, attempt, policy.deadline_ms);
        await finishFailure(final, {
          rc,
          op,
          facts,
          attempt,
          approvalId,
          started,
          deps,
          settle,
          input: redact(input),
        });
        settled = true;
        throw final;
      }
    }
  } catch (error) {
    // Failures before the retry loop (approval refused, stores) leave nothing at the vendor.
    if (settle && !settled) await settle.released(error).catch(() => undefined);
    throw error;
  }
}

function finalError(
  error: DlxError,
  reason: FailReason,
  rc: RegisteredConnector,
  op: string,
  attempt: number,
  deadlineMs: number,
): DlxError {
  if (reason === 'outcome_unknown') return outcomeUnknown(error, rc, op, attempt);
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

async function finishFailure(
  error: DlxError,
  c: {
    rc: RegisteredConnector;
    op: OperationRuntime;
    facts: CallFacts;
    attempt: number;
    approvalId: string | null;
    started: number;
    deps: PipelineDeps;
    settle: Settle<CallResult> | undefined;
    input: unknown;
  },
): Promise<void> {
  const { deps, op } = c;
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
    at: new Date(deps.clock.now()).toISOString(),
    code: error.code,
    message: error.message,
  });
  if (!c.settle) return;
  // Only a definite answer from the vendor is replayed to later callers with the same key;
  // anything else may succeed when tried again (fixed credentials, a recovered vendor).
  if (error.kind === 'outcome_unknown') await c.settle.unknown(error);
  else if (error.kind === 'permanent' && error.mayHaveReachedVendor) await c.settle.failed(error);
  else await c.settle.released(error);
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

function asDlxError(caught: unknown, rc: RegisteredConnector, op: string): DlxError {
  if (isDlxError(caught)) return caught;
  // A plain exception from connector code: a bug, not a vendor hiccup. Never retried.
  const message = caught instanceof Error ? caught.message : String(caught);
  return new DlxError(
    'DLX_E_VENDOR_PERMANENT',
    `${rc.key}.${op}: connector code threw: ${scrubString(message, rc.secrets)}`,
    {
      mayHaveReachedVendor: true,
    },
  );
}

function markReplayed(result: CallResult): CallResult {
  return result.status === 'ok' ? { ...result, replayed: true } : result;
}

function validKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

/**
 * The key of an idempotent call made without a caller key: a digest of tenant, connector,
 * operation and payload (docs/architecture.md). It goes to the vendor too (Stripe scopes keys to
 * the whole account), so two operations with the same payload must never share it.
 */
export function automaticKey(
  tenant: string,
  connector: string,
  operation: string,
  payloadDigest: string,
): string {
  return `auto:${sha256Hex(`${tenant}\u0000${connector}\u0000${operation}\u0000${payloadDigest}`)}`;
}
