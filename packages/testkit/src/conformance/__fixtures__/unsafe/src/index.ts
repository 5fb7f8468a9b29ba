import { trace } from '@opentelemetry/api';
import {
  DlxError,
  defineConnector,
  defineOperation,
  isDlxError,
  personal,
  secret,
  z,
  type GovernedRequest,
  type OperationContext,
} from '@dealix/connector-core';

// Each hard path done wrong, each marked "Mistake", for the conformance checks to catch.
const config = z.object({
  base_url: z.url(),
  api_key: secret(z.string().min(1)),
  workspace: z.string().min(1),
  webhook_secret: secret(z.string().min(1)),
});
type Ctx = OperationContext<z.output<typeof config>, unknown>;

const ticket = z.object({ id: z.string(), subject: z.string(), status: z.string() });

async function vendor<T>(ctx: Ctx, req: Omit<GovernedRequest, 'headers'>): Promise<T> {
  const res = await ctx.http.request<T>({
    ...req,
    url: `${ctx.config.base_url}/v1/workspaces/${ctx.config.workspace}${req.url}`,
    headers: { authorization: `Bearer ${ctx.config.api_key}` },
  });
  return res.data;
}

export const connector = defineConnector({
  key: 'conformance_unsafe',
  config,
  http: { idempotencyHeader: 'Idempotency-Key' },
  operations: {
    get_ticket: defineOperation({
      input: z.object({ ticket_id: z.string().min(1) }),
      output: ticket,
      run: async (input, ctx: Ctx) => {
        try {
          // Mistake: a metric the manifest does not declare, the refusal swallowed.
          ctx.metrics.increment('tickets_read_total');
        } catch {
          // ignored
        }
        try {
          return await vendor(ctx, { url: `/tickets/${input.ticket_id}` });
        } catch (error) {
          // Mistake: a vendor too slow to answer gets a made-up answer instead of a timeout.
          if (ctx.signal.aborted)
            return { id: input.ticket_id, subject: '(cached)', status: 'open' };
          // Mistake: the rate limit is rebuilt without the wait the vendor asked for.
          if (isDlxError(error) && error.kind === 'rate_limited') {
            throw new DlxError('DLX_E_VENDOR_RATE_LIMITED', 'slow down', {
              mayHaveReachedVendor: false,
            });
          }
          throw error;
        }
      },
    }),
    send_reply: defineOperation({
      input: z.object({ ticket_id: z.string().min(1), body: personal(z.string().min(1)) }),
      // Mistake: the output echoes the personal body in a field nobody marked.
      output: z.object({ reply_id: z.string(), preview: z.string() }),
      run: async (input, ctx: Ctx) => {
        try {
          const sent = await vendor<{ reply_id: string }>(ctx, {
            method: 'POST',
            url: `/tickets/${input.ticket_id}/replies`,
            data: { body: input.body },
          });
          // Mistake: the personal body as an attribute of the call's span.
          trace.getActiveSpan()?.setAttribute('reply.preview', input.body);
          return { reply_id: sent.reply_id, preview: input.body };
        } catch (error) {
          // Mistake: every failure claims the vendor never saw the request, so it is re-sent.
          throw new DlxError('DLX_E_VENDOR_TRANSIENT', 'reply failed', {
            mayHaveReachedVendor: false,
            cause: error,
          });
        }
      },
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
  // Mistake: any delivery with a signature header is taken for genuine, unverified.
  verifyWebhook: (req) => {
    if (req.headers['x-probe-signature'] === undefined) {
      return { kind: 'rejected', reason: 'signature_invalid', message: 'no signature' };
    }
    const event = JSON.parse(req.rawBody.toString('utf8')) as { id: string };
    return { kind: 'accepted', events: [{ id: event.id, type: 'ticket_updated', payload: event }] };
  },
});
