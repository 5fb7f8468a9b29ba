// Fixture plugin: accepts webhooks whose `x-fixture-signature` is the hex HMAC-SHA256 of the raw
// body with the tenant's webhook_secret (the way Cal.com signs), as `thing_happened` events. Each
// event carries the URL the host says the vendor called (what URL-signing vendors sign).
const { createHmac, timingSafeEqual } = require('node:crypto');
const { z, secret } = require('@dealix/connector-core');
const { echoPlugin } = require('../_shared/echoPlugin');

exports.connector = echoPlugin({
  key: 'good_webhooks',
  config: z.object({ webhook_secret: secret(z.string()) }),
  verifyWebhook: async (req, ctx) => {
    const expected = createHmac('sha256', ctx.config.webhook_secret).update(req.rawBody).digest();
    const given = Buffer.from(String(req.headers['x-fixture-signature'] ?? ''), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        kind: 'rejected',
        reason: 'signature_invalid',
        message: 'x-fixture-signature does not match the body',
      };
    }
    const event = JSON.parse(req.rawBody.toString('utf8'));
    return {
      kind: 'accepted',
      events: [{ id: event.id, type: 'thing_happened', payload: { n: event.n, url: req.url } }],
    };
  },
});
