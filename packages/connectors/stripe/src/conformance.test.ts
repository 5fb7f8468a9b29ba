import { join } from 'node:path';
import {
  createStripeSimulator,
  runConformance,
  type StripeSimulator,
} from '@dealix/connector-testkit';
import { connector } from './index';

/** Creates an intent straight at the simulator, as earlier activity on the account would have. */
async function seedIntent(sim: StripeSimulator, confirm: boolean): Promise<string> {
  const body = new URLSearchParams({
    amount: '2500',
    currency: 'usd',
    ...(confirm && { confirm: 'true', payment_method: 'pm_card_visa' }),
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
      input: { amount: 1500, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' },
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
      prepare: async (sim) => ({ payment_intent: await seedIntent(sim, true) }),
      sideEffect: { counter: 'refunds_created', delta: 1 },
    },
    reverse_payment_intent: {
      prepare: async (sim) => ({ payment_intent: await seedIntent(sim, true) }),
      sideEffect: { counter: 'refunds_created', delta: 1 },
    },
  },
  counter: (sim, name) => sim.server.counters.get(name),
  requestCount: (sim) => sim.server.requests.length,
  injectFault: (sim, operation, fault, times) => {
    const route = ROUTES[operation]!;
    if (fault === 'transient')
      sim.server.injectFault({ route, fault: { kind: 'status', status: 503 }, times });
    else if (fault === 'permanent')
      sim.server.injectFault({ route, fault: { kind: 'status', status: 400 }, times });
    else sim.server.injectFault({ route, fault: { kind: 'reset' }, times });
  },
});
