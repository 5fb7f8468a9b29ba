import Fastify from 'fastify';
import { DlxError, ERROR_REGISTRY, type ErrorCode } from '@dealix/connector-core';
import { ERROR_OPTIONS, installErrorHandling } from './errorHandling';

// The host's one error path, walked over the whole registry: each code answers its documented
// status in the one shape, and only a genuine internal fault (a non-coded throw) answers 500
// with DLX_E_HOST_INTERNAL.
describe('the one error path', () => {
  const logged: unknown[] = [];
  const app = Fastify({
    ...ERROR_OPTIONS,
    logger: { level: 'error', stream: { write: (line: string) => logged.push(JSON.parse(line)) } },
  });
  installErrorHandling(app);
  app.get<{ Params: { code: string } }>('/throw/:code', async (req) => {
    throw req.params.code === 'plain'
      ? new Error('database handle went away')
      : new DlxError(req.params.code as ErrorCode, `thrown ${req.params.code}`);
  });
  afterAll(() => app.close());

  it.each(Object.entries(ERROR_REGISTRY))('%s answers %o', async (code, def) => {
    const res = await app.inject({ method: 'GET', url: `/throw/${code}` });
    expect(res.statusCode).toBe(def.httpStatus);
    expect(res.json()).toEqual({
      error: { code, kind: def.kind, message: `thrown ${code}`, retryable: def.retryable },
    });
    if (def.httpStatus === 429 || def.httpStatus === 503) {
      expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    }
  });

  it('answers a non-coded error 500 DLX_E_HOST_INTERNAL without its message, and logs it', async () => {
    const res = await app.inject({ method: 'GET', url: '/throw/plain' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('DLX_E_HOST_INTERNAL');
    expect(res.body).not.toContain('database handle');
    expect(JSON.stringify(logged)).toContain('database handle went away');
  });

  it('gives 500 only to faults inside the platform, never to a refusal of the request', () => {
    const fiveHundreds = Object.entries(ERROR_REGISTRY)
      .filter(([, def]) => def.httpStatus === 500)
      .map(([code]) => code);
    for (const code of fiveHundreds) {
      expect(code).toMatch(/^DLX_E_(MANIFEST|LOADER|CONFIG|AUDIT|METRICS|STORE|HOST_INTERNAL)/);
    }
  });
});
