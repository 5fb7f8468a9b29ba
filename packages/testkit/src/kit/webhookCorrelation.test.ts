import {
  defineConnector,
  defineOperation,
  secret,
  validateManifest,
  vendorRequest,
  verifyHmacSignature,
  z,
  type ConnectorManifest,
  type InboundWebhook,
  type OperationContext,
  type WebhookContext,
  type WebhookOutcome,
} from '@dealix/connector-core';
import { outputOf, useConnectorHarness } from '@dealix/connector-core/testing';
import { captureSpans } from '../tracing/spanCapture';
import {
  createWhatsAppSimulator,
  type WhatsAppSimulator,
} from '../simulators/whatsapp/whatsAppSimulator';

// A messaging connector written the kit's way: the send records the message id it created;
// the status webhook is one verifyHmacSignature call and names the message as objectId.
const config = z.object({
  base_url: z.url(),
  access_token: secret(z.string().min(1)),
  app_secret: secret(z.string().min(1)),
  phone_number_id: z.string(),
});
type Config = z.output<typeof config>;

const sendMessage = defineOperation({
  input: z.object({ to: z.string(), text: z.string() }),
  output: z.object({ message_id: z.string() }),
  run: async (input, ctx: OperationContext<Config, undefined>) => {
    const answer = await vendorRequest(ctx, {
      method: 'POST',
      url: `${ctx.config.base_url}/v21.0/${ctx.config.phone_number_id}/messages`,
      headers: { authorization: `Bearer ${ctx.config.access_token}` },
      json: {
        messaging_product: 'whatsapp',
        to: input.to,
        type: 'text',
        text: { body: input.text },
      },
      schema: z.object({ messages: z.array(z.object({ id: z.string() })).min(1) }),
    });
    const messageId = answer.messages[0]!.id;
    await ctx.recordVendorObject(messageId);
    return { message_id: messageId };
  },
});

const statusEvent = z.object({
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          value: z.object({
            statuses: z
              .array(z.object({ id: z.string(), status: z.string(), timestamp: z.string() }))
              .default([]),
          }),
        }),
      ),
    }),
  ),
});

function verifyWebhook(
  req: InboundWebhook,
  ctx: WebhookContext<Config, undefined>,
): WebhookOutcome {
  const genuine = verifyHmacSignature({
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
    secret: ctx.config.app_secret,
    payload: req.rawBody,
    signature: req.headers['x-hub-signature-256'],
  });
  if (!genuine) return { kind: 'rejected', reason: 'signature_invalid', message: 'no match' };
  const body = statusEvent.safeParse(JSON.parse(req.rawBody.toString('utf8')));
  if (!body.success) return { kind: 'rejected', reason: 'malformed', message: 'not a status' };
  const statuses = body.data.entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses));
  return {
    kind: 'accepted',
    events: statuses.map((s) => ({
      id: `${s.id}:${s.status}`,
      type: 'message_status_changed',
      objectId: s.id,
      payload: { message_id: s.id, status: s.status },
    })),
  };
}

const messenger = defineConnector({
  key: 'messenger',
  config,
  http: { sensitiveHeaders: ['X-Hub-Signature-256'] },
  operations: { send_message: sendMessage },
  healthCheck: async () => ({ status: 'ok' }),
  verifyWebhook,
});

const manifest = ((): ConnectorManifest => {
  const result = validateManifest({
    manifest_version: 1,
    connector_key: 'messenger',
    display_name: 'Messenger (test)',
    display_name_ar: 'المراسل',
    contract_url: 'https://developers.facebook.com/docs/whatsapp/cloud-api',
    owners: ['platform-team'],
    approval_policy: 'auto',
    data_classification: 'internal',
    idempotent: false,
    retry_max: 0,
    retry_backoff_ms: [],
    timeout_ms: 10_000,
    audit_events: ['message_sent', 'message_failed', 'message_status_changed'],
    allowed_hosts: ['${config.base_url}'],
    operations: {
      send_message: {
        kind: 'write',
        description: 'Sends a text message.',
        audit_events: { success: 'message_sent', failure: 'message_failed' },
        compensation: 'none',
        compensation_note: 'A sent message cannot be unsent.',
      },
    },
    webhook_events: ['message_status_changed'],
    config: {
      base_url: {
        type: 'url',
        required: true,
        description: 'Graph URL.',
        host_pattern: 'graph.facebook.com',
      },
      access_token: { type: 'secret', required: true, description: 'Token.' },
      app_secret: { type: 'secret', required: true, description: 'App secret.' },
      phone_number_id: { type: 'string', required: true, description: 'Sender id.' },
    },
  });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.manifest;
})();

