import { context, isSpanContextValid, trace, type SpanContext } from '@opentelemetry/api';

/** A span's ids as audit records, call links and log lines carry them (lower-case hex). */
export interface TraceIds {
  trace_id: string;
  span_id: string;
}

/**
 * The trace and span id of the active span, or undefined outside one (tracing off: no span is
 * ever active, and this costs one context lookup).
 */
export function currentTraceIds(): TraceIds | undefined {
  const span = trace.getSpan(context.active());
  if (span === undefined) return undefined;
  return traceIdsOf(span.spanContext());
}

export function traceIdsOf(spanContext: SpanContext): TraceIds | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * The W3C `traceparent` of a span context (version 00), as ctx.http sends it to vendors:
 * written here rather than by the global propagator, so a vendor gets exactly the trace
 * context and never the caller's baggage.
 */
export function traceparentOf(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}
