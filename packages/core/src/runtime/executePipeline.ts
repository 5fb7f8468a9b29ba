import { redactError, redactPayload } from '../audit';
import { payloadDigest } from '../digest';
import { DlxError } from '../errors/dlxError';
import { attemptContext } from './attemptContext';
import { withAttemptTimeout } from './attemptTimeout';
import type { CallFacts } from './auditRecorder';
import { asDlxError, finalError, finishFailure } from './callFailure';
import { callTiming } from './callTiming';
import { newCorrelationId } from './correlationId';
import { automaticKey, MAX_KEY_LENGTH, validKey } from './idempotencyKeys';
import type { Settle } from './idempotencyGate';
import { isoTime } from './isoTime';
import type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import { decideRetry } from './retryDecision';

export type { CallRequest, CallResult, PipelineDeps } from './pipelineTypes';
export { automaticKey } from './idempotencyKeys';

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
  const timing = callTiming(policy, deps);
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
      timing.deadlineMs + deps.leaseMarginMs,
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
    const deadlineAt = started + timing.deadlineMs;
    const backoffs = timing.backoffMs;
    let vendorRequestId: string | null = null;
    const onRequestId = (id: string) => (vendorRequestId = id);
    let attempt = 0;
    for (;;) {
      attempt++;
      const attemptStart = clock.now();
      const timeoutMs = Math.min(timing.timeoutMs, Math.max(1, deadlineAt - attemptStart));
      op.metrics.attempt(attempt > 1);
      try {
        const output = await op.breaker.fire(() =>
          withAttemptTimeout(
            timeoutMs,
            req.signal,
            () => `${rc.key}.${op.name} attempt ${attempt}`,
            timing.graceMs,
            (abort) => {
              const ctx = attemptContext(
                rc,
                op.name,
                clock,
                abort,
                attempt,
                correlationId,
                key,
                onRequestId,
              );
              // A promise chain rather than an async function: one frame and tick less.
              return Promise.resolve(op.def.run(input, ctx)).then((raw) => {
                const out = op.def.output.safeParse(raw);
                if (!out.success) {
                  throw new DlxError(
                    'DLX_E_RUNTIME_OUTPUT_INVALID',
                    `${rc.key}.${op.name}: the vendor's answer does not match the output schema: ${out.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`,
                    { mayHaveReachedVendor: true },
                  );
                }
                return out.data;
              });
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
          at: isoTime(clock.now()),
        });
        if (settle) await settle.completed(output, result);
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
        const final = finalError(error, verdict.reason, rc, op.name, attempt, timing.deadlineMs);
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

function markReplayed(result: CallResult): CallResult {
  return result.status === 'ok' ? { ...result, replayed: true } : result;
}
