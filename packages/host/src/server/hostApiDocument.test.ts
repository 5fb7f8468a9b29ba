import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HOST_API,
  HOST_ROUTES_OUTSIDE_API,
  renderHostApiOpenApi,
  type ApiRoute,
} from '@dealix/connector-core';
import {
  TOKENS,
  startHarness,
  type HostHarness,
  ACME_ECHO_AND_PAYMENTS,
} from '../__fixtures__/hostHarness';

// Issue 16: one source for the host API's schemas (core's HOST_API); the host validates with
// them, serves the OpenAPI document generated from them, and serves exactly those routes.
const COMMITTED = join(__dirname, '..', '..', '..', '..', 'docs', 'host-api.openapi.json');

describe('the host API document and the routes it describes', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: ACME_ECHO_AND_PAYMENTS,
    });
  });
  afterAll(() => h?.stop());

  it('serves the document generated from the schemas, equal to the committed copy', async () => {
    const served = await h.call('GET', '/api/v1/openapi.json', { token: TOKENS.vic });
    expect(served.status).toBe(200);
    expect(served.json).toEqual(renderHostApiOpenApi());
    expect(served.json).toEqual(JSON.parse(readFileSync(COMMITTED, 'utf8')));
  });

  it('serves every route of the document, with the permission it states, and no other API route', () => {
    const served = h.host.routes.filter((r) => r.method !== 'HEAD');
    const key = (method: string, path: string) => `${method} ${path}`;
    const documented = new Map(
      (Object.values(HOST_API) as ApiRoute[]).map((r) => [key(r.method, r.path), r.permission]),
    );
    const outside = new Set(HOST_ROUTES_OUTSIDE_API.map((r) => key(r.method, r.path)));
    const undocumented = served
      .map((r) => key(r.method, r.url))
      .filter((k) => !documented.has(k) && !outside.has(k));
    expect(undocumented).toEqual([]);
    for (const [route, permission] of documented) {
      const scoped = served.find((r) => key(r.method, r.url) === route);
      expect({
        route,
        scope: scoped?.scope.access === 'public' ? 'public' : scoped?.scope.permission,
      }).toEqual({ route, scope: permission });
    }
  });

  it("refuses a query or body that does not fit the route's schema, naming the field", async () => {
    const status = await h.call('GET', '/api/v1/tenants/acme/approvals?status=maybe', {
      token: TOKENS.vic,
    });
    expect(status.status).toBe(400);
    expect(status.json.error).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      message: expect.stringMatching(/^the query does not fit the API: status: /),
    });
    const deny = await h.call('POST', '/api/v1/tenants/acme/approvals/apr_x/deny', {
      token: TOKENS.bob,
      body: { reason: '   ' },
    });
    expect(deny.json.error).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      message: expect.stringContaining('reason'),
    });
    const page = await h.call('GET', '/api/v1/tenants/acme/events?limit=0', {
      token: TOKENS.vic,
    });
    expect(page.json.error.message).toContain('limit: must be an integer from 1');
    const notObject = await h.call(
      'POST',
      '/api/v1/tenants/acme/connectors/good_echo/operations/echo',
      { token: TOKENS.alice, body: ['hi'] },
    );
    expect(notObject.json.error).toMatchObject({ code: 'DLX_E_RUNTIME_INPUT_INVALID' });
  });
});
