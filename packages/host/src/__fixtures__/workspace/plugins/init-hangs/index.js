// Fixture plugin (plain JS, like a published package's dist).
const { z, defineConnector, defineOperation } = require('@dealix/connector-core');

exports.connector = defineConnector({
  key: 'init_hangs',
  config: z.object({}),
  initialize: async () => {
    await new Promise(() => {});
    return {};
  },
  operations: {
    echo: defineOperation({
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
      run: async (input) => ({ text: input.text }),
    }),
  },
  healthCheck: async () => {
    return { status: 'ok' };
  },
});
