import { context, propagation, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';

/** The spans a test process ended while a capture was on, as an exporter would get them. */
export interface SpanCapture {
  /** Ended spans, oldest first. */
  spans(): ReadableSpan[];
  /** What an exporter sends of each span (name, attributes, events, links, status), as text. */
  exportedText(): string;
  /** Shuts the provider down and unregisters it (and its context manager and propagator). */
  stop(): Promise<void>;
}

/**
 * Registers a real OpenTelemetry SDK tracer provider for this test process and keeps every
 * ended span in memory: the runtime then traces every call as the host does when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Undefined when another provider is registered already
 * (its spans are not ours to read).
 */
export function captureSpans(): SpanCapture | undefined {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  if (!trace.setGlobalTracerProvider(provider)) return undefined;
  provider.register();
  return {
    spans: () => exporter.getFinishedSpans(),
    exportedText: () => exportedSpanText(exporter.getFinishedSpans()),
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Runs `run` under a capture and hands `read` the spans it ended, also when `run` throws. When
 * the test process registered a tracer provider of its own (its spans are not ours to read),
 * `run` runs untraced and `read` is not called.
 */
export async function withCapturedSpans<T>(
  run: () => Promise<T>,
  read: (spans: ReadableSpan[]) => void,
): Promise<T> {
  const capture = captureSpans();
  try {
    return await run();
  } finally {
    if (capture !== undefined) {
      read(capture.spans());
      await capture.stop();
    }
  }
}

/** What an exporter sends of one span, beside its ids and times. */
export interface ExportedSpanData {
  name: string;
  kind: number;
  attributes: ReadableSpan['attributes'];
  events: { name: string; attributes: ReadableSpan['attributes'] | undefined }[];
  links: ReadableSpan['links'];
  status: ReadableSpan['status'];
  resource: ReadableSpan['resource']['attributes'];
}

/** Everything an exporter sends of these spans but their ids and times (for leak scans). */
export function exportedSpanData(spans: readonly ReadableSpan[]): ExportedSpanData[] {
  return spans.map((s) => ({
    name: s.name,
    kind: s.kind,
    attributes: s.attributes,
    events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    links: s.links,
    status: s.status,
    resource: s.resource.attributes,
  }));
}

/** exportedSpanData as JSON text. */
export function exportedSpanText(spans: readonly ReadableSpan[]): string {
  return JSON.stringify(exportedSpanData(spans));
}
