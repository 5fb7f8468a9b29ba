import { context, SpanKind, trace, type Attributes, type Span } from '@opentelemetry/api';
import { sha256Hex } from '../digest/canonicalJson';
import { isDlxError } from '../errors/dlxError';
import type { CallRequest, CallResult } from '../runtime/pipelineTypes';
import { newCorrelationId } from '../runtime/correlationId';
import { activeTracer } from './activeTracer';
import { NOOP_CALL_TRACE, RecordingCallTrace, type CallTrace } from './callTrace';
import { endFailedSpan } from './spanFailure';
import { SPAN_ATTRIBUTES as A, SPAN_EVENTS as E, type CallSpanOutcome } from './spanNames';

/** Which governed call a span stands for. */
export interface TracedCall {
  tenant: string;
  connector: string;
  version: string;
  operation: string;
  kind: 'execute' | 'compensate';
}

/**
 * Runs one execute or compensate as the span `<connector>.<operation>` (a child of the active
 * context: the host's request span, itself continuing the caller's traceparent), with the
 * call's attributes set from its result or error. With no tracer provider registered it is
 * `run(NOOP_CALL_TRACE, req)` and nothing more.
 *
 * `run` gets the request with a correlation id (made here when the caller gave none, so the
 * span names it even when the call fails) and may rename the span once it knows the operation
 * it really runs (a compensation).
 */
export function traceCall(
  call: TracedCall,
  req: CallRequest,
  run: (
    trace: CallTrace,
    req: CallRequest,
    rename: (operation: string) => void,
  ) => Promise<CallResult>,
): Promise<CallResult> {
  const tracer = activeTracer();
  if (tracer === undefined) return run(NOOP_CALL_TRACE, req, ignoreRename);
  const correlationId = req.correlationId ?? newCorrelationId();
  const parent = context.active();
  const span = tracer.startSpan(
    `${call.connector}.${call.operation}`,
    { kind: SpanKind.INTERNAL, attributes: startAttributes(call, req, correlationId) },
    parent,
  );
  const active = trace.setSpan(parent, span);
  // A span the sampler dropped still carries the context (vendors see the trace), nothing more.
  const callTrace = span.isRecording()
    ? new RecordingCallTrace(tracer, span, active, `${call.connector}.${call.operation} attempt`)
    : NOOP_CALL_TRACE;
  const rename = (operation: string) => {
    span.updateName(`${call.connector}.${operation}`);
    span.setAttribute(A.operation, operation);
  };
  let running: Promise<CallResult>;
  try {
    running = context.with(active, () => run(callTrace, { ...req, correlationId }, rename));
  } catch (error) {
    return Promise.reject(ended(span, callTrace, error));
  }
  return running.then(
    (result) => {
      span.setAttributes(resultAttributes(result, req.idempotencyKey));
      if (result.status === 'approval_required') {
        span.addEvent(E.approvalPending, {
          [A.approvalId]: result.approval_id,
          [A.approvalExpiresAt]: result.expires_at,
        });
      }
      span.end();
      return result;
    },
    (error: unknown) => {
      throw ended(span, callTrace, error, req.approvalId);
    },
  );
}

function ignoreRename(): void {}

function startAttributes(call: TracedCall, req: CallRequest, correlationId: string): Attributes {
  return {
    [A.tenant]: call.tenant,
    [A.connector]: call.connector,
    [A.connectorVersion]: call.version,
    [A.operation]: call.operation,
    [A.callKind]: call.kind,
    ...(call.kind === 'compensate' && { [A.compensates]: call.operation }),
    [A.correlationId]: correlationId,
    ...(req.approvalId !== undefined && { [A.approvalId]: req.approvalId }),
    // A key by its sha256 hex: spans may name a key, never show it.
    ...(req.idempotencyKey !== undefined && {
      [A.idempotencyKeyDigest]: sha256Hex(req.idempotencyKey),
    }),
  };
}

function resultAttributes(result: CallResult, callerKey: string | undefined): Attributes {
  if (result.status === 'approval_required') {
    return {
      [A.outcome]: outcome('approval_required'),
      [A.approvalId]: result.approval_id,
      [A.attempts]: 0,
    };
  }
  return {
    [A.outcome]: outcome(result.replayed ? 'replayed' : 'success'),
    [A.attempts]: result.attempts,
    [A.replayed]: result.replayed,
    ...(result.vendor_request_id !== null && { [A.vendorRequestId]: result.vendor_request_id }),
    // A key the runtime made for an idempotent write (or a compensation's derived key): named
    // by digest like the caller's, whose digest the span already has.
    ...(result.idempotency_key !== null &&
      result.idempotency_key !== callerKey && {
        [A.idempotencyKeyDigest]: sha256Hex(result.idempotency_key),
      }),
  };
}

/** Ends the span of a failed call; returns the error unchanged for the caller. */
function ended(span: Span, callTrace: CallTrace, error: unknown, approvalId?: string): unknown {
  if (isDlxError(error) && error.code === 'DLX_E_APPROVAL_PENDING' && approvalId !== undefined) {
    span.addEvent(E.approvalPending, { [A.approvalId]: approvalId });
  }
  const unknownOutcome = isDlxError(error) && error.kind === 'outcome_unknown';
  endFailedSpan(span, error, {
    [A.outcome]: outcome(unknownOutcome ? 'outcome_unknown' : 'failure'),
    [A.attempts]: callTrace.attempts,
    [A.replayed]: false,
  });
  return error;
}

function outcome(value: CallSpanOutcome): CallSpanOutcome {
  return value;
}
