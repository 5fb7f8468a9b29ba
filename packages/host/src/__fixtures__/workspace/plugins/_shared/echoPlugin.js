// The fixture plugins' common shape: one `echo` read operation. Each fixture package passes only
// what makes it broken or special (its key, a failing initialize or probe, a config schema,
// webhooks).
const { z, defineConnector, defineOperation } = require('@dealix/connector-core');

exports.echoPlugin = ({ key, config = z.object({}), initialize, healthCheck, verifyWebhook }) =>
  defineConnector({
    key,
    config,
    initialize: initialize ?? (async () => ({})),
    operations: {
      echo: defineOperation({
        input: z.object({ text: z.string() }),
        output: z.object({ text: z.string() }),
        run: async (input) => ({ text: input.text }),
      }),
    },
    healthCheck: healthCheck ?? (async () => ({ status: 'ok' })),
    ...(verifyWebhook && { verifyWebhook }),
  });
