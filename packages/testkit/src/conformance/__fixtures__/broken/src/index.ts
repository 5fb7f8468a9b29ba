import { trace } from '@opentelemetry/api';
import {
  DlxError,
  defineConnector,
  defineOperation,
  secret,
  z,
  type GovernedRequest,
  type OperationContext,
} from '@dealix/connector-core';

// The mistakes the conformance suite must catch, each marked "Mistake".
const config = z.object({
  base_url: z.url(),
  api_key: secret(z.string().min(1)),
  workspace: z.string().min(1),
});
type Ctx = OperationContext<z.output<typeof config>, unknown>;

const ticket = z.object({ id: z.string(), subject: z.string(), status: z.string() });

async function vendor<T>(ctx: Ctx, req: Omit<GovernedRequest, 'headers'>): Promise<T> {
  try {
    const res = await ctx.http.request<T>({
      ...req,
      url: `${ctx.config.base_url}/v1/workspaces/${ctx.config.workspace}${req.url}`,
      headers: { authorization: `Bearer ${ctx.config.api_key}` },
    });
    return res.data;
  } catch (error) {
    // Mistake: the API key as an attribute of the attempt's span, "to debug auth failures".
    trace.getActiveSpan()?.setAttribute('ticket.auth', String(ctx.config.api_key));
    // Mistake: every failure becomes permanent (so nothing is retried), and the message
    // carries the API key.
    throw new DlxError(
      'DLX_E_VENDOR_PERMANENT',
      `the ticket service refused the call made with key ${ctx.config.api_key}`,
      { cause: error, mayHaveReachedVendor: true },
    );
  }
}

export const connector = defineConnector({
  key: 'conformance_broken',
  config,
  operations: {
    get_ticket: defineOperation({
      // Mistake: the input is not described, so anything at all reaches the vendor call.
      input: z.unknown(),
      output: ticket,
      run: (input, ctx: Ctx) =>
        vendor(ctx, { url: `/tickets/${String((input as { ticket_id?: unknown }).ticket_id)}` }),
    }),
    create_ticket: defineOperation({
      input: z.object({ subject: z.string().min(1), priority: z.string().default('normal') }),
      output: ticket,
      run: (input, ctx: Ctx) => vendor(ctx, { method: 'POST', url: '/tickets', data: input }),
      // Mistake: the manifest says close_ticket, but this "compensation" only reads.
      compensate: ({ output }) => ({ operation: 'get_ticket', input: { ticket_id: output.id } }),
    }),
    close_ticket: defineOperation({
      input: z.object({ ticket_id: z.string().min(1) }),
      output: ticket,
      run: (input, ctx: Ctx) =>
        vendor(ctx, { method: 'POST', url: `/tickets/${input.ticket_id}/close` }),
    }),
  },
  // Mistake: the probe never asks the vendor, so it says ok when the vendor is down.
  healthCheck: async () => ({ status: 'ok' }),
});
