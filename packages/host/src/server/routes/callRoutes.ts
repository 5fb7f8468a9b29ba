import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  HOST_API,
  hasErrorCode,
  type CallResult,
  type HostApiAnswer,
} from '@dealix/connector-core';
import { tenantRoute } from '../access/routeScope';
import { apiInput } from '../apiInput';
import type { HostContext } from '../hostContext';
import { correlationIdOf } from '../inputChecks';

interface CallParams {
  tenant: string;
  key: string;
  op: string;
}

type CallAnswer =
  | { status: 200; body: HostApiAnswer<'executeOperation', 200> }
  | {
      status: 202;
      body: HostApiAnswer<'executeOperation', 202>;
    };

function callerOptions(req: FastifyRequest) {
  const idem = req.headers['idempotency-key'];
  const query = apiInput(HOST_API.executeOperation.query, req.query, 'query');
  const approval = query.approval_id ?? req.headers['approval-id'];
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
): Promise<CallAnswer> {
  try {
    const result = await run();
    return result.status === 'approval_required'
      ? { status: 202, body: result }
      : { status: 200, body: result };
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

/** Execute and compensate, and the approval decisions (schemas: core's HOST_API). */
export function registerCallRoutes(app: FastifyInstance, ctx: HostContext): void {
  app.post<{ Params: CallParams }>(
    HOST_API.executeOperation.path,
    { config: tenantRoute('execute') },
    async (req, reply) => {
      const { tenant, key, op } = req.params;
      const caller = callerOptions(req);
      const input = apiInput(HOST_API.executeOperation.body, req.body ?? {}, 'body');
      const answer = await answerCall(ctx, tenant, caller, () =>
        ctx.runtime.execute(tenant, key, op, { input, ...caller }),
      );
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.post<{ Params: CallParams }>(
    HOST_API.compensateOperation.path,
    { config: tenantRoute('execute') },
    async (req, reply) => {
      const { tenant, key, op } = req.params;
      const caller = callerOptions(req);
      const body = apiInput(HOST_API.compensateOperation.body, req.body ?? {}, 'body');
      const answer = await answerCall(ctx, tenant, caller, () =>
        ctx.runtime.compensate(tenant, key, op, { input: body.input, ...caller }),
      );
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get<{ Params: { tenant: string } }>(
    HOST_API.listApprovals.path,
    { config: tenantRoute('read') },
    async (req): Promise<HostApiAnswer<'listApprovals', 200>> => {
      const { status } = apiInput(HOST_API.listApprovals.query, req.query, 'query');
      return { approvals: await ctx.runtime.approvals.list(req.params.tenant, status) };
    },
  );

  app.get<{ Params: { tenant: string; id: string } }>(
    HOST_API.getApproval.path,
    { config: tenantRoute('read') },
    async (req): Promise<HostApiAnswer<'getApproval', 200>> =>
      ctx.runtime.approvals.get(req.params.tenant, req.params.id),
  );

  app.post<{ Params: { tenant: string; id: string } }>(
    HOST_API.grantApproval.path,
    { config: tenantRoute('decide') },
    async (req): Promise<HostApiAnswer<'grantApproval', 200>> =>
      ctx.runtime.approvals.grant(req.params.tenant, req.params.id, req.principal!.name),
  );

  app.post<{ Params: { tenant: string; id: string } }>(
    HOST_API.denyApproval.path,
    { config: tenantRoute('decide') },
    async (req): Promise<HostApiAnswer<'denyApproval', 200>> => {
      const { reason } = apiInput(HOST_API.denyApproval.body, req.body ?? {}, 'body');
      return ctx.runtime.approvals.deny(
        req.params.tenant,
        req.params.id,
        req.principal!.name,
        reason,
      );
    },
  );
}
