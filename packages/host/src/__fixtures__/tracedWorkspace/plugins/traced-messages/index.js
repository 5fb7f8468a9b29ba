// Fixture plugin for the tracing test: an approval-required send through ctx.http that records
// the message it created, and signed status webhooks (hex HMAC-SHA256 of the body in
// x-fixture-signature) that name the message, so a delivery links to its send.
const { createHmac, timingSafeEqual } = require('node:crypto');
const { z, defineConnector, defineOperation, personal, secret } = require('@dealix/connector-core');

const config = z.object({
  base_url: z.string(),
  api_key: secret(z.string()),
  webhook_secret: secret(z.string()),
});

exports.connector = defineConnector({
  key: 'traced_messages',
  config,
  http: { idempotencyHeader: 'Idempotency-Key', requestIdHeaders: ['request-id'] },
  operations: {
    send_message: defineOperation({
      input: z.object({ to: personal(z.string()), text: z.string() }),
      output: z.object({ message_id: z.string() }),
      run: async (input, ctx) => {
        ctx.log.info({ attempt: ctx.attempt }, 'sending a message');
        const answer = await ctx.http.request({
          method: 'POST',
          url: `${ctx.config.base_url}/v1/messages`,
          headers: { authorization: `Bearer ${ctx.config.api_key}` },
          data: input,
        });
        await ctx.recordVendorObject(answer.data.id);
        return { message_id: answer.data.id };
      },
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
  verifyWebhook: async (req, ctx) => {
    const expected = createHmac('sha256', ctx.config.webhook_secret).update(req.rawBody).digest();
    const given = Buffer.from(String(req.headers['x-fixture-signature'] ?? ''), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { kind: 'rejected', reason: 'signature_invalid', message: 'signature mismatch' };
    }
    const event = JSON.parse(req.rawBody.toString('utf8'));
    return {
      kind: 'accepted',
      events: [
        {
          id: `${event.message_id}:${event.status}`,
          type: 'message_status_changed',
          objectId: event.message_id,
          payload: { status: event.status },
        },
      ],
    };
  },
});
