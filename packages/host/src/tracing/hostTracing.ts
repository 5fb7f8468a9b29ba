import { context, propagation, trace } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceSdk from '@opentelemetry/sdk-trace-node';
import { activeTracer } from '@dealix/connector-core';
import type { SamplerSetting, TracingSettings } from './otelEnv';

/** The host's tracing: on (its own exporter, or a provider the embedding process set) or off. */
export interface HostTracing {
  /** Spans are made: request spans, call spans, trace ids in logs and audit records. */
  readonly active: boolean;
  /** For the startup report. */
  readonly note: string | undefined;
  /** Exports the spans still buffered and unregisters the host's provider. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing as the OTEL_* variables say (tracingSettingsFrom): an SDK tracer provider with a
 * batch processor exporting OTLP/JSON over HTTP, registered with the OpenTelemetry API (with
 * its AsyncLocalStorage context manager and the W3C propagator). Off unless an endpoint is set:
 * then nothing is registered and nothing costs anything. A process that registered its own
 * provider keeps it: the host's spans go there.
 */
export function startHostTracing(settings: TracingSettings | undefined): HostTracing {
  if (activeTracer() !== undefined) {
    return {
      active: true,
      note: 'tracing: this process registered its own OpenTelemetry tracer provider; spans go there',
      shutdown: async () => undefined,
    };
  }
  if (settings === undefined)
    return { active: false, note: undefined, shutdown: async () => undefined };
  // The SDK is loaded only now: a host that does not trace never pays for loading it.
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const sdk = require('@opentelemetry/sdk-trace-node') as typeof TraceSdk;
  const { defaultResource, resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof Resources;
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new sdk.NodeTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ 'service.name': settings.serviceName }),
    ),
    sampler: samplerOf(sdk, settings.sampler),
    spanProcessors: [
      new sdk.BatchSpanProcessor(
        new OTLPTraceExporter({ url: settings.url, headers: settings.headers }),
      ),
    ],
  });
  provider.register();
  let stopped: Promise<void> | undefined;
  return {
    active: true,
    note: describe(settings),
    shutdown: () =>
      (stopped ??= provider
        .shutdown()
        .catch(() => undefined)
        .finally(() => {
          trace.disable();
          context.disable();
          propagation.disable();
        })),
  };
}

function samplerOf(sdk: typeof TraceSdk, setting: SamplerSetting): TraceSdk.Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = sdk;
  switch (setting.name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(setting.ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(setting.ratio) });
  }
}

/** The startup report's line: where spans go, never credentials in the URL or headers. */
function describe(settings: TracingSettings): string {
  const url = new URL(settings.url);
  const ratio = settings.sampler.name.endsWith('traceidratio') ? ` ${settings.sampler.ratio}` : '';
  return (
    `tracing: OTLP/HTTP to ${url.origin}${url.pathname} as service "${settings.serviceName}", ` +
    `sampler ${settings.sampler.name}${ratio}`
  );
}
