import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { HOST_API, type ApiRoute } from './hostApiRoutes';
import { openApiPath, renderHostApiOpenApi, renderHostApiOpenApiText } from './hostApiOpenApi';
import { cursorPageQuerySchema, pageQuerySchema } from './pageQuerySchema';
import { resolveBodySchema } from './unknownOutcomeSchemas';
import { callAnswerSchema } from './callSchemas';

const COMMITTED = join(__dirname, '../../../../docs/host-api.openapi.json');

type Operation = {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

describe('the host API document', () => {
  it('is committed as docs/host-api.openapi.json, current (run `npm run generate` after a change)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(renderHostApiOpenApiText());
  });

  it('describes every route of HOST_API with its path parameters, body and answers', () => {
    const doc = renderHostApiOpenApi() as { paths: Record<string, Record<string, Operation>> };
    const routes = Object.entries(HOST_API) as Array<[string, ApiRoute]>;
    for (const [id, route] of routes) {
      const op = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      expect(op?.operationId).toBe(id);
      const pathParams = [...route.path.matchAll(/:([a-z_]+)/g)].map((m) => m[1]);
      expect(op!.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? []).toEqual(
        pathParams,
      );
      expect(op!.requestBody !== undefined).toBe(route.body !== undefined);
      expect(Object.keys(op!.responses).sort()).toEqual(
        [...Object.keys(route.responses), 'default'].sort(),
      );
    }
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations).toHaveLength(routes.length);
  });
});

describe('the request schemas the host validates with', () => {
  it('reads any whole number as a page cursor and limit, capping the limit at 1000 (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 1e9 }), (after, limit) => {
        expect(pageQuerySchema.parse({ after: String(after), limit: String(limit) })).toEqual({
          after,
          limit: Math.min(limit, 1000),
        });
      }),
    );
  });

  it('refuses a cursor or limit that is not a whole number in range (property)', () => {
    const notWhole = fc.string().filter((s) => !/^\d+$/.test(s));
    fc.assert(
      fc.property(notWhole, (text) => {
        expect(pageQuerySchema.safeParse({ after: text }).success).toBe(false);
        expect(pageQuerySchema.safeParse({ limit: text }).success).toBe(false);
      }),
    );
    expect(pageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(pageQuerySchema.parse({})).toEqual({});
  });

  it('passes an outbox cursor through as the opaque string it is, and bounds its length (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (cursor) => {
        expect(cursorPageQuerySchema.parse({ after: cursor })).toEqual({ after: cursor });
      }),
    );
    expect(cursorPageQuerySchema.parse({ after: '' })).toEqual({ after: undefined });
    expect(cursorPageQuerySchema.safeParse({ after: 'x'.repeat(65) }).success).toBe(false);
    expect(cursorPageQuerySchema.parse({ limit: '5000' })).toEqual({ limit: 1000 });
  });

  it('takes a resolution as succeeded with an output, or failed, each with a note', () => {
    expect(resolveBodySchema.parse({ outcome: 'failed', note: 'refunded by hand' })).toEqual({
      outcome: 'failed',
      note: 'refunded by hand',
    });
    for (const bad of [
      { outcome: 'failed' },
      { outcome: 'maybe', note: 'x' },
      { outcome: 'failed', note: '  ' },
      { outcome: 'failed', note: 'x', output: {} },
    ]) {
      expect(resolveBodySchema.safeParse(bad).success).toBe(false);
    }
  });

  it('tells an answer that ran from one that waits for approval by its status', () => {
    const waiting = callAnswerSchema.parse({
      status: 'approval_required',
      approval_id: 'apr_1',
      expires_at: '2026-01-01T00:00:00.000Z',
      correlation_id: 'c1',
      idempotency_key: 'order-1',
      approval_status: 'pending',
    });
    expect(waiting.status).toBe('approval_required');
    expect(callAnswerSchema.safeParse({ status: 'ok' }).success).toBe(false);
  });
});
