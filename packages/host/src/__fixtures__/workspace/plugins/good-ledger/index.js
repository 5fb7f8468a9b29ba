// Fixture plugin: a write that is not idempotent. It counts its runs on globalThis; while
// globalThis.__ledgerHangUps > 0 a run "reaches the vendor" and then loses the answer.
const { z, defineConnector, defineOperation, DlxError } = require('@dealix/connector-core');

exports.connector = defineConnector({
  key: 'good_ledger',
  config: z.object({}),
  operations: {
    charge: defineOperation({
      input: z.object({ amount: z.number().int().positive() }),
      output: z.object({ id: z.string(), amount: z.number() }),
      run: async (input) => {
        const g = globalThis;
        g.__ledgerCharges = (g.__ledgerCharges ?? 0) + 1;
        if ((g.__ledgerHangUps ?? 0) > 0) {
          g.__ledgerHangUps -= 1;
          throw new DlxError(
            'DLX_E_VENDOR_NETWORK',
            'the connection closed after the request was sent',
            {
              mayHaveReachedVendor: true,
            },
          );
        }
        return { id: `ch_${g.__ledgerCharges}`, amount: input.amount };
      },
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});
