import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import twilio from 'twilio';
import { hmacHex } from '../http/signing';
import { SANDBOX_WEBHOOKS, describeSandbox, triggerSandboxWebhook } from './sandboxWebhooks';
import { startSandbox, type Sandbox } from './startSandbox';

interface Captured {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A receiver on 127.0.0.1 that keeps what vendors post to it. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Captured[] }> {
  const received: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('signed deliveries of named events', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sandbox.stop();
    await new Promise((r) => receiver.server.close(r));
  });
  const last = () => receiver.received.at(-1)!;
  const header = (name: string) => String(last().headers[name]);

  it('Stripe: every event type verifies with stripe-node and carries its type', async () => {
    const { stripe } = sandbox.simulators;
    const client = new Stripe('sk_test_dummy');
    for (const type of stripe.webhookEventTypes) {
      const res = await stripe.deliverEvent(`${receiver.url}/webhooks/sandbox/stripe`, type);
      expect(res.status).toBe(200);
      const event = client.webhooks.constructEvent(
        last().body,
        header('stripe-signature'),
        stripe.webhookSecret,
      );
      expect(event.type).toBe(type);
    }
  });

  it('WhatsApp: statuses and inbound messages signed with the app secret', async () => {
    const { whatsapp } = sandbox.simulators;
    for (const type of whatsapp.webhookEventTypes) {
      await whatsapp.deliverEvent(`${receiver.url}/webhooks/sandbox/whatsapp`, type);
      expect(header('x-hub-signature-256')).toBe(
        `sha256=${hmacHex('sha256', whatsapp.appSecret, last().body)}`,
      );
      const value = JSON.parse(last().body).entry[0].changes[0].value;
      const delivered =
        value.statuses !== undefined
          ? `statuses.${value.statuses[0].status}`
          : `messages.${value.messages[0].type}`;
      expect(delivered).toBe(type);
    }
  });

  it('Twilio: status callbacks that validateRequest accepts for the URL posted to', async () => {
    const { voice } = sandbox.simulators;
    const url = `${receiver.url}/webhooks/sandbox/voice`;
    for (const type of voice.webhookEventTypes) {
      await voice.deliverEvent(url, type);
      const params = Object.fromEntries(new URLSearchParams(last().body));
      expect(params.CallStatus).toBe(type);
      expect(
        twilio.validateRequest(voice.authToken, header('x-twilio-signature'), url, params),
      ).toBe(true);
    }
  });

  it('Cal.com: booking triggers signed with the webhook secret', async () => {
    const { cal } = sandbox.simulators;
    for (const type of cal.webhookEventTypes) {
      await cal.deliverEvent(`${receiver.url}/webhooks/sandbox/cal`, type);
      expect(header('x-cal-signature-256')).toBe(
        hmacHex('sha256', cal.webhookSecret!, last().body),
      );
      expect(JSON.parse(last().body).triggerEvent).toBe(type);
    }
  });

  it('refuses an event type the simulator does not know, naming the ones it does', async () => {
    await expect(
      sandbox.simulators.stripe.deliverEvent(receiver.url, 'customer.created'),
    ).rejects.toThrow(
      'the Stripe simulator delivers no "customer.created" event; it delivers payment_intent.succeeded',
    );
  });

  it('the sandbox table maps manifest names to types its simulators deliver', () => {
    for (const [key, spec] of Object.entries(SANDBOX_WEBHOOKS)) {
      const sim: object = sandbox.simulators[key as keyof typeof sandbox.simulators];
      const known = 'webhookEventTypes' in sim ? sim.webhookEventTypes : [];
      for (const type of Object.values(spec!.events)) {
        expect([key, known]).toEqual([key, expect.arrayContaining([type])]);
      }
    }
  });

  it('describes each connector: simulator URL, fault API, webhook secrets, events', () => {
    const views = describeSandbox(sandbox, ['stripe', 'email', 'not_a_connector']);
    expect(views.map((v) => v.key)).toEqual(['email', 'stripe']);
    expect(views[1]).toEqual({
      key: 'stripe',
      simulator_url: sandbox.simulators.stripe.baseUrl,
      fault_api: `${sandbox.simulators.stripe.baseUrl}/__sim/faults`,
      webhook_secrets: { webhook_secret: sandbox.configs.stripe.webhook_secret },
      webhook_events: ['payment_succeeded', 'payment_failed', 'charge_refunded'],
    });
    expect(views[0]).toMatchObject({
      simulator_url: `smtp://127.0.0.1:${sandbox.simulators.email.port}`,
      fault_api: null,
    });
  });

  it('triggers a manifest event name through its simulator, and names what it can trigger', async () => {
    const delivery = await triggerSandboxWebhook(
      sandbox,
      'stripe',
      'charge_refunded',
      `${receiver.url}/x`,
    );
    expect(delivery.vendor_event_type).toBe('charge.refunded');
    expect(delivery.response.status).toBe(200);
    await expect(triggerSandboxWebhook(sandbox, 'stripe', 'nope', receiver.url)).rejects.toThrow(
      'the sandbox cannot deliver "nope" for "stripe"; it delivers payment_succeeded, payment_failed, charge_refunded',
    );
    await expect(triggerSandboxWebhook(sandbox, 'email', 'anything', receiver.url)).rejects.toThrow(
      'it delivers no webhook events',
    );
  });
});
