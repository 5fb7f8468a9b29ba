import { z } from 'zod';
import { defineConnector, defineOperation } from '../contract/defineConnector';
import type { OperationContext } from '../contract/types';
import {
  LEDGER_SECRET,
  rejectionOf,
  startHarness,
  type Harness,
} from './__fixtures__/runtimeHarness';
import { ledgerConnector } from './__fixtures__/ledgerConnector';

// A plain exception from connector code (a TypeError on an answer it did not expect) was
// recorded as a definite DLX_E_VENDOR_PERMANENT whether or not the attempt had sent anything:
// a write whose request had reached the vendor looked like a refusal (the charge may exist),
// and a bug before any request kept its key as a failure replayed to every retry.

type Ctx = OperationContext<{ base_url: string; api_key: string }, unknown>;

/** What the ledger's operations do before they throw, per test. */
let before: 'request' | 'nothing' | 'read_signal' = 'request';

/** Sends the ledger's request (unless told not to), then misreads the answer. */
const misreads = (path: string, method: 'GET' | 'POST') =>
  defineOperation({
    input: z.object({}).passthrough(),
    output: z.object({ id: z.string() }).passthrough(),
    run: async (input, ctx: Ctx) => {
      if (before === 'read_signal') void ctx.signal.aborted;
      if (before === 'request') {
        await ctx.http.request({
          method,
          url: `${ctx.config.base_url}${path}`,
          data: method === 'POST' ? input : undefined,
          headers: { authorization: `Bearer ${ctx.config.api_key}` },
        });
      }
      // The answer lacked what the code expected: a TypeError naming the secret would leak it.
      throw new TypeError(`cannot read properties of undefined (key ${ctx.config.api_key})`);
    },
  });

const throwing = defineConnector({
  key: 'ledger',
  config: ledgerConnector.config,
  http: { idempotencyHeader: 'Idempotency-Key' },
  operations: {
    ...ledgerConnector.operations,
    get_balance: misreads('/balance/a', 'GET'),
    create_charge: defineOperation({
      ...misreads('/charges', 'POST'),
      compensate: () => ({ operation: 'refund_charge', input: { charge_id: 'x' } }),
    }),
    refund_charge: misreads('/refunds', 'POST'),
  },
  healthCheck: async () => ({ status: 'ok' }),
});

// Both ways an attempt runs (directAttempt.ts and the layered path) make ctx in contextFor.
describe.each([
  ['directly', true],
  ['layered', false],
])('connector code that throws (attempts run %s)', (_way, directAttempts) => {
  let h: Harness;
  beforeEach(async () => {
    before = 'request';
    h = await startHarness({ plugin: throwing, runtime: { directAttempts } });
  });
  afterEach(async () => {
    expect(await h.everythingVisible()).not.toContain(LEDGER_SECRET);
    await h.stop();
  });

  const charge = (key: string) =>
    h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: { amount: 10 },
      actor: 'ops',
      idempotencyKey: key,
    });
  const record = (operation: string, key: string) =>
    h.stores.idempotency.get(
      { tenant: 'acme', connector: 'ledger', operation },
      key,
      h.clock.now(),
    );

  it('keeps a write whose request was sent as an unknown outcome, never sent again', async () => {
    const error = await rejectionOf(h, () => charge('order-1'));
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      kind: 'outcome_unknown',
      mayHaveReachedVendor: true,
      details: {
        failed_step: 'connector_code',
        after: 'vendor_contacted',
        cause_code: 'DLX_E_VENDOR_PERMANENT',
        idempotency_key: 'order-1',
        unknown_outcome_id: expect.stringMatching(/^uo_/),
      },
    });
    expect(String(error.message)).toContain(
      "the vendor was sent a request, then the connector's own code failed",
    );
    expect((await record('create_charge', 'order-1'))?.state).toBe('outcome_unknown');
    expect(await h.runtime.unknownOutcomes.list('acme')).toMatchObject([
      { idempotency_key: 'order-1', idempotent: false, status: 'unresolved' },
    ]);

    // The same intent again: refused until a person resolves it; the vendor saw one request.
    const repeat = await rejectionOf(h, () => charge('order-1'));
    expect(repeat).toMatchObject({ code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN' });
    expect(h.vendor.count('/charges')).toBe(1);

    const failure = (await h.stores.audit.list()).find((r) => r.event === 'charge_failed');
    expect(failure).toMatchObject({
      outcome: 'failure',
      error_code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      idempotency_key: 'order-1',
    });
  });

  it('runs an idempotent write whose code threw after its request again under the same vendor key', async () => {
    const refund = () =>
      h.runtime.execute('acme', 'ledger', 'refund_charge', {
        input: { charge_id: 'ch_1' },
        actor: 'ops',
        idempotencyKey: 'refund-1',
      });
    expect(await rejectionOf(h, refund)).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: { failed_step: 'connector_code', after: 'vendor_contacted' },
    });
    expect(await h.runtime.unknownOutcomes.list('acme')).toMatchObject([
      { idempotency_key: 'refund-1', idempotent: true },
    ]);
    // Not retried within the call (a bug is not a vendor hiccup); a repeat sends the same key.
    expect(h.vendor.count('/refunds')).toBe(1);
    await rejectionOf(h, refund);
    const sent = h.vendor.seen.filter((r) => r.path === '/refunds');
    expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(['refund-1', 'refund-1']);
  });

  it('releases the key of a write whose code threw before it contacted the vendor', async () => {
    before = 'nothing';
    const error = await rejectionOf(h, () => charge('order-2'));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      kind: 'permanent',
      mayHaveReachedVendor: false,
      details: { thrown_by: 'connector_code' },
    });
    expect(String(error.message)).toContain('ledger.create_charge: connector code threw');
    expect(await record('create_charge', 'order-2')).toBeUndefined();
    expect(await h.runtime.unknownOutcomes.list('acme')).toEqual([]);

    // Fixed code (here: the request is sent again) runs under the same key; nothing replays.
    before = 'request';
    await rejectionOf(h, () => charge('order-2'));
    expect(h.vendor.count('/charges')).toBe(1);
  });

  it('counts code that read ctx.signal as having contacted the vendor (the safe side)', async () => {
    before = 'read_signal';
    expect(await rejectionOf(h, () => charge('order-3'))).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: { failed_step: 'connector_code' },
    });
    expect(h.vendor.count('/charges')).toBe(0);
  });

  it('fails a read whose code threw after its request as a definite failure', async () => {
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', { input: { account: 'a' }, actor: 'ops' }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      mayHaveReachedVendor: true,
      details: { thrown_by: 'connector_code' },
    });
    expect(h.vendor.count('/balance/a')).toBe(1);
    expect(await h.runtime.unknownOutcomes.list('acme')).toEqual([]);
  });
});
