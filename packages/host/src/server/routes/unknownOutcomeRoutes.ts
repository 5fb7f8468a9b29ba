import type { FastifyInstance } from 'fastify';
import { DlxError } from '@dealix/connector-core';
import { tenantRoute } from '../access/routeScope';
import type { HostContext } from '../hostContext';

const STATUSES = ['unresolved', 'resolved', 'all'] as const;
type Status = (typeof STATUSES)[number];

/**
 * Unknown outcomes: calls that may have reached the vendor with no known result. Viewers list
 * them; an approver resolves one (succeeded with the output the vendor shows, or failed), with
 * a note saying why. The runtime audits the resolution with the approver's name.
 */
export function registerUnknownOutcomeRoutes(app: FastifyInstance, ctx: HostContext): void {
  app.get<{ Params: { tenant: string }; Querystring: { status?: string } }>(
    '/api/v1/tenants/:tenant/unknown-outcomes',
    { config: tenantRoute('read') },
    async (req) => {
      const status = req.query.status ?? 'unresolved';
      if (!(STATUSES as readonly string[]).includes(status)) {
        throw new DlxError(
          'DLX_E_RUNTIME_INPUT_INVALID',
          `status "${status}" is not one of ${STATUSES.join(', ')}`,
        );
      }
      const outcomes = await ctx.runtime.unknownOutcomes.list(req.params.tenant, status as Status);
      return { unknown_outcomes: outcomes };
    },
  );

  app.post<{
    Params: { tenant: string; id: string };
    Body: { outcome?: unknown; output?: unknown; note?: unknown } | undefined;
  }>(
    '/api/v1/tenants/:tenant/unknown-outcomes/:id/resolve',
    { config: tenantRoute('decide') },
    async (req) => {
      const body = req.body ?? {};
      return ctx.runtime.unknownOutcomes.resolve(
        req.params.tenant,
        req.params.id,
        { outcome: body.outcome, output: body.output, note: body.note },
        req.principal!.name,
      );
    },
  );
}
