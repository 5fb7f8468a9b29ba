import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import { activeTracer } from './activeTracer';
import { endFailedSpan } from './spanFailure';
import { SPAN_ATTRIBUTES as A, type SPAN_EVENTS } from './spanNames';
import { traceparentOf } from './traceIds';

/**
 * A CLIENT span for one request core makes for a connector: an HTTP hop of ctx.http or an
 * exchange of a direct transport. Made only inside a traced attempt (never for probes or
 * initialize outside a call), so with tracing off it costs one context lookup.
 */
export class ClientSpan {
  private constructor(private readonly span: Span) {}

  /** A child of the active span, or undefined when none records. */
  static start(name: string, attributes: Attributes): ClientSpan | undefined {
    const parent = context.active();
    const active = trace.getSpan(parent);
    if (active === undefined || !active.isRecording()) return undefined;
    const tracer = activeTracer();
    if (tracer === undefined) return undefined;
    return new ClientSpan(tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent));
  }

  /** The W3C traceparent naming this span as the vendor request's parent. */
  traceparent(): string {
    return traceparentOf(this.span.spanContext());
  }

  /** The vendor's tracestate-carrying header, when the trace has one. */
  tracestate(): string | undefined {
    const state = this.span.spanContext().traceState?.serialize();
    return state === undefined || state === '' ? undefined : state;
  }

  event(name: (typeof SPAN_EVENTS)[keyof typeof SPAN_EVENTS]): void {
    this.span.addEvent(name);
  }

  /** The vendor answered (any status): its status and request id. */
  answered(status: number, requestId: string | undefined): void {
    this.span.setAttribute(A.httpStatus, status);
    if (requestId !== undefined) this.span.setAttribute(A.vendorRequestId, requestId);
    if (status >= 400) {
      this.span.setAttribute(A.errorType, String(status));
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: String(status) });
    }
    this.span.end();
  }

  succeeded(): void {
    this.span.end();
  }

  /** The request failed without an answer (egress refused, network, abort): its error code. */
  failed(error: unknown): void {
    endFailedSpan(this.span, error);
  }
}

/**
 * The client span of one HTTP hop: `<METHOD>` with method, server address and port and scheme
 * (never the path or query, where a connector may put a payload value or a key).
 */
export function startHttpClientSpan(method: string, url: URL, hop: number): ClientSpan | undefined {
  return ClientSpan.start(method, {
    [A.httpMethod]: method,
    [A.serverAddress]: url.hostname,
    [A.serverPort]: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    [A.urlScheme]: url.protocol.replace(/:$/, ''),
    ...(hop > 0 && { [A.httpResendCount]: hop }),
  });
}

/** The client span of a direct transport exchange: `<library> <host>`'s library and target. */
export function startTransportSpan(
  library: string,
  host: string,
  port: number,
): ClientSpan | undefined {
  return ClientSpan.start(`${library} exchange`, {
    [A.transportLibrary]: library,
    [A.serverAddress]: host,
    [A.serverPort]: port,
    [A.networkTransport]: 'tcp',
  });
}
