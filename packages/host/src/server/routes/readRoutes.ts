import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CANONICAL_METRICS,
  HOST_API,
  renderHostApiOpenApi,
  type HostApiAnswer,
} from '@dealix/connector-core';
import { buildBoard } from '../../board/boardData';
import { readApprovalSla } from '../../board/approvalSlaCompliance';
import { connectorHealth } from '../../board/connectorHealth';
import { BOARD_PAGE_CSP, renderBoardPage } from '../../board/boardPage';
import { visibleTenants } from '../access/accessGuard';
import { publicRoute, type RouteScope } from '../access/routeScope';
import { apiInput } from '../apiInput';
import type { HostContext } from '../hostContext';

/** The board shows the tenants of the caller's token; `?tenant=` narrows it to one of them. */
const boardScope: RouteScope = {
  access: 'token',
  permission: 'read',
  tenant: { kind: 'filter', query: 'tenant' },
  openOnLoopback: true,
};
/** Health and metrics describe every tenant at once: a `["*"]` token, or an open loopback read. */
const everyTenant: RouteScope = {
  access: 'token',
  permission: 'read',
  tenant: { kind: 'all' },
  openOnLoopback: true,
};

/** Descriptions of no tenant's data: the metric dictionary, the API document. */
const noTenant: RouteScope = {
  access: 'token',
  permission: 'read',
  tenant: { kind: 'none' },
  openOnLoopback: true,
};

/** Board API and page, health, metrics, the metric dictionary and the API document. */
export function registerReadRoutes(app: FastifyInstance, ctx: HostContext): void {
  const boardFor = (req: FastifyRequest) => {
    const names = visibleTenants(
      req.principal!,
      ctx.tenants.map((t) => t.tenant),
    );
    const only = apiInput(HOST_API.governanceBoard.query, req.query, 'query').tenant;
    return buildBoard(ctx, only === undefined ? names : names.filter((t) => t === only));
  };

  app.get(
    HOST_API.governanceBoard.path,
    { config: { scope: boardScope } },
    async (req): Promise<HostApiAnswer<'governanceBoard', 200>> => ({
      generated_at: new Date().toISOString(),
      // Sync-state columns are the database's (the same from every host); breaker_state, probe
      // and the status computed from them are this host's own view.
      host_id: ctx.hostId,
      egress: { allow_loopback: ctx.config.egress.allow_loopback },
      tenants: await boardFor(req),
    }),
  );

  app.get<{ Querystring: { lang?: string; tenant?: string } }>(
    '/board',
    { config: { scope: boardScope } },
    async (req, reply) => {
      const lang = req.query.lang === 'ar' ? 'ar' : 'en';
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', BOARD_PAGE_CSP)
        .send(
          renderBoardPage(await boardFor(req), lang, new Date(), {
            loopbackEgress: ctx.config.egress.allow_loopback,
            hostId: ctx.hostId,
          }),
        );
    },
  );
  app.get('/', { config: publicRoute('a redirect to /board') }, async (_req, reply) =>
    reply.redirect('/board'),
  );

  app.get(HOST_API.health.path, { config: { scope: everyTenant } }, async (_req, reply) => {
    const entries = ctx.report.entries;
    const count = (o: string) => entries.filter((e) => e.outcome === o).length;
    const status = count('rejected') > 0 || count('degraded') > 0 ? 'degraded' : 'ok';
    const answer: HostApiAnswer<'health', 200> = {
      status,
      core_version: ctx.report.core_version,
      plugins: { ready: count('ready'), degraded: count('degraded'), rejected: count('rejected') },
      entries: entries.map((e) => ({
        key: e.key,
        outcome: e.outcome,
        stage: e.stage,
        reason: withoutPaths(e.reason),
      })),
      notes: ctx.report.notes.map((note) => withoutPaths(note)),
    };
    return reply.code(200).send(answer);
  });

  app.get(HOST_API.metrics.path, { config: { scope: everyTenant } }, async (_req, reply) => {
    // The dictionary's two computed metrics from the same functions as the board's, set just
    // before they are read.
    const tenants = ctx.tenants.map((t) => t.tenant);
    const sla = await readApprovalSla(ctx, tenants);
    const health = connectorHealth(await buildBoard(ctx, tenants, sla));
    for (const [tenant, ratio] of Object.entries(health.tenants)) {
      ctx.runtime.metrics.setHealth(tenant, ratio);
    }
    ctx.runtime.metrics.setHealth('all', health.all);
    for (const [tenant, figure] of Object.entries(sla.tenants)) {
      ctx.runtime.metrics.setApprovalSlaCompliance(tenant, figure.ratio);
    }
    ctx.runtime.metrics.setApprovalSlaCompliance('all', sla.all.ratio);
    return reply.type(ctx.registry.contentType).send(await ctx.registry.metrics());
  });

  app.get(
    HOST_API.metricDictionary.path,
    { config: { scope: noTenant } },
    async (): Promise<HostApiAnswer<'metricDictionary', 200>> => ({
      metrics: [...CANONICAL_METRICS],
    }),
  );

  // Generated from the same schemas the routes validate with (core's HOST_API), on the first
  // request for it rather than at every start (rendering it is ~50 ms of CPU).
  let openApi: ReturnType<typeof renderHostApiOpenApi> | undefined;
  app.get(
    HOST_API.openApi.path,
    { config: { scope: noTenant } },
    async () => (openApi ??= renderHostApiOpenApi()),
  );
}

/**
 * The startup report's text as /healthz shows it: absolute file-system paths (the database,
 * the sandbox keys file, a plugin's folder) become `<path>`. Anyone with a read token sees
 * /healthz; the paths stay in the host's own startup report.
 */
function withoutPaths(text: string): string;
function withoutPaths(text: string | null): string | null;
function withoutPaths(text: string | null): string | null {
  // A slash that starts a path: not inside a URL (after ':' or '/') nor a word or a number.
  return text === null ? null : text.replace(/(?<![\w:/.~-])\/[^\s()'",;]+/g, '<path>');
}
