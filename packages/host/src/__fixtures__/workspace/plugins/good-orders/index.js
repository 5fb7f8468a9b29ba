// Fixture plugin: a vendor write over HTTP (POST {base_url}/orders, the runtime's key in
// Idempotency-Key) that a test simulator counts, and webhooks signed like good_webhooks'
// (`x-fixture-signature`: hex HMAC-SHA256 of the raw body) as `order_updated` events.
const { createHmac, timingSafeEqual } = require('node:crypto');
const {
  z,
  defineConnector,
  defineOperation,
  secret,
  vendorRequest,
} = require('@dealix/connector-core');

const order = z.object({ id: z.string(), item: z.string() });

const createOrder = () =>
  defineOperation({
    input: z.object({ item: z.string(), quantity: z.number().int().positive() }),
    output: order,
    run: (input, ctx) =>
      vendorRequest(ctx, {
        method: 'POST',
        baseURL: ctx.config.base_url,
        url: '/orders',
        json: input,
        schema: order,
      }),
  });

exports.connector = defineConnector({
  key: 'good_orders',
  config: z.object({ base_url: z.string().url(), webhook_secret: secret(z.string()) }),
  http: { idempotencyHeader: 'Idempotency-Key' },
  operations: {
    create_order: createOrder(),
    create_express_order: createOrder(),
  },
  healthCheck: async () => ({ status: 'ok' }),
  verifyWebhook: async (req, ctx) => {
    const expected = createHmac('sha256', ctx.config.webhook_secret).update(req.rawBody).digest();
    const given = Buffer.from(String(req.headers['x-fixture-signature'] ?? ''), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { kind: 'rejected', reason: 'signature_invalid', message: 'bad x-fixture-signature' };
    }
    const event = JSON.parse(req.rawBody.toString('utf8'));
    return {
      kind: 'accepted',
      events: [{ id: event.id, type: 'order_updated', payload: { order: event.order } }],
    };
  },
});
