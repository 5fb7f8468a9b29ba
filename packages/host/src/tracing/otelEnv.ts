import { DlxError } from '@dealix/connector-core';

/** What the host exports traces with, read from the standard OTEL_* variables. */
export interface TracingSettings {
  /** OTLP/HTTP traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or ..._ENDPOINT + /v1/traces. */
  url: string;
  /** OTEL_EXPORTER_OTLP_HEADERS and ..._TRACES_HEADERS (the latter wins per name). */
  headers: Record<string, string>;
  /** OTEL_SERVICE_NAME; default dealix-connector-host. */
  serviceName: string;
  sampler: SamplerSetting;
}

export type SamplerName = (typeof SAMPLERS)[number];

export interface SamplerSetting {
  name: SamplerName;
  /** For the ratio samplers: OTEL_TRACES_SAMPLER_ARG, 0..1 (default 1). */
  ratio: number;
}

const SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

export const DEFAULT_SERVICE_NAME = 'dealix-connector-host';

/**
 * Tracing settings from the environment, or undefined when tracing is off: off unless an OTLP
 * endpoint is set, and off when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. A value the
 * host cannot use is DLX_E_CONFIG_INVALID naming the variable, its value and what is allowed.
 */
export function tracingSettingsFrom(env: NodeJS.ProcessEnv): TracingSettings | undefined {
  if (value(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const exporter = value(env, 'OTEL_TRACES_EXPORTER');
  if (exporter === 'none') return undefined;
  if (exporter !== undefined && exporter !== 'otlp') {
    throw invalid('OTEL_TRACES_EXPORTER', exporter, '"otlp" or "none"');
  }
  const url = tracesUrl(env);
  if (url === undefined) return undefined;
  for (const name of ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) {
    const protocol = value(env, name);
    if (protocol !== undefined && protocol !== 'http/json') {
      throw invalid(name, protocol, '"http/json" (the host exports OTLP as JSON over HTTP)');
    }
  }
  return {
    url,
    headers: {
      ...headersFrom(env, 'OTEL_EXPORTER_OTLP_HEADERS'),
      ...headersFrom(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
    },
    serviceName: value(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME,
    sampler: samplerFrom(env),
  };
}

function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const specific = value(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (specific !== undefined) return httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific).href;
  const base = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return undefined;
  const url = httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.href;
}

function httpUrl(name: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(name, text, 'an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(name, text, 'an http:// or https:// URL');
  }
  return url;
}

/** `name=value,name2=value2`, values URL-encoded (the OTLP exporter convention). */
function headersFrom(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
  const text = value(env, name);
  if (text === undefined) return {};
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      // The value is likely a credential: the message names the variable, never the text.
      throw invalid(name, '(not shown)', 'comma-separated name=value pairs with header names');
    }
    try {
      headers[key.toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      throw invalid(name, '(not shown)', 'URL-encoded header values');
    }
  }
  return headers;
}

function samplerFrom(env: NodeJS.ProcessEnv): SamplerSetting {
  const given = value(env, 'OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  const name = SAMPLERS.find((s) => s === given);
  if (name === undefined) throw invalid('OTEL_TRACES_SAMPLER', given, SAMPLERS.join(', '));
  const arg = value(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (!name.endsWith('traceidratio') || arg === undefined) return { name, ratio: 1 };
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw invalid('OTEL_TRACES_SAMPLER_ARG', arg, 'a number from 0 to 1');
  }
  return { name, ratio };
}

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = env[name]?.trim();
  return text === undefined || text === '' ? undefined : text;
}

function invalid(name: string, given: string, allowed: string): DlxError {
  return new DlxError(
    'DLX_E_CONFIG_INVALID',
    `${name} is ${JSON.stringify(given)}; allowed: ${allowed}`,
    { details: { variable: name } },
  );
}
