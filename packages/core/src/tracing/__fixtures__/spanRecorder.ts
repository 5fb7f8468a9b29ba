import { context, propagation, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';

/** A real SDK tracer provider, registered globally, keeping every ended span in memory. */
export interface SpanRecorder {
  spans(): ReadableSpan[];
  /** The one ended span of this name (fails the test when there is not exactly one). */
  one(name: string): ReadableSpan;
  childrenOf(span: ReadableSpan): ReadableSpan[];
  reset(): void;
  stop(): Promise<void>;
}

export function startSpanRecorder(): SpanRecorder {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  const spans = () => exporter.getFinishedSpans();
  return {
    spans,
    one(name) {
      const found = spans().filter((s) => s.name === name);
      if (found.length !== 1) {
        throw new Error(
          `expected one span "${name}", found ${found.length} among ${spans()
            .map((s) => s.name)
            .join(', ')}`,
        );
      }
      return found[0]!;
    },
    childrenOf: (parent) =>
      spans().filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId),
    reset: () => exporter.reset(),
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
