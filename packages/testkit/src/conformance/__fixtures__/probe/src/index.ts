import {
  defineConnector,
  defineOperation,
  personal,
  secret,
  verifyHmacSignature,
  z,
  type GovernedRequest,
  type InboundWebhook,
  type OperationContext,
  type WebhookContext,
  type WebhookOutcome,
} from '@dealix/connector-core';

// A complete small connector for the conformance suite's own tests: a ticketing API served by
// the generic simulator (see ../../probeVendor.ts).
const config = z.object({
  base_url: z.url(),
  api_key: secret(z.string().min(1)),
  workspace: z.string().min(1),
  default_priority: z.enum(['low', 'normal', 'high']).default('normal'),
  webhook_secret: secret(z.string().min(1)),
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

const ticketEvent = z.object({ id: z.string(), ticket_id: z.string(), status: z.string() });

/** `X-Probe-Signature`: hex HMAC-SHA256 of the raw body; the event id de-duplicates. */
function verifyWebhook(
  req: InboundWebhook,
  ctx: WebhookContext<z.output<typeof config>, unknown>,
): WebhookOutcome {
  const genuine = verifyHmacSignature({
    algorithm: 'sha256',
    encoding: 'hex',
    secret: ctx.config.webhook_secret,
    payload: req.rawBody,
    signature: req.headers['x-probe-signature'],
  });
  if (!genuine) return { kind: 'rejected', reason: 'signature_invalid', message: 'no match' };
  const event = ticketEvent.safeParse(JSON.parse(req.rawBody.toString('utf8')));
  if (!event.success) return { kind: 'rejected', reason: 'malformed', message: 'not an event' };
  return {
    kind: 'accepted',
    events: [{ id: event.data.id, type: 'ticket_updated', payload: event.data }],
  };
}

export const connector = defineConnector({
  key: 'conformance_probe',
  config,
  http: {
    idempotencyHeader: 'Idempotency-Key',
    requestIdHeaders: ['x-request-id'],
    sensitiveHeaders: ['x-probe-signature'],
  },
  verifyWebhook,
  operations: {
    get_ticket: defineOperation({
      input: ticketRef,
      output: ticket,
      run: (input, ctx: Ctx) => {
        // A metric the manifest declares: recorded through ctx.metrics, never refused.
        ctx.metrics.increment('probe_tickets_read_total');
        return vendor(ctx, { url: `/tickets/${encodeURIComponent(input.ticket_id)}` });
      },
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
