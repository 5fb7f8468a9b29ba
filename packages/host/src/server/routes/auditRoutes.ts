import type { FastifyInstance } from 'fastify';
import { tenantRoute } from '../access/routeScope';
import type { HostContext } from '../hostContext';
import { pageQuery } from './pageQuery';

/**
 * The audit trail read, not only verified: a tenant's records after a seq, oldest first, for
 * its viewers (the chain spans every tenant; a tenant sees its own records and their seqs).
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: HostContext): void {
  app.get<{ Params: { tenant: string }; Querystring: { after?: string; limit?: string } }>(
    '/api/v1/tenants/:tenant/audit',
    { config: tenantRoute('read') },
    async (req) => {
      const { after, limit } = pageQuery(req.query, 'seq');
      const records = await ctx.stores.audit.list({ tenant: req.params.tenant, after, limit });
      return { records, next_after: records.at(-1)?.seq ?? after };
    },
  );
}
