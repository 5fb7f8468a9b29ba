import { setTimeout as delay } from 'node:timers/promises';
import {
  expectNoSecrets,
  loadManifest,
  outputOf,
  startStripeHarness,
  type StripeHarness,
} from './__fixtures__/stripeHarness';

const CREATE = 'payment_intents.create';
const paid = { amount: 4200, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' };

describe('create_payment_intent under faults charges exactly once', () => {
  let h: StripeHarness;

  afterEach(async () => {
    await expectNoSecrets(h);
    await h.stop();
  });

  it('survives a 500 and a reset after Stripe processed the request', async () => {
    h = await startStripeHarness();
    h.vendor.server.injectFault({
      route: CREATE,
      fault: { kind: 'status', status: 500 },
      times: 1,
    });
    h.vendor.server.injectFault({
      route: CREATE,
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });

    const result = await h.approved('create_payment_intent', paid, 'order-1001');
    const intent = outputOf<{ id: string; status: string }>(result);

    expect(result).toMatchObject({ status: 'ok', attempts: 3 });
    expect(intent.status).toBe('succeeded');
    expect(h.vendor.server.counters.get('payment_intents_created')).toBe(1);
    expect(h.vendor.charges.size).toBe(1);
    expect(h.vendor.paymentIntents.has(intent.id)).toBe(true);
    const keys = h.vendor.server
      .requestsTo(CREATE)
      .map((request) => request.headers['idempotency-key']);
    expect(keys).toEqual(['order-1001', 'order-1001', 'order-1001']);
  });

  it('survives a timed-out attempt that Stripe still executes later', async () => {
    // The first request is held twice as long as an attempt may take; a loaded machine may
    // also time out a later attempt (each is sent with the same key), never the charge count.
    h = await startStripeHarness({ manifest: loadManifest({ timeout_ms: 1_000 }) });
    h.vendor.server.injectFault({ route: CREATE, fault: { kind: 'delay', ms: 2_000 }, times: 1 });

    const result = await h.approved('create_payment_intent', paid, 'order-1002');
    expect(outputOf<{ status: string }>(result).status).toBe('succeeded');
    expect(result).toMatchObject({ status: 'ok', attempts: expect.any(Number) });
    expect(result.status === 'ok' && result.attempts).toBeGreaterThanOrEqual(2);
    // The first attempt's request is still held by the simulator; once it runs, Stripe's key
    // replays the saved answer instead of charging again.
    await delay(2_000);
    expect(h.vendor.server.counters.get('payment_intents_created')).toBe(1);
    expect(h.vendor.charges.size).toBe(1);
  });

  it('replays a completed create for the same key without a second request', async () => {
    h = await startStripeHarness();
    const first = outputOf<{ id: string }>(
      await h.approved('create_payment_intent', paid, 'order-1003'),
    );
    const again = await h.call('create_payment_intent', paid, 'order-1003');
    expect(again).toMatchObject({ status: 'ok', replayed: true, output: { id: first.id } });
    expect(h.vendor.server.requestsTo(CREATE)).toHaveLength(1);
  });
});
