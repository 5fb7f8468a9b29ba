import { z } from 'zod';
import { defineConnector, defineOperation } from '../../contract/defineConnector';
import { personal, safe, secret } from '../../contract/fieldMarks';
import type { OperationContext } from '../../contract/types';

/** A small connector against ScriptedVendor, exercising every governance path. */
const config = z.object({
  base_url: z.string(),
  api_key: secret(z.string().min(1)),
});
type Ctx = OperationContext<z.output<typeof config>, { token: string }>;

const auth = (ctx: Ctx) => ({ authorization: `Bearer ${ctx.config.api_key}` });
const charge = z.object({
  amount: safe(z.number().int().positive()),
  customer_email: personal(z.string()),
});
const chargeOut = z.object({ id: z.string() });

export const ledgerConnector = defineConnector({
  key: 'ledger',
  config,
  http: { idempotencyHeader: 'Idempotency-Key', requestIdHeaders: ['request-id'] },
  initialize: async () => ({ token: 'state' }),
  operations: {
    get_balance: defineOperation({
      input: z.object({ account: z.string() }),
      output: z.object({ balance: z.number() }),
      run: async (input, ctx: Ctx) =>
        (
          await ctx.http.request<{ balance: number }>({
            url: `${ctx.config.base_url}/balance/${input.account}`,
            headers: auth(ctx),
          })
        ).data,
    }),
    create_charge: defineOperation({
      input: charge,
      output: chargeOut,
      run: async (input, ctx: Ctx) =>
        (
          await ctx.http.request<{ id: string }>({
            method: 'POST',
            url: `${ctx.config.base_url}/charges`,
            data: input,
            headers: auth(ctx),
          })
        ).data,
      compensate: ({ output }) => ({ operation: 'refund_charge', input: { charge_id: output.id } }),
    }),
    create_payment: defineOperation({
      input: charge,
      output: chargeOut,
      run: async (input, ctx: Ctx) =>
        (
          await ctx.http.request<{ id: string }>({
            method: 'POST',
            url: `${ctx.config.base_url}/payments`,
            data: input,
            headers: auth(ctx),
          })
        ).data,
      // What an approver is shown beside the redacted input.
      preview: (input) => ({
        amount_in_units: input.amount / 100,
        email_domain: input.customer_email.split('@')[1] ?? null,
      }),
      compensate: ({ output }) => ({ operation: 'refund_charge', input: { charge_id: output.id } }),
    }),
    refund_charge: defineOperation({
      input: z.object({ charge_id: z.string() }),
      output: z.object({ id: z.string() }),
      run: async (input, ctx: Ctx) =>
        (
          await ctx.http.request<{ id: string }>({
            method: 'POST',
            url: `${ctx.config.base_url}/refunds`,
            data: input,
            headers: auth(ctx),
          })
        ).data,
    }),
    fetch_url: defineOperation({
      input: z.object({ url: z.string() }),
      output: z.unknown(),
      run: async (input, ctx: Ctx) =>
        (await ctx.http.request({ url: input.url, headers: auth(ctx) })).data,
    }),
  },
  healthCheck: async (ctx) => {
    await ctx.http.request({
      url: `${ctx.config.base_url}/health`,
      headers: { authorization: `Bearer ${ctx.config.api_key}` },
    });
    return { status: 'ok' };
  },
});

export const ledgerManifest = {
  manifest_version: 1,
  connector_key: 'ledger',
  display_name: 'Ledger (test)',
  display_name_ar: 'دفتر الحسابات',
  contract_url: 'https://example.com/ledger/docs',
  owners: ['platform-team'],
  approval_policy: 'auto',
  data_classification: 'confidential',
  idempotent: true,
  retry_max: 2,
  retry_backoff_ms: [100, 200],
  timeout_ms: 5_000,
  audit_events: [
    'balance_read',
    'balance_failed',
    'charge_created',
    'charge_failed',
    'payment_created',
    'payment_failed',
    'charge_refunded',
    'refund_failed',
    'url_fetched',
    'fetch_failed',
  ],
  allowed_hosts: ['${config.base_url}'],
  operations: {
    get_balance: {
      kind: 'read',
      description: 'Reads a balance.',
      audit_events: { success: 'balance_read', failure: 'balance_failed' },
    },
    create_charge: {
      kind: 'write',
      description: 'Charges without a vendor key.',
      idempotent: false,
      audit_events: { success: 'charge_created', failure: 'charge_failed' },
      compensation: 'refund_charge',
    },
    create_payment: {
      kind: 'write',
      description: 'Charges with a vendor key, after approval.',
      approval_policy: 'approval_required',
      audit_events: { success: 'payment_created', failure: 'payment_failed' },
      compensation: 'refund_charge',
    },
    refund_charge: {
      kind: 'write',
      description: 'Refunds a charge.',
      audit_events: { success: 'charge_refunded', failure: 'refund_failed' },
      compensation: 'none',
      compensation_note: 'A refund cannot be undone.',
    },
    fetch_url: {
      kind: 'read',
      description: 'Fetches a URL (egress tests).',
      audit_events: { success: 'url_fetched', failure: 'fetch_failed' },
    },
  },
  config: {
    base_url: {
      type: 'url',
      required: true,
      description: 'Vendor base URL.',
      host_pattern: '127.0.0.1',
    },
    api_key: { type: 'secret', required: true, description: 'API key.' },
  },
} as const;
