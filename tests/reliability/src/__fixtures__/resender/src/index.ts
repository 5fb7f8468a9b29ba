import { DlxError, defineConnector, defineOperation, secret, z } from '@dealix/connector-core';

// Two mistakes the fault matrix must catch, each marked "Mistake".
const config = z.object({ base_url: z.url(), api_key: secret(z.string().min(1)) });
const note = z.object({ id: z.string(), text: z.string() });

export const connector = defineConnector({
  key: 'fixture_resender',
  config,
  operations: {
    get_note: defineOperation({
      input: z.object({ note_id: z.string().min(1) }),
      output: note,
      run: async (input, ctx) => {
        try {
          const res = await ctx.http.request<z.output<typeof note>>({
            url: `${ctx.config.base_url}/v1/notes/${input.note_id}`,
            headers: { authorization: `Bearer ${ctx.config.api_key}` },
          });
          return res.data;
        } catch (error) {
          // Mistake: a vendor too slow to answer gets a made-up answer instead of a timeout.
          if (ctx.signal.aborted) return { id: input.note_id, text: '(cached)' };
          throw error;
        }
      },
    }),
    send_note: defineOperation({
      input: z.object({ text: z.string().min(1) }),
      output: note,
      run: async (input, ctx) => {
        try {
          const res = await ctx.http.request<z.output<typeof note>>({
            method: 'POST',
            url: `${ctx.config.base_url}/v1/notes`,
            headers: { authorization: `Bearer ${ctx.config.api_key}` },
            data: input,
          });
          return res.data;
        } catch (error) {
          // Mistake: every failure claims the vendor never saw the request, so it is re-sent.
          throw new DlxError('DLX_E_VENDOR_TRANSIENT', 'the note was not sent', {
            mayHaveReachedVendor: false,
            cause: error,
          });
        }
      },
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});
