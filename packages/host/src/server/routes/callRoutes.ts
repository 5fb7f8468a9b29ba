import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DlxError, hasErrorCode, type CallResult } from '@dealix/connector-core';
import { tenantRoute } from '../access/routeScope';
import type { HostContext } from '../hostContext';
import { correlationIdOf } from '../inputChecks';

interface CallParams {
  tenant: string;
  key: string;
  op: string;
}

function callerOptions(req: FastifyRequest<{ Querystring: { approval_id?: string } }>) {
  const idem = req.headers['idempotency-key'];
  const approval = req.query.approval_id ?? req.headers['approval-id'];
  return {
    actor: req.principal!.name,
    correlationId: correlationIdOf(req),
    ...(typeof idem === 'string' && { idempotencyKey: idem }),
    ...(typeof approval === 'string' && approval && { approvalId: approval }),
  };
}

/**
 * Runs a call; a repeat whose approval is still pending answers like the first call did (202,
 * the same body) plus `approval_status: "pending"`, so a polling caller needs no special case.
 */
async function answerCall(
  ctx: HostContext,
  tenant: string,
  caller: { approvalId?: string; idempotencyKey?: string },
  run: () => Promise<CallResult>,
): Promise<{ status: number; body: unknown }> {
  try {
    const result = await run();
    return { status: result.status === 'approval_required' ? 202 : 200, body: result };
  } catch (error) {
    const approvalId = caller.approvalId;
    if (!hasErrorCode(error, 'DLX_E_APPROVAL_PENDING') || approvalId === undefined) throw error;
    const record = await ctx.runtime.approvals.get(tenant, approvalId);
    return {
      status: 202,
      body: {
        status: 'approval_required',
        approval_id: record.id,
        expires_at: new Date(record.expires_at).toISOString(),
        correlation_id: record.correlation_id,
        idempotency_key: caller.idempotencyKey ?? null,
        approval_status: 'pending',
      },
    };
  }
}

/** Execute and compensate, and the approval decisions. */
export function registerCallRoutes(app: FastifyInstance, ctx: HostContext): void {
  app.post<{ Params: CallParams; Querystring: { approval_id?: string } }>(
    '/api/v1/tenants/:tenant/connectors/:key/operations/:op',
    { config: tenantRoute('execute') },
    async (req, reply) => {
      const { tenant, key, op } = req.params;
      const caller = callerOptions(req);
      const answer = await answerCall(ctx, tenant, caller, () =>
        ctx.runtime.execute(tenant, key, op, { input: req.body ?? {}, ...caller }),
      );
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.post<{
    Params: CallParams;
    Querystring: { approval_id?: string };
    Body: { input?: unknown };
  }>(
    '/api/v1/tenants/:tenant/connectors/:key/operations/:op/compensate',
    { config: tenantRoute('execute') },
    async (req, reply) => {
      const { tenant, key, op } = req.params;
      const caller = callerOptions(req);
      const answer = await answerCall(ctx, tenant, caller, () =>
        ctx.runtime.compensate(tenant, key, op, { input: req.body?.input, ...caller }),
      );
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get<{ Params: { tenant: string }; Querystring: { status?: string } }>(
    '/api/v1/tenants/:tenant/approvals',
    { config: tenantRoute('read') },
    async (req) => {
      const status = req.query.status;
      const allowed = ['pending', 'granted', 'denied', 'expired', 'used'];
      if (status !== undefined && !allowed.includes(status)) {
        throw new DlxError(
          'DLX_E_RUNTIME_INPUT_INVALID',
          `status "${status}" is not one of ${allowed.join(', ')}`,
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
    { config: tenantRoute('decide') },
    async (req) =>
      ctx.runtime.approvals.grant(req.params.tenant, req.params.id, req.principal!.name),
  );

  app.post<{ Params: { tenant: string; id: string }; Body: { reason?: unknown } }>(
    '/api/v1/tenants/:tenant/approvals/:id/deny',
    { config: tenantRoute('decide') },
    async (req) => {
      const reason = req.body?.reason;
      if (typeof reason !== 'string' || reason.trim() === '') {
        throw new DlxError('DLX_E_RUNTIME_INPUT_INVALID', 'a deny needs a non-empty "reason"');
      }
      return ctx.runtime.approvals.deny(
        req.params.tenant,
        req.params.id,
        req.principal!.name,
        reason,
      );
    },
  );
}
