// Fixture plugin: an operation that takes as long as asked, and says when it started (shutdown tests).
const { z, defineConnector, defineOperation } = require('@dealix/connector-core');

exports.connector = defineConnector({
  key: 'good_slow',
  config: z.object({}),
  operations: {
    wait: defineOperation({
      input: z.object({ ms: z.number().int().min(0).max(5000) }),
      output: z.object({ waited: z.number() }),
      run: async (input) => {
        globalThis.__slowStarted = true;
        await new Promise((resolve) => setTimeout(resolve, input.ms));
        return { waited: input.ms };
      },
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});