describe('a webhook status event and the call that sent the message', () => {
  const harness = useConnectorHarness<WhatsAppSimulator>({
    plugin: messenger,
    manifest,
    startSimulator: async () => {
      const sim = createWhatsAppSimulator();
      await sim.start();
      return {
        simulator: sim,
        config: {
          base_url: sim.baseUrl,
          access_token: sim.accessToken,
          app_secret: sim.appSecret,
          phone_number_id: sim.phoneNumberId,
        },
        stop: () => sim.stop(),
      };
    },
  });

  const delivery = (sim: WhatsAppSimulator, body: string): InboundWebhook => ({
    method: 'POST',
    url: 'https://dealix.example/webhooks/acme/messenger',
    query: {},
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sim.signWebhook(body) },
    rawBody: Buffer.from(body),
    receivedAt: Date.now(),
  });

  it("carries the send's correlation id into the outbox and the audit trail", async () => {
    const h = harness();
    const sent = await h.call(
      'send_message',
      { to: '966500000001', text: 'Your order shipped' },
      { idempotencyKey: 'order-7-shipped', correlationId: 'corr-order-7' },
    );
    const { message_id } = outputOf<{ message_id: string }>(sent);
    expect(message_id).toMatch(/^wamid\./);

    for (const status of ['sent', 'delivered'] as const) {
      const body = h.vendor.statusWebhook({ messageId: message_id, status });
      await h.runtime.receiveWebhook(h.tenant, 'messenger', delivery(h.vendor, body));
    }
    const events = await h.stores.outbox.list(h.tenant, undefined, 10);
    expect(events.map((e) => [e.type, e.correlation_id])).toEqual([
      ['message_status_changed', 'corr-order-7'],
      ['message_status_changed', 'corr-order-7'],
    ]);
    const audit = await h.stores.audit.list({ tenant: h.tenant });
    expect(audit.filter((r) => r.correlation_id === 'corr-order-7').map((r) => r.event)).toEqual([
      'message_sent',
      'message_status_changed',
      'message_status_changed',
    ]);
  });

  it('forgets which call sent a message once the link is past its retention', async () => {
    const h = harness();
    const sent = await h.call(
      'send_message',
      { to: '966500000003', text: 'Your refund is on its way' },
      { idempotencyKey: 'order-9-refund', correlationId: 'corr-order-9' },
    );
    const { message_id } = outputOf<{ message_id: string }>(sent);
    // The default retention is 30 days: a day short of it the link is kept.
    h.clock.advance(29 * 24 * 3_600_000);
    expect(await h.runtime.prune()).toMatchObject({ callLinks: 0 });
    h.clock.advance(24 * 3_600_000 + 1);
    expect(await h.runtime.prune()).toMatchObject({ callLinks: 1 });
    expect(await h.stores.callLinks.find(h.tenant, 'messenger', message_id)).toBeUndefined();

    // A late status event is still received and kept; it names no call.
    const body = h.vendor.statusWebhook({ messageId: message_id, status: 'read' });
    await h.runtime.receiveWebhook(h.tenant, 'messenger', delivery(h.vendor, body));
    const events = await h.stores.outbox.list(h.tenant, undefined, 10);
    expect(events.map((e) => [e.type, e.correlation_id ?? null])).toEqual([
      ['message_status_changed', null],
    ]);
  });

  it("links the delivery's span to the attempt that sent the message, in the send's trace", async () => {
    const h = harness();
    const capture = captureSpans()!;
    try {
      const sent = await h.call(
        'send_message',
        { to: '966500000002', text: 'Your parcel is near' },
        { idempotencyKey: 'order-8-near', correlationId: 'corr-order-8' },
      );
      const { message_id } = outputOf<{ message_id: string }>(sent);
      const body = h.vendor.statusWebhook({ messageId: message_id, status: 'delivered' });
      await h.runtime.receiveWebhook(h.tenant, 'messenger', delivery(h.vendor, body));
      const spans = capture.spans();
      const attempt = spans.find((s) => s.name === 'messenger.send_message attempt')!;
      const webhook = spans.find((s) => s.name === 'messenger.webhook')!;
      expect(webhook.spanContext().traceId).not.toBe(attempt.spanContext().traceId);
      expect(webhook.links).toEqual([
        {
          context: expect.objectContaining({
            traceId: attempt.spanContext().traceId,
            spanId: attempt.spanContext().spanId,
          }),
          attributes: {
            'dealix.correlation_id': 'corr-order-8',
            'dealix.operation': 'send_message',
            'dealix.event.type': 'message_status_changed',
          },
        },
      ]);
      expect(webhook.attributes).toMatchObject({
        'dealix.webhook.outcome': 'accepted',
        'dealix.webhook.accepted': 1,
      });
      // The delivery's audit record names the webhook span; the outbox keeps the send's id.
      const audit = await h.stores.audit.list({ tenant: h.tenant });
      expect(audit.at(-1)).toMatchObject({
        event: 'message_status_changed',
        correlation_id: 'corr-order-8',
        trace_id: webhook.spanContext().traceId,
        span_id: webhook.spanContext().spanId,
      });
      expect(capture.exportedText()).not.toContain('Your parcel is near');
      expect(capture.exportedText()).not.toContain(h.vendor.appSecret);
    } finally {
      await capture.stop();
    }
  });

  it('leaves an event about an object no call created without a correlation id', async () => {
    const h = harness();
    const body = h.vendor.statusWebhook({ messageId: 'wamid.someone-else', status: 'read' });
    await h.runtime.receiveWebhook(h.tenant, 'messenger', delivery(h.vendor, body));
    const [event] = await h.stores.outbox.list(h.tenant, undefined, 10);
    expect(event).toMatchObject({ event_id: 'wamid.someone-else:read' });
    expect(event).not.toHaveProperty('correlation_id');
  });

  it('declares its signature header sensitive, lower-cased, for the host logs', () => {
    expect(messenger.http.sensitiveHeaders).toEqual(['x-hub-signature-256']);
  });
});
