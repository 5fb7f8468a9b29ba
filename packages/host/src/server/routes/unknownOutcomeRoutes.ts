import type { FastifyInstance } from 'fastify';
import { HOST_API, type HostApiAnswer } from '@dealix/connector-core';
import { tenantRoute } from '../access/routeScope';
import { apiInput } from '../apiInput';
import type { HostContext } from '../hostContext';

/**
 * Unknown outcomes: calls that may have reached the vendor with no known result. Viewers list
 * them or read one by its id; an approver resolves one (succeeded with the output the vendor shows, or failed), with
 * a note saying why. The runtime audits the resolution with the approver's name.
 */
export function registerUnknownOutcomeRoutes(app: FastifyInstance, ctx: HostContext): void {
  app.get<{ Params: { tenant: string } }>(
    HOST_API.listUnknownOutcomes.path,
    { config: tenantRoute('read') },
    async (req): Promise<HostApiAnswer<'listUnknownOutcomes', 200>> => {
      const query = apiInput(HOST_API.listUnknownOutcomes.query, req.query, 'query');
      const outcomes = await ctx.runtime.unknownOutcomes.list(
        req.params.tenant,
        query.status ?? 'unresolved',
      );
      return { unknown_outcomes: outcomes };
    },
  );

  app.get<{ Params: { tenant: string; id: string } }>(
    HOST_API.getUnknownOutcome.path,
    { config: tenantRoute('read') },
    async (req): Promise<HostApiAnswer<'getUnknownOutcome', 200>> =>
      ctx.runtime.unknownOutcomes.get(req.params.tenant, req.params.id),
  );

  app.post<{ Params: { tenant: string; id: string } }>(
    HOST_API.resolveUnknownOutcome.path,
    { config: tenantRoute('decide') },
    async (req): Promise<HostApiAnswer<'resolveUnknownOutcome', 200>> => {
      const body = apiInput(HOST_API.resolveUnknownOutcome.body, req.body ?? {}, 'body');
      return ctx.runtime.unknownOutcomes.resolve(
        req.params.tenant,
        req.params.id,
        body,
        req.principal!.name,
      );
    },
  );
}
