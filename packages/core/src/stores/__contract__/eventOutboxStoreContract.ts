import type { EventOutboxStore, OutboxEvent } from '../eventOutboxStore';

function outboxEvent(
  eventId: string,
  overrides: Partial<Omit<OutboxEvent, 'cursor'>> = {},
): Omit<OutboxEvent, 'cursor'> {
  return {
    tenant: 'acme',
    connector: 'stripe',
    event_id: eventId,
    type: 'payment_succeeded',
    occurred_at: '2024-05-01T10:00:00.000Z',
    received_at: '2024-05-01T10:00:01.000Z',
    payload: { id: eventId, amount: 5000 },
    ...overrides,
  };
}

/** The EventOutboxStore contract: every implementation must pass it. */
export function eventOutboxStoreContract(
  makeStore: () => Promise<EventOutboxStore> | EventOutboxStore,
): void {
  describe('EventOutboxStore contract', () => {
    it('assigns increasing cursors from 1 and reads events back in order', async () => {
      const store = await makeStore();
      expect(await store.append(outboxEvent('evt_1'))).toEqual({ inserted: true, cursor: 1 });
      expect(await store.append(outboxEvent('evt_2', { occurred_at: null }))).toEqual({
        inserted: true,
        cursor: 2,
      });
      expect(await store.list('acme', 0, 10)).toEqual([
        { ...outboxEvent('evt_1'), cursor: 1 },
        { ...outboxEvent('evt_2', { occurred_at: null }), cursor: 2 },
      ]);
    });

    it('does not insert a repeated vendor event id, and answers with the first cursor', async () => {
      const store = await makeStore();
      await store.append(outboxEvent('evt_1'));
      await store.append(outboxEvent('evt_2'));
      expect(await store.append(outboxEvent('evt_1', { payload: { changed: true } }))).toEqual({
        inserted: false,
        cursor: 1,
      });
      const listed = await store.list('acme', 0, 10);
      expect(listed.map((e) => e.event_id)).toEqual(['evt_1', 'evt_2']);
      expect(listed[0]!.payload).toEqual({ id: 'evt_1', amount: 5000 });
    });

    it('de-duplicates per tenant and connector only', async () => {
      const store = await makeStore();
      await store.append(outboxEvent('evt_1'));
      expect((await store.append(outboxEvent('evt_1', { connector: 'twilio' }))).inserted).toBe(
        true,
      );
      expect((await store.append(outboxEvent('evt_1', { tenant: 'globex' }))).inserted).toBe(true);
    });

    it('pages through events after a cursor with a limit', async () => {
      const store = await makeStore();
      for (let i = 1; i <= 7; i++) await store.append(outboxEvent(`evt_${i}`));
      const seen: string[] = [];
      let after = 0;
      for (;;) {
        const page = await store.list('acme', after, 3);
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(3);
        seen.push(...page.map((e) => e.event_id));
        after = page.at(-1)!.cursor;
      }
      expect(seen).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5', 'evt_6', 'evt_7']);
      expect(await store.list('acme', 0, 0)).toEqual([]);
    });

    it('shows a tenant only its own events, with cursors that keep increasing across tenants', async () => {
      const store = await makeStore();
      const a1 = await store.append(outboxEvent('evt_a1'));
      const b1 = await store.append(outboxEvent('evt_b1', { tenant: 'globex' }));
      const a2 = await store.append(outboxEvent('evt_a2'));
      expect(b1.cursor).toBeGreaterThan(a1.cursor);
      expect(a2.cursor).toBeGreaterThan(b1.cursor);
      expect((await store.list('acme', 0, 10)).map((e) => e.event_id)).toEqual([
        'evt_a1',
        'evt_a2',
      ]);
      expect((await store.list('globex', 0, 10)).map((e) => e.event_id)).toEqual(['evt_b1']);
      expect(await store.list('initech', 0, 10)).toEqual([]);
    });

    it('gives each of several concurrent appends its own cursor', async () => {
      const store = await makeStore();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.append(outboxEvent(`evt_${i}`))),
      );
      expect(new Set(results.map((r) => r.cursor)).size).toBe(10);
      expect(await store.list('acme', 0, 100)).toHaveLength(10);
    });

    it('prunes events received before the retention cut-off, and cursors keep growing', async () => {
      const store = await makeStore();
      await store.append(outboxEvent('evt_old', { received_at: '2024-05-01T10:00:00.000Z' }));
      await store.append(outboxEvent('evt_new', { received_at: '2024-05-03T10:00:00.000Z' }));
      expect(await store.prune('2024-05-02T00:00:00.000Z')).toBe(1);
      expect((await store.list('acme', 0, 10)).map((e) => e.event_id)).toEqual(['evt_new']);
      const later = outboxEvent('evt_later', { received_at: '2024-05-04T10:00:00.000Z' });
      expect(await store.append(later)).toEqual({ inserted: true, cursor: 3 });
      expect(await store.prune('2024-05-02T00:00:00.000Z')).toBe(0);
    });
  });
}
