import { ProxyTracerProvider, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { CORE_VERSION } from '../coreVersion';

/** The instrumentation scope of every span core records. */
export const CORE_TRACER_NAME = '@dealix/connector-core';

// The provider a fresh proxy delegates to before anyone registers one: the API's no-op.
const NOOP_PROVIDER: TracerProvider = new ProxyTracerProvider().getDelegate();

let seenProvider: TracerProvider | undefined;
let seenTracer: Tracer | undefined;

/**
 * Core's tracer when a tracer provider is registered with the OpenTelemetry API, else
 * undefined: with tracing off no span object is made at all (the caller skips every tracing
 * step), and finding that out costs a global lookup and two comparisons. The tracer is cached
 * per provider, so a provider registered (or replaced) later is picked up on the next call.
 */
export function activeTracer(): Tracer | undefined {
  let provider: TracerProvider = trace.getTracerProvider();
  // The registered global is a proxy; its delegate is the SDK's provider once one is set.
  const proxy = provider as Partial<Pick<ProxyTracerProvider, 'getDelegate'>>;
  if (typeof proxy.getDelegate === 'function') provider = proxy.getDelegate();
  if (provider === NOOP_PROVIDER) return undefined;
  if (provider !== seenProvider) {
    seenProvider = provider;
    seenTracer = provider.getTracer(CORE_TRACER_NAME, CORE_VERSION);
  }
  return seenTracer;
}
