// Fixture plugin (plain JS, like a published package's dist).
const { z, defineConnector, defineOperation } = require('@dealix/connector-core');

exports.connector = defineConnector({
  key: 'dupe',
  config: z.object({}),
  initialize: async () => {
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
