import type { FastifyInstance } from 'fastify';
import { METRIC_DICTIONARY } from '@dealix/connector-core';
import { buildBoard } from '../../board/boardData';
import { renderBoardPage } from '../../board/boardPage';
import { guard } from '../authGuard';
import type { HostContext } from '../hostContext';

/** Board API and page, health, metrics and the metric dictionary. */
export function registerReadRoutes(app: FastifyInstance, ctx: HostContext): void {
  const read = guard({ directory: ctx.directory, openReads: ctx.openReads }, 'read');

  app.get<{ Querystring: { tenant?: string } }>(
    '/api/v1/connectors/governance',
    { preHandler: read },
    async (req) => {
      const tenants = await buildBoard(ctx, req.query.tenant);
      return { generated_at: new Date().toISOString(), tenants };
    },
  );

  app.get<{ Querystring: { lang?: string; tenant?: string } }>(
    '/board',
    { preHandler: read },
    async (req, reply) => {
      const lang = req.query.lang === 'ar' ? 'ar' : 'en';
      const tenants = await buildBoard(ctx, req.query.tenant);
      return reply
        .type('text/html; charset=utf-8')
        .send(renderBoardPage(tenants, lang, new Date()));
    },
  );
  app.get('/', async (_req, reply) => reply.redirect('/board'));

  app.get('/healthz', { preHandler: read }, async (_req, reply) => {
    const entries = ctx.report.entries;
    const count = (o: string) => entries.filter((e) => e.outcome === o).length;
    const status = count('rejected') > 0 || count('degraded') > 0 ? 'degraded' : 'ok';
    return reply.code(200).send({
      status,
      core_version: ctx.report.core_version,
      plugins: { ready: count('ready'), degraded: count('degraded'), rejected: count('rejected') },
      entries: entries.map((e) => ({
        key: e.key,
        outcome: e.outcome,
        stage: e.stage,
        reason: e.reason,
      })),
      notes: ctx.report.notes,
    });
  });

  app.get('/metrics', { preHandler: read }, async (_req, reply) => {
    await ctx.runtime.boardFor(); // refreshes connector_health before it is read
    return reply.type(ctx.registry.contentType).send(await ctx.registry.metrics());
  });

  app.get('/api/v1/metric-dictionary', { preHandler: read }, async () => ({
    metrics: METRIC_DICTIONARY.map(([name, definition, source, owner]) => ({
      name,
      definition,
      source,
      owner,
    })),
  }));
}
