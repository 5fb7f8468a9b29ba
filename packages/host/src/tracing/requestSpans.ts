import type { IncomingMessage } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { activeTracer, SPAN_ATTRIBUTES as A, traceIdsOf } from '@dealix/connector-core';
import type { FastifyInstance } from 'fastify';

/** The request span of one traced request and the context its handler runs in. */
interface RequestTrace {
  span: Span;
  context: Context;
}

const HOST_TRACER = '@dealix/connector-host';

/**
 * A SERVER span per API request and webhook delivery, made before fastify's first log line of
 * the request so that every line carries its trace_id and span_id. API requests continue the
 * caller's W3C traceparent; a webhook delivery starts a trace of its own (anyone can send one:
 * it links to the send's trace instead, see core's webhook span). Other routes (the board,
 * /metrics, /healthz) are not traced. The handler runs with the span active, so the runtime's
 * call span is its child. Install before any route is registered.
 */
export function installRequestSpans(app: FastifyInstance): void {
  const traces = new WeakMap<IncomingMessage, RequestTrace>();
  app.setChildLoggerFactory(function (logger, bindings, opts, rawReq) {
    const started = startRequestSpan(rawReq);
    if (started === undefined) return logger.child(bindings, opts);
    traces.set(rawReq, started);
    const ids = traceIdsOf(started.span.spanContext());
    return logger.child({ ...bindings, ...ids }, opts);
  });
  app.addHook('onRequest', (req, reply, done) => {
    const traced = traces.get(req.raw);
    if (traced !== undefined) {
      const route = req.routeOptions.url;
      if (route !== undefined) {
        traced.span.updateName(`${req.method} ${route}`);
        traced.span.setAttribute('http.route', route);
      }
      // However the exchange ends (answered, aborted, a socket reset), the span ends with it.
      reply.raw.once('close', () => endRequestSpan(traced, reply.raw.statusCode));
    }
    done();
  });
  app.addHook('preHandler', (req, _reply, done) => {
    const traced = traces.get(req.raw);
    if (traced === undefined) done();
    else context.with(traced.context, done);
  });
}

function startRequestSpan(req: IncomingMessage): RequestTrace | undefined {
  const path = req.url ?? '';
  const webhook = path.startsWith('/webhooks/');
  if (!webhook && !path.startsWith('/api/')) return undefined;
  if (activeTracer() === undefined) return undefined;
  const tracer = trace.getTracer(HOST_TRACER);
  const parent = webhook ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, req.headers);
  const method = req.method ?? 'GET';
  const span = tracer.startSpan(
    method,
    {
      kind: SpanKind.SERVER,
      attributes: { [A.httpMethod]: method, [A.urlScheme]: 'http' },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

function endRequestSpan(traced: RequestTrace, status: number): void {
  traced.span.setAttribute(A.httpStatus, status);
  if (status >= 500) {
    traced.span.setAttribute(A.errorType, String(status));
    traced.span.setStatus({ code: SpanStatusCode.ERROR, message: String(status) });
  }
  traced.span.end();
}
