import {
  defineConnector,
  defineOperation,
  personal,
  secret,
  z,
  type GovernedRequest,
  type OperationContext,
} from '@dealix/connector-core';

// A complete small connector for the conformance suite's own tests: a ticketing API served by
// the generic simulator (see ../../probeVendor.ts).
const config = z.object({
  base_url: z.url(),
  api_key: secret(z.string().min(1)),
  workspace: z.string().min(1),
  default_priority: z.enum(['low', 'normal', 'high']).default('normal'),
});
type Ctx = OperationContext<z.output<typeof config>, unknown>;

const ticket = z.object({
  id: z.string(),
  subject: z.string(),
  status: z.enum(['open', 'closed']),
  priority: z.enum(['low', 'normal', 'high']),
});
const ticketRef = z.object({ ticket_id: z.string().min(1).max(64) });

async function vendor<T>(ctx: Ctx, req: Omit<GovernedRequest, 'headers'>): Promise<T> {
  const workspace = encodeURIComponent(ctx.config.workspace);
  const res = await ctx.http.request<T>({
    ...req,
    url: `${ctx.config.base_url}/v1/workspaces/${workspace}${req.url}`,
    headers: { authorization: `Bearer ${ctx.config.api_key}` },
  });
  return res.data;
}

export const connector = defineConnector({
  key: 'conformance_probe',
  config,
  http: { idempotencyHeader: 'Idempotency-Key', requestIdHeaders: ['x-request-id'] },
  operations: {
    get_ticket: defineOperation({
      input: ticketRef,
      output: ticket,
      run: (input, ctx: Ctx) =>
        vendor(ctx, { url: `/tickets/${encodeURIComponent(input.ticket_id)}` }),
    }),
    create_ticket: defineOperation({
      input: z.object({
        subject: z.string().min(1).max(200),
        requester_email: personal(z.email()),
        priority: z.enum(['low', 'normal', 'high']).optional(),
      }),
      output: ticket,
      run: (input, ctx: Ctx) =>
        vendor(ctx, {
          method: 'POST',
          url: '/tickets',
          data: { ...input, priority: input.priority ?? ctx.config.default_priority },
        }),
      compensate: ({ output }) => ({ operation: 'close_ticket', input: { ticket_id: output.id } }),
    }),
    close_ticket: defineOperation({
      input: ticketRef,
      output: ticket,
      run: (input, ctx: Ctx) =>
        vendor(ctx, {
          method: 'POST',
          url: `/tickets/${encodeURIComponent(input.ticket_id)}/close`,
        }),
    }),
    send_reply: defineOperation({
      input: ticketRef.extend({ body: personal(z.string().min(1).max(5000)) }),
      output: z.object({ reply_id: z.string() }),
      run: (input, ctx: Ctx) =>
        vendor(ctx, {
          method: 'POST',
          url: `/tickets/${encodeURIComponent(input.ticket_id)}/replies`,
          data: { body: input.body },
        }),
    }),
  },
  healthCheck: async (ctx) => {
    await ctx.http.request({
      url: `${ctx.config.base_url}/v1/me`,
      headers: { authorization: `Bearer ${ctx.config.api_key}` },
    });
    return { status: 'ok' };
  },
});
