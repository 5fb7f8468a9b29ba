import { join } from 'node:path';
import {
  httpFaultInjector,
  runConformance,
  type CallStatus,
  type TwilioSimulator,
} from '@dealix/connector-testkit';
import { seedCall, startVoiceSimulator, TO_NUMBER } from './__fixtures__/voiceHarness';
import { connector } from './index';

/** The Twilio call status each webhook event of the manifest comes from. */
const STATUS_OF_EVENT: Record<string, CallStatus> = {
  call_initiated: 'initiated',
  call_ringing: 'ringing',
  call_answered: 'in-progress',
  call_finished: 'completed',
};

/** The simulator route each operation's faults go to (end_call reads the call first). */
const ROUTES: Record<string, string> = {
  place_call: 'calls.create',
  get_call: 'calls.fetch',
  end_call: 'calls.fetch',
};

runConformance<TwilioSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: () => startVoiceSimulator(),
  samples: {
    place_call: {
      input: { to: TO_NUMBER, twiml: '<Response><Say>Your order is ready.</Say></Response>' },
      sideEffect: { counter: 'calls_placed', delta: 1 },
    },
    get_call: { prepare: async (sim) => ({ call_sid: await seedCall(sim) }) },
    end_call: {
      prepare: async (sim) => ({ call_sid: await seedCall(sim) }),
      sideEffect: { counter: 'calls_canceled', delta: 1 },
    },
  },
  counter: (sim, name) => sim.server.counters.get(name),
  requestCount: (sim) => sim.server.requests.length,
  injectFault: httpFaultInjector(ROUTES),
  webhooks: {
    signatureHeader: 'X-Twilio-Signature',
    delivery: async (sim, { type, url }) => {
      const sid = await seedCall(sim);
      const call = sim.advanceCall(sid, STATUS_OF_EVENT[type]);
      const params = sim.statusCallbackParams(call);
      return {
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': sim.signCallback(url, params),
        },
        body: new URLSearchParams(params).toString(),
      };
    },
  },
});
