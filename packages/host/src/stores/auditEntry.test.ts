import fc from 'fast-check';
import { auditEventFixture } from '@dealix/connector-core/testing';
import { auditEventFromEntry, toAuditEntry } from './auditEntry';
import { checkStorableAuditEvent } from './auditRows';
import { thrownBy } from './__fixtures__/thrownBy';

const hex = fc.stringMatching(/^[0-9a-f]{16}$/);

describe('an audit append on its way to the store worker', () => {
  it('arrives as the event it was, every field in its place, the payload as its text', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.nat(),
          operation: fc.option(fc.string()),
          idempotency_key: fc.option(fc.string()),
          error_code: fc.option(fc.string()),
          duration_ms: fc.double({ noNaN: true, noDefaultInfinity: true }),
          trace_id: fc.option(hex, { nil: undefined }),
          span_id: fc.option(hex),
        }),
        fc.string(),
        ({ n, ...overrides }, payloadText) => {
          const event = auditEventFixture(n, overrides);
          expect(auditEventFromEntry(structuredClone(toAuditEntry(event, payloadText)))).toEqual({
            ...event,
            payload: payloadText,
            trace_id: event.trace_id ?? null,
            span_id: event.span_id ?? null,
          });
        },
      ),
    );
  });

  it('reads anything but an entry as an event the table refuses by its fields', () => {
    for (const wrong of [undefined, 'text', { tenant: 'acme' }, ['acme', 'someone']]) {
      const error = thrownBy(() => checkStorableAuditEvent(auditEventFromEntry(wrong)));
      expect(error).toMatchObject({
        code: 'DLX_E_RUNTIME_INPUT_INVALID',
        details: { reason: 'audit_event_unstorable', fields: expect.arrayContaining(['tenant']) },
      });
    }
  });
});
