import type { InboundWebhook } from '@dealix/connector-core';
import {
  ATTENDEE,
  TENANT,
  WEBHOOK_URL,
  bookingPayload,
  calDelivery,
  outputOf,
  seedBooking,
  useCalHarness,
} from './__fixtures__/calHarness';

describe('Cal.com webhooks', () => {
  const harness = useCalHarness();

  const inbound = (delivery: {
    headers: Record<string, string>;
    body: string;
  }): InboundWebhook => ({
    method: 'POST',
    url: WEBHOOK_URL,
    query: {},
    headers: Object.fromEntries(
      Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    rawBody: Buffer.from(delivery.body, 'utf8'),
    receivedAt: Date.now(),
  });

  it('turns booking triggers into audit events linked to the booking call, attendees masked', async () => {
    const h = harness();
    const created = await h.call(
      'create_booking',
      { event_type_id: 1, start: '2050-09-05T10:00:00Z', attendee: ATTENDEE },
      'deal-1',
    );
    if (created.status !== 'ok') throw new Error(created.status);
    const uid = outputOf<{ uid: string }>(created).uid;
    for (const trigger of ['BOOKING_CREATED', 'BOOKING_CANCELLED']) {
      const extra = trigger === 'BOOKING_CANCELLED' ? { cancellationReason: 'Sick' } : {};
      const receipt = await h.runtime.receiveWebhook(
        TENANT,
        'cal',
        inbound(calDelivery(h.vendor, trigger, bookingPayload(uid, extra))),
      );
      expect(receipt).toMatchObject({ kind: 'accepted', accepted: 1 });
    }
    const events = await h.stores.outbox.list(TENANT, undefined, 100);
    expect(events.map((e) => [e.type, e.correlation_id])).toEqual([
      ['cal_booking_created', created.correlation_id],
      ['cal_booking_cancelled', created.correlation_id],
    ]);
    expect(events[1]!.payload).toMatchObject({
      trigger_event: 'BOOKING_CANCELLED',
      booking_uid: uid,
      cancellation_reason: 'Sick',
      attendees: [{ name: ATTENDEE.name, email: ATTENDEE.email, time_zone: ATTENDEE.time_zone }],
    });
    expect(events[0]!.event_id).toMatch(/^derived:[0-9a-f]{64}$/);
    // The audit copy masks the attendee's name and email (and the title that names them).
    const audit = (await h.stores.audit.list({ tenant: TENANT })).filter((r) =>
      r.event.startsWith('cal_booking_'),
    );
    expect(audit).toHaveLength(2);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(ATTENDEE.name);
    expect(text).not.toContain(ATTENDEE.email);
    expect(text).toContain(uid);
  });

  it('stores a redelivery once, and ignores triggers it does not audit', async () => {
    const h = harness();
    const delivery = inbound(
      calDelivery(h.vendor, 'BOOKING_RESCHEDULED', bookingPayload(await seedBooking(h.vendor))),
    );
    await h.runtime.receiveWebhook(TENANT, 'cal', delivery);
    expect(await h.runtime.receiveWebhook(TENANT, 'cal', delivery)).toMatchObject({
      kind: 'accepted',
      accepted: 0,
      duplicates: 1,
    });
    const ended = inbound(calDelivery(h.vendor, 'MEETING_ENDED', { bookingId: 1 }));
    expect(await h.runtime.receiveWebhook(TENANT, 'cal', ended)).toMatchObject({
      kind: 'accepted',
      accepted: 0,
    });
    expect(await h.stores.outbox.list(TENANT, undefined, 100)).toHaveLength(1);
  });

  it("refuses Cal.com's unsigned marker, a sha256= prefix, and a signed body that is no booking", async () => {
    const h = harness();
    const genuine = calDelivery(h.vendor, 'BOOKING_CREATED', bookingPayload('abc'));
    for (const signature of [
      'no-secret-provided',
      `sha256=${h.vendor.signWebhook(genuine.body)}`,
    ]) {
      const refused = await h.rejection(() =>
        h.runtime.receiveWebhook(
          TENANT,
          'cal',
          inbound({ ...genuine, headers: { 'X-Cal-Signature-256': signature } }),
        ),
      );
      expect(refused.code).toBe('DLX_E_WEBHOOK_SIGNATURE_INVALID');
    }
    const odd = calDelivery(h.vendor, 'BOOKING_CREATED', { uid: 'abc' });
    const malformed = await h.rejection(() =>
      h.runtime.receiveWebhook(TENANT, 'cal', inbound(odd)),
    );
    expect(malformed.code).toBe('DLX_E_WEBHOOK_MALFORMED');
    expect(await h.stores.outbox.list(TENANT, undefined, 100)).toHaveLength(0);
  });
});
