// Fixture plugin: a connector handling restricted data (documents). Its results, approval
// previews and webhook events must be sealed at rest; a delivery is genuine when its
// x-vault-signature header equals the tenant's webhook_secret.
const { z, defineConnector, defineOperation, safe, secret } = require('@dealix/connector-core');

exports.connector = defineConnector({
  key: 'good_vault',
  config: z.object({ webhook_secret: secret(z.string()) }),
  operations: {
    store_document: defineOperation({
      input: z.object({ title: safe(z.string()), content: z.string() }),
      output: z.object({ document_id: z.string(), excerpt: z.string() }),
      // The approver sees the title (safe) and these, never the content.
      preview: (input) => ({
        size_bytes: Buffer.byteLength(input.content, 'utf8'),
        page_count: Math.max(1, Math.ceil(input.content.length / 3000)),
      }),
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
