import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DlxError } from '@dealix/connector-core';
import { guard } from '../authGuard';
import type { HostContext } from '../hostContext';
import { replyError } from '../replyError';

interface CallParams {
  tenant: string;
  key: string;
  op: string;
}

function callerOptions(req: FastifyRequest<{ Querystring: { approval_id?: string } }>) {
  const idem = req.headers['idempotency-key'];
  const approval = req.query.approval_id ?? req.headers['approval-id'];
  const correlation = req.headers['x-correlation-id'];
  return {
    actor: req.principal!.name,
    correlationId: typeof correlation === 'string' && correlation ? correlation : req.id,
    ...(typeof idem === 'string' && { idempotencyKey: idem }),
    ...(typeof approval === 'string' && approval && { approvalId: approval }),
  };
}

/** Execute and compensate, and the approval decisions. */
export function registerCallRoutes(app: FastifyInstance, ctx: HostContext): void {
  const opts = { directory: ctx.directory, openReads: false };
  const execute = guard(opts, 'execute');
  const decide = guard(opts, 'decide');
  const read = guard(opts, 'read');

  app.post<{ Params: CallParams; Querystring: { approval_id?: string } }>(
    '/api/v1/tenants/:tenant/connectors/:key/operations/:op',
    { preHandler: execute },
    async (req, reply) => {
      try {
        const { tenant, key, op } = req.params;
        const result = await ctx.runtime.execute(tenant, key, op, {
          input: req.body ?? {},
          ...callerOptions(req),
        });
        return reply.code(result.status === 'approval_required' ? 202 : 200).send(result);
      } catch (error) {
        return replyError(reply, error);
      }
    },
  );

  app.post<{
    Params: CallParams;
    Querystring: { approval_id?: string };
    Body: { input?: unknown };
  }>(
    '/api/v1/tenants/:tenant/connectors/:key/operations/:op/compensate',
    { preHandler: execute },
    async (req, reply) => {
      try {
        const { tenant, key, op } = req.params;
        const result = await ctx.runtime.compensate(tenant, key, op, {
          input: req.body?.input,
          ...callerOptions(req),
        });
        return reply.code(result.status === 'approval_required' ? 202 : 200).send(result);
      } catch (error) {
        return replyError(reply, error);
      }
    },
  );

  app.get<{ Params: { tenant: string }; Querystring: { status?: string } }>(
    '/api/v1/tenants/:tenant/approvals',
    { preHandler: read },
    async (req, reply) => {
      const status = req.query.status;
      const allowed = ['pending', 'granted', 'denied', 'expired', 'used'];
      if (status !== undefined && !allowed.includes(status)) {
        return replyError(
          reply,
          new DlxError(
            'DLX_E_RUNTIME_INPUT_INVALID',
            `status "${status}" is not one of ${allowed.join(', ')}`,
          ),
        );
      }
      const approvals = await ctx.runtime.approvals.list(
        req.params.tenant,
        status as Parameters<typeof ctx.runtime.approvals.list>[1],
      );
      return { approvals };
    },
  );

  app.post<{ Params: { tenant: string; id: string } }>(
    '/api/v1/tenants/:tenant/approvals/:id/grant',
    { preHandler: decide },
    async (req, reply) => {
      try {
        return await ctx.runtime.approvals.grant(
          req.params.tenant,
          req.params.id,
          req.principal!.name,
        );
      } catch (error) {
        return replyError(reply, error);
      }
    },
  );

  app.post<{ Params: { tenant: string; id: string }; Body: { reason?: unknown } }>(
    '/api/v1/tenants/:tenant/approvals/:id/deny',
    { preHandler: decide },
    async (req, reply) => {
      const reason = req.body?.reason;
      if (typeof reason !== 'string' || reason.trim() === '') {
        return replyError(
          reply,
          new DlxError('DLX_E_RUNTIME_INPUT_INVALID', 'a deny needs a non-empty "reason"'),
        );
      }
      try {
        return await ctx.runtime.approvals.deny(
          req.params.tenant,
          req.params.id,
          req.principal!.name,
          reason,
        );
      } catch (error) {
        return replyError(reply, error);
      }
    },
  );
}
