import type { FastifyInstance } from 'fastify';
import { HOST_API, type HostApiAnswer } from '@dealix/connector-core';
import { tenantRoute } from '../access/routeScope';
import { apiInput } from '../apiInput';
import type { HostContext } from '../hostContext';

/**
 * The audit trail read, not only verified: a tenant's records after a seq, oldest first, for
 * its viewers (the chain spans every tenant; a tenant sees its own records and their seqs).
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: HostContext): void {
  app.get<{ Params: { tenant: string } }>(
    HOST_API.listAudit.path,
    { config: tenantRoute('read') },
    async (req): Promise<HostApiAnswer<'listAudit', 200>> => {
      const { after = 0, limit = 100 } = apiInput(HOST_API.listAudit.query, req.query, 'query');
      const records = await ctx.stores.audit.list({ tenant: req.params.tenant, after, limit });
      return { records, next_after: records.at(-1)?.seq ?? after };
    },
  );
}
