import fc from 'fast-check';
import { z } from 'zod';
import { redactPayload } from '../audit';
import { personal, safe, secret } from '../contract/fieldMarks';
import { DataKeyring } from '../protection/dataKeyring';
import { computePreview } from './approvalPreview';
import { restrictedLedgerManifest, startHarness } from './__fixtures__/runtimeHarness';

const restricted = restrictedLedgerManifest();

// Issue 9 item 11: an approver of a restricted operation saw a digest only, nothing it could
// judge the request by.
describe('approvers see what they approve', () => {
  it('keeps safe() fields through restricted redaction, and nothing else', () => {
    const schema = z.object({
      title: safe(z.string()),
      pages: z.array(z.object({ number: safe(z.number()), text: z.string() })),
      owner: personal(z.string()),
    });
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.string({ minLength: 12 }).map((s) => `UNSAFE-${s}`),
        (title, numbers, text) => {
          const value = { title, pages: numbers.map((n) => ({ number: n, text })), owner: text };
          const redacted = redactPayload(value, {
            schema,
            classification: 'restricted',
            secrets: [],
          });
          expect(redacted).toMatchObject({
            redacted: 'restricted',
            digest: expect.stringMatching(/^sha256:/),
            safe: {
              title,
              ...(numbers.length > 0 && { pages: numbers.map((n) => ({ number: n })) }),
            },
          });
          return !JSON.stringify(redacted).includes(JSON.stringify(text).slice(1, -1));
        },
      ),
    );
    expect(() => safe(personal(z.string()))).toThrow('personal');
    expect(() => personal(safe(z.string()))).toThrow('safe');
    expect(() => safe(secret(z.string()))).toThrow('secret');
  });

  it('shows the safe fields and the operation’s computed preview in the approval and its audit record', async () => {
    const h = await startHarness({
      manifest: restricted,
      runtime: { dataKeys: DataKeyring.generate() },
    });
    try {
      const asked = await h.runtime.execute('acme', 'ledger', 'create_payment', {
        input: { amount: 1250, customer_email: 'lee@example.com' },
        actor: 'alice',
        idempotencyKey: 'pay-preview',
      });
      if (asked.status !== 'approval_required') throw new Error('expected approval_required');
      const approval = await h.runtime.approvals.get('acme', asked.approval_id);
      expect(approval.payload_preview).toMatchObject({
        redacted: 'restricted',
        safe: { amount: 1250 },
      });
      expect(approval.computed_preview).toEqual({
        amount_in_units: 12.5,
        email_domain: 'example.com',
      });
      // Sealed at rest like the preview (restricted).
      const [stored] = await h.stores.approvals.list('acme');
      expect(stored!.computed_preview).toMatchObject({ $sealed: 'aes-256-gcm' });
      const requested = (await h.stores.audit.list()).find((r) => r.event === 'approval_requested');
      expect(requested!.payload).toMatchObject({
        preview: { safe: { amount: 1250 } },
        computed_preview: { amount_in_units: 12.5 },
      });
      expect(JSON.stringify(await h.stores.audit.list())).not.toContain('lee@example.com');
    } finally {
      await h.stop();
    }
  });

  it('turns a preview() that throws or returns nested data into a preview_error, secrets removed', () => {
    const def = (preview: () => unknown) =>
      ({ preview }) as unknown as Parameters<typeof computePreview>[0];
    expect(
      computePreview(
        def(() => {
          throw new Error('no pages in sk_live_SECRET');
        }),
        {},
        ['sk_live_SECRET'],
      ),
    ).toEqual({ preview_error: 'preview() threw: no pages in [REDACTED]' });
    expect(
      computePreview(
        def(() => ({ pages: [1, 2] })),
        {},
        [],
      ),
    ).toEqual({
      preview_error: 'preview() returned "pages", which is not a flat value',
    });
    expect(
      computePreview(
        def(() => ({ size_bytes: 10, title: 'x', ok: true, none: null })),
        {},
        [],
      ),
    ).toEqual({ size_bytes: 10, title: 'x', ok: true, none: null });
  });
});
