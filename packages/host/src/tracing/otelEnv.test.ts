import fc from 'fast-check';
import { isDlxError } from '@dealix/connector-core';
import { tracingSettingsFrom } from './otelEnv';

const ENDPOINT = 'http://127.0.0.1:4318';

describe('tracing settings from OTEL_* variables', () => {
  it('is off unless an endpoint is set, and when disabled or told "none"', () => {
    expect(tracingSettingsFrom({})).toBeUndefined();
    expect(tracingSettingsFrom({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' })).toBe(
      undefined,
    );
    expect(
      tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_SDK_DISABLED: 'true' }),
    ).toBeUndefined();
    expect(
      tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_TRACES_EXPORTER: 'none' }),
    ).toBeUndefined();
  });

  it('appends /v1/traces to the base endpoint and takes the traces endpoint as it is', () => {
    expect(tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: `${ENDPOINT}/otel/` })).toEqual({
      url: `${ENDPOINT}/otel/v1/traces`,
      headers: {},
      serviceName: 'dealix-connector-host',
      sampler: { name: 'parentbased_always_on', ratio: 1 },
    });
    expect(
      tracingSettingsFrom({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${ENDPOINT}/custom`,
      })?.url,
    ).toBe(`${ENDPOINT}/custom`);
  });

  it('reads the service name, the sampler and its ratio, and the exporter headers', () => {
    expect(
      tracingSettingsFrom({
        OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT,
        OTEL_SERVICE_NAME: 'connectors-eu',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=blue,authorization=Bearer%20abc',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=green',
      }),
    ).toMatchObject({
      serviceName: 'connectors-eu',
      sampler: { name: 'parentbased_traceidratio', ratio: 0.25 },
      headers: { 'x-team': 'green', authorization: 'Bearer abc' },
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' },
      'OTEL_TRACES_SAMPLER_ARG',
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
  ])('refuses %j with DLX_E_CONFIG_INVALID naming %s', (env, variable) => {
    expect(() => tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, ...env })).toThrow(
      expect.objectContaining({ code: 'DLX_E_CONFIG_INVALID', details: { variable } }),
    );
  });

  it('never shows a header value in its refusal', () => {
    expect(() =>
      tracingSettingsFrom({
        OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT,
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=sekret%ZZ',
      }),
    ).toThrow(expect.not.objectContaining({ message: expect.stringContaining('sekret') }));
  });

  it('answers any environment with settings, off, or a coded error: never another throw', () => {
    const names = [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'OTEL_EXPORTER_OTLP_HEADERS',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
      'OTEL_SERVICE_NAME',
      'OTEL_TRACES_EXPORTER',
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.string()), (env) => {
        try {
          const settings = tracingSettingsFrom(env);
          if (settings !== undefined) expect(new URL(settings.url).pathname).not.toBe('');
        } catch (error) {
          expect(isDlxError(error) && error.code === 'DLX_E_CONFIG_INVALID').toBe(true);
        }
      }),
    );
  });
});
