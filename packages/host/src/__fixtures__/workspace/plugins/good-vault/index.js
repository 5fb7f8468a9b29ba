// Fixture plugin: a connector handling restricted data (documents). Its results, approval
// previews and webhook events must be sealed at rest; a delivery is genuine when its
// x-vault-signature header equals the tenant's webhook_secret.
const { z, defineConnector, defineOperation, secret } = require('@dealix/connector-core');

exports.connector = defineConnector({
  key: 'good_vault',
  config: z.object({ webhook_secret: secret(z.string()) }),
  operations: {
    store_document: defineOperation({
      input: z.object({ title: z.string(), content: z.string() }),
      output: z.object({ document_id: z.string(), excerpt: z.string() }),
      run: async (input) => {
        globalThis.__vaultDocuments = (globalThis.__vaultDocuments ?? 0) + 1;
        return {
          document_id: `doc_${globalThis.__vaultDocuments}`,
          excerpt: input.content.slice(0, 40),
        };
      },
    }),
  },
  webhookEvents: {
    document_scanned: z.object({ document_id: z.string(), finding: z.string() }),
  },
  verifyWebhook: (req, ctx) => {
    if (req.headers['x-vault-signature'] !== ctx.config.webhook_secret) {
      return { kind: 'rejected', reason: 'signature_invalid', message: 'bad x-vault-signature' };
    }
    const body = JSON.parse(req.rawBody.toString('utf8'));
    return {
      kind: 'accepted',
      events: [{ id: body.id, type: 'document_scanned', payload: body.payload }],
    };
  },
  healthCheck: async () => ({ status: 'ok' }),
});
