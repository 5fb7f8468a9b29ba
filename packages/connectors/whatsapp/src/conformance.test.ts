import { join } from 'node:path';
import {
  httpFaultInjector,
  runConformance,
  type WhatsAppSimulator,
} from '@dealix/connector-testkit';
import { SEND, startWhatsApp } from './__fixtures__/whatsAppHarness';
import { connector } from './index';

/** The Meta notification each webhook event of the manifest comes from. */
const WEBHOOK_SOURCES: Record<string, (sim: WhatsAppSimulator) => string> = {
  message_sent: (sim) => sim.statusWebhook({ messageId: 'wamid.conformance1', status: 'sent' }),
  message_delivered: (sim) =>
    sim.statusWebhook({ messageId: 'wamid.conformance1', status: 'delivered' }),
  message_read: (sim) => sim.statusWebhook({ messageId: 'wamid.conformance1', status: 'read' }),
  message_failed: (sim) =>
    sim.statusWebhook({
      messageId: 'wamid.conformance2',
      status: 'failed',
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    }),
  message_received: (sim) => sim.inboundMessageWebhook({ text: 'Where is my order?' }),
};

runConformance<WhatsAppSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: () => startWhatsApp(),
  samples: {
    send_text: {
      input: { to: '15551234567', body: 'Your order has shipped.' },
      sideEffect: { counter: 'messages_sent', delta: 1 },
    },
    send_template: {
      input: {
        to: '+447700900123',
        template: 'order_update',
        language: 'en_US',
        body_parameters: ['Dana', 'A-42'],
      },
      sideEffect: { counter: 'messages_sent', delta: 1 },
    },
    mark_read: {
      prepare: (sim) => {
        sim.inboundMessageWebhook({ messageId: `wamid.inbound${sim.inbound.length + 1}` });
        return { message_id: sim.inbound.at(-1)!.id };
      },
      sideEffect: { counter: 'messages_marked_read', delta: 1 },
    },
  },
  counter: (sim, name) => sim.server.counters.get(name),
  requestCount: (sim) => sim.server.requests.length,
  // Every operation posts to the number's messages edge.
  injectFault: httpFaultInjector(SEND),
  webhooks: {
    signatureHeader: 'X-Hub-Signature-256',
    delivery: (sim, { type }) => {
      const body = WEBHOOK_SOURCES[type]!(sim);
      return {
        headers: {
          'Content-Type': 'application/json',
          'X-Hub-Signature-256': sim.signWebhook(body),
        },
        body,
      };
    },
  },
});
