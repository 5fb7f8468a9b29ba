import Fastify from 'fastify';
import { PrincipalDirectory } from '../../auth/principals';
import {
  HARNESS_TOKENS,
  TOKENS,
  startHarness,
  type HostHarness,
  GOOD_PAYMENTS,
} from '../../__fixtures__/hostHarness';
import { installRouteScopes } from './installRouteScopes';

// Item "tokens are scoped to tenants": every route declares its scope, and the whole route
// table is walked with every role's token scoped to another tenant.
const SCOPED = {
  viewer: 'tok_acme_viewer_000000000000000000000000',
  operator: 'tok_acme_operator_0000000000000000000000',
  approver: 'tok_acme_approver_0000000000000000000000',
  admin: 'tok_acme_admin_000000000000000000000000000',
} as const;
const GLOBEX_ADMIN = 'tok_globex_admin_000000000000000000000000';

describe('route scopes', () => {
  it('refuse to build an app with a route that declares no scope', async () => {
    const app = Fastify();
    installRouteScopes(app, {
      directory: new PrincipalDirectory([]),
      openReads: false,
      publicHost: null,
      tenants: new Set(),
    });
    expect(() => app.get('/api/v1/new-thing', async () => ({}))).toThrow(
      /route GET \/api\/v1\/new-thing declares no access scope/,
    );
    await app.close();
  });
});

