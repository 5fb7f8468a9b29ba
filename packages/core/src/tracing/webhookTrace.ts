import { context, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import type { WebhookReceipt } from '../runtime/webhookReceiver';
import type { CallLink } from '../stores/callLinkStore';
import { activeTracer } from './activeTracer';
import { endFailedSpan } from './spanFailure';
import { SPAN_ATTRIBUTES as A, SPAN_EVENTS as E } from './spanNames';

/**
 * One webhook delivery as the span `<connector>.webhook` (a child of the host's request span).
 * Each verified event about an object a call created links the span to that call's attempt
 * (linkToSend), so a status event leads to its send's trace. Nothing with tracing off.
 */
export function traceWebhook(
  rc: { tenant: string; key: string; version: string },
  run: () => Promise<WebhookReceipt>,
): Promise<WebhookReceipt> {
  const tracer = activeTracer();
  if (tracer === undefined) return run();
  const parent = context.active();
  const span = tracer.startSpan(
    `${rc.key}.webhook`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [A.tenant]: rc.tenant,
        [A.connector]: rc.key,
        [A.connectorVersion]: rc.version,
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), run).then(
    (receipt) => {
      span.setAttributes(
        receipt.kind === 'accepted'
          ? {
              [A.webhookOutcome]: 'accepted',
              [A.webhookAccepted]: receipt.accepted,
              [A.webhookDuplicates]: receipt.duplicates,
            }
          : { [A.webhookOutcome]: 'respond' },
      );
      span.end();
      return receipt;
    },
    (error: unknown) => {
      endFailedSpan(span, error, { [A.webhookOutcome]: 'rejected' });
      throw error;
    },
  );
}

/**
 * Records a verified event on the active webhook span and, when the call that created its
 * object recorded trace ids, links the span to that call's span.
 */
export function linkToSend(eventType: string, link: CallLink | undefined): void {
  const span = trace.getSpan(context.active());
  if (span === undefined || !span.isRecording()) return;
  span.addEvent(E.webhookEvent, {
    [A.eventType]: eventType,
    ...(link !== undefined && { [A.correlationId]: link.correlation_id }),
  });
  const traceId = link?.trace_id ?? undefined;
  const spanId = link?.span_id ?? undefined;
  if (link === undefined || traceId === undefined || spanId === undefined) return;
  span.addLink({
    context: { traceId, spanId, traceFlags: TraceFlags.SAMPLED },
    attributes: {
      [A.correlationId]: link.correlation_id,
      [A.operation]: link.operation,
      [A.eventType]: eventType,
    },
  });
}
