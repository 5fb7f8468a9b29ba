import fc from 'fast-check';
import type { InboundWebhook } from '../contract/types';
import {
  CORRELATION_PARAMETER,
  carriedCorrelationId,
  withCorrelationId,
} from './callbackCorrelation';

/** The callback the vendor makes to `url`, as the host hands it to a connector. */
function callbackTo(url: string): InboundWebhook {
  const parsed = new URL(url);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of parsed.searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return { method: 'POST', url, query, headers: {}, rawBody: Buffer.alloc(0), receivedAt: 0 };
}

const BASE = 'https://hooks.example/webhooks/acme/voice';
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 128,
});

describe('a correlation id carried on a callback URL', () => {
  it('comes back as it went, for every id a caller may send', () => {
    fc.assert(
      fc.property(printable, fc.boolean(), (id, withQuery) => {
        const url = withCorrelationId(withQuery ? `${BASE}?region=eu` : BASE, id);
        expect(carriedCorrelationId(callbackTo(url))).toBe(id);
        if (withQuery) expect(new URL(url).searchParams.get('region')).toBe('eu');
      }),
    );
  });

  it('is ignored when absent, repeated, too long or not printable', () => {
    expect(carriedCorrelationId(callbackTo(BASE))).toBeUndefined();
    const twice = `${withCorrelationId(BASE, 'a')}&${CORRELATION_PARAMETER}=b`;
    expect(carriedCorrelationId(callbackTo(twice))).toBeUndefined();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 129, maxLength: 300 }),
          fc
            .tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 0x1f }))
            .map(([text, c]) => `${text}${String.fromCharCode(c)}`),
          fc.constant(''),
        ),
        (value) => {
          const url = `${BASE}?${CORRELATION_PARAMETER}=${encodeURIComponent(value)}`;
          expect(carriedCorrelationId(callbackTo(url))).toBeUndefined();
        },
      ),
    );
  });
});