describe('every route × every role × a foreign tenant', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: {
        acme: { connectors: { good_echo: {} } },
        globex: {
          connectors: {
            good_echo: {},
            good_payments: GOOD_PAYMENTS,
          },
        },
      },
      extraConfig: {
        tokens: [
          ...HARNESS_TOKENS,
          ...Object.keys(SCOPED).map((role) => ({
            name: `acme-${role}`,
            roles: [role],
            tenants: ['acme'],
            token: { env: `TOK_ACME_${role.toUpperCase()}` },
          })),
          { name: 'globex-admin', roles: ['admin'], tenants: ['globex'], token: { env: 'TOK_GX' } },
        ],
      },
      env: {
        ...Object.fromEntries(
          Object.entries(SCOPED).map(([role, token]) => [`TOK_ACME_${role.toUpperCase()}`, token]),
        ),
        TOK_GX: GLOBEX_ADMIN,
      },
    });
  });
  afterAll(() => h.stop());

  it('has a public route only where no token can exist (vendors, probes, a redirect)', () => {
    const open = h.host.routes
      .filter((r) => r.scope.access === 'public')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(open).toEqual([
      'GET /',
      'GET /readyz',
      'GET /webhooks/:tenant/:key',
      'HEAD /',
      'HEAD /readyz',
      'HEAD /webhooks/:tenant/:key',
      'POST /webhooks/:tenant/:key',
    ]);
  });

  it('refuses every role scoped to acme on every route that touches globex or every tenant', async () => {
    const walked: string[] = [];
    for (const route of h.host.routes) {
      if (route.scope.access === 'public' || route.scope.tenant.kind === 'none') continue;
      let path = route.url.replace(/:(\w+)/g, (_m, name: string) =>
        route.scope.access === 'token' &&
        route.scope.tenant.kind === 'param' &&
        route.scope.tenant.param === name
          ? 'globex'
          : 'x',
      );
      if (route.scope.tenant.kind === 'filter') path += `?${route.scope.tenant.query}=globex`;
      for (const [role, token] of Object.entries(SCOPED)) {
        const res = await h.call(route.method, path, {
          token,
          ...(route.method === 'POST' && { body: { text: 'x', amount: 1, payer_email: 'a@b.c' } }),
        });
        if (route.method === 'HEAD') {
          expect([route.method, path, role, res.status]).toEqual([route.method, path, role, 403]);
          continue;
        }
        expect([route.method, path, role, res.status, res.json?.error?.code]).toEqual([
          route.method,
          path,
          role,
          403,
          'DLX_E_HOST_TENANT_FORBIDDEN',
        ]);
      }
      const anonymous = await h.call(route.method, path);
      expect([path, anonymous.status]).toEqual([path, 401]);
      walked.push(`${route.method} ${route.url}`);
    }
    // The walk covered the tenant routes this host serves (routes added later join it).
    expect(walked).toEqual(
      expect.arrayContaining([
        'POST /api/v1/tenants/:tenant/connectors/:key/operations/:op',
        'POST /api/v1/tenants/:tenant/connectors/:key/operations/:op/compensate',
        'GET /api/v1/tenants/:tenant/approvals',
        'GET /api/v1/tenants/:tenant/approvals/:id',
        'POST /api/v1/tenants/:tenant/approvals/:id/grant',
        'POST /api/v1/tenants/:tenant/approvals/:id/deny',
        'GET /api/v1/tenants/:tenant/events',
        'GET /api/v1/connectors/governance',
        'GET /board',
        'GET /metrics',
        'GET /healthz',
      ]),
    );
    // Nothing happened to globex: no call, no approval request, no audit record.
    expect(await h.host.stores.audit.list({ tenant: 'globex' })).toEqual([]);
    expect(await h.host.runtime.approvals.list('globex')).toEqual([]);
  });

  it('lets a token act on its own tenant, within its role', async () => {
    const echo = (tenant: string, token: string) =>
      h.call('POST', `/api/v1/tenants/${tenant}/connectors/good_echo/operations/echo`, {
        token,
        body: { text: 'hi' },
      });
    expect((await echo('acme', SCOPED.operator)).status).toBe(200);
    expect((await echo('acme', SCOPED.admin)).status).toBe(200);
    expect((await echo('globex', GLOBEX_ADMIN)).status).toBe(200);
    const viewer = await echo('acme', SCOPED.viewer);
    expect([viewer.status, viewer.json.error.code]).toEqual([403, 'DLX_E_HOST_FORBIDDEN']);
  });

  it('answers 404 for a tenant this host does not serve, and 403 first to a token scoped to others', async () => {
    for (const path of ['approvals', 'events', 'audit', 'unknown-outcomes']) {
      const typo = await h.call('GET', `/api/v1/tenants/acmee/${path}`, { token: TOKENS.vic });
      expect([path, typo.status, typo.json.error.code, typo.json.error.message]).toEqual([
        path,
        404,
        'DLX_E_HOST_NOT_FOUND',
        'tenant "acmee" is not configured on this host',
      ]);
      // Whether a tenant exists is not told to a token that may not see it.
      const scoped = await h.call('GET', `/api/v1/tenants/acmee/${path}`, {
        token: SCOPED.viewer,
      });
      expect([path, scoped.status]).toEqual([path, 403]);
    }
    for (const path of ['/api/v1/connectors/governance?tenant=acmee', '/board?tenant=acmee']) {
      const board = await h.call('GET', path, { token: TOKENS.vic });
      expect([path, board.status]).toEqual([path, 404]);
    }
  });

  it('shows the board API and page with only the tenants of the token', async () => {
    const board = await h.call('GET', '/api/v1/connectors/governance', { token: SCOPED.viewer });
    expect(board.json.tenants.map((t: { tenant: string }) => t.tenant)).toEqual(['acme']);
    const all = await h.call('GET', '/api/v1/connectors/governance', { token: TOKENS.vic });
    expect(all.json.tenants.map((t: { tenant: string }) => t.tenant)).toEqual(['acme', 'globex']);
    const page = await h.call('GET', '/board', { token: SCOPED.viewer });
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-tenant="acme"');
    expect(page.text).not.toContain('globex');
  });

  it('serves /metrics and /healthz to a ["*"] token only', async () => {
    for (const path of ['/metrics', '/healthz']) {
      expect((await h.call('GET', path, { token: SCOPED.admin })).status).toBe(403);
      expect((await h.call('GET', path, { token: TOKENS.vic })).status).toBe(200);
    }
  });
});
