// Fixture plugin: an approval-required write that counts its runs on globalThis, so a test can
// prove "ran exactly once" across HTTP calls.
const { z, defineConnector, defineOperation, personal, secret } = require('@dealix/connector-core');

exports.connector = defineConnector({
  key: 'good_payments',
  config: z.object({ api_key: secret(z.string()) }),
  operations: {
    pay: defineOperation({
      input: z.object({ amount: z.number().int().positive(), payer_email: personal(z.string()) }),
      output: z.object({ id: z.string(), amount: z.number() }),
      run: async (input) => {
        globalThis.__fixturePayments = (globalThis.__fixturePayments ?? 0) + 1;
        return { id: `pay_${globalThis.__fixturePayments}`, amount: input.amount };
      },
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});
