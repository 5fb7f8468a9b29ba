import { join } from 'node:path';
import {
  createStripeSimulator,
  httpFaultInjector,
  runConformance,
  type StripeSimulator,
} from '@dealix/connector-testkit';
import { connector } from './index';

/** Creates an intent straight at the simulator, as earlier activity on the account would have. */
async function seedIntent(sim: StripeSimulator, confirm: boolean): Promise<string> {
  const body = new URLSearchParams({
    amount: '2500',
    currency: 'usd',
    // A card-only intent: with automatic payment methods, confirming would need a return_url.
    ...(confirm && {
      confirm: 'true',
      payment_method: 'pm_card_visa',
      'payment_method_types[]': 'card',
    }),
  });
  const res = await fetch(`${sim.baseUrl}/v1/payment_intents`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${sim.apiKey}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
  });
  return ((await res.json()) as { id: string }).id;
}

/** A PaymentIntent that exists at the simulator, paid when `confirm`. */
async function seededIntent(sim: StripeSimulator, confirm: boolean) {
  return sim.paymentIntents.get(await seedIntent(sim, confirm))!;
}

/** The Stripe event each webhook event of the manifest comes from, with its object. */
const WEBHOOK_SOURCES: Record<string, (sim: StripeSimulator) => Promise<[string, unknown]>> = {
  payment_succeeded: async (sim) => ['payment_intent.succeeded', await seededIntent(sim, true)],
  payment_failed: async (sim) => [
    'payment_intent.payment_failed',
    { ...(await seededIntent(sim, false)), last_payment_error: { code: 'card_declined' } },
  ],
  charge_refunded: async (sim) => {
    const intent = await seededIntent(sim, true);
    return [
      'charge.refunded',
      { ...sim.charges.get(intent.latest_charge!)!, amount_refunded: 100 },
    ];
  },
};

/** The simulator route each operation's faults go to (reverse_payment_intent reads first). */
const ROUTES: Record<string, string> = {
  create_payment_intent: 'payment_intents.create',
  retrieve_payment_intent: 'payment_intents.retrieve',
  cancel_payment_intent: 'payment_intents.cancel',
  refund_payment_intent: 'refunds.create',
  reverse_payment_intent: 'payment_intents.retrieve',
};

runConformance<StripeSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: async () => {
    const sim = createStripeSimulator();
    await sim.start();
    return {
      simulator: sim,
      config: { api_key: sim.apiKey, webhook_secret: sim.webhookSecret, base_url: sim.baseUrl },
      stop: () => sim.stop(),
    };
  },
  samples: {
    create_payment_intent: {
      input: {
        amount: 1500,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_visa',
        receipt_email: 'buyer@example.test',
      },
      sideEffect: { counter: 'payment_intents_created', delta: 1 },
    },
    retrieve_payment_intent: {
      prepare: async (sim) => ({ payment_intent: await seedIntent(sim, false) }),
    },
    cancel_payment_intent: {
      prepare: async (sim) => ({ payment_intent: await seedIntent(sim, false) }),
      sideEffect: { counter: 'payment_intents_canceled', delta: 1 },
    },
    refund_payment_intent: {
      prepare: async (sim) => ({
        payment_intent: await seedIntent(sim, true),
        metadata: { note: 'customer called twice' },
      }),
      sideEffect: { counter: 'refunds_created', delta: 1 },
    },
    reverse_payment_intent: {
      prepare: async (sim) => ({ payment_intent: await seedIntent(sim, true) }),
      sideEffect: { counter: 'refunds_created', delta: 1 },
    },
  },
  counter: (sim, name) => sim.server.counters.get(name),
  requestCount: (sim) => sim.server.requests.length,
  injectFault: httpFaultInjector(ROUTES),
  webhooks: {
    signatureHeader: 'Stripe-Signature',
    delivery: async (sim, { type }) => {
      const [stripeType, object] = await WEBHOOK_SOURCES[type]!(sim);
      const body = sim.webhookEvent(stripeType, object);
      return {
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sim.signWebhook(body) },
        body,
      };
    },
  },
});
