import type { EventOutboxStore, OutboxEvent } from '../eventOutboxStore';
import { rejectionOf } from './rejectionOf';

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

/** Every event of the tenant, paged through `pageSize` at a time from the start. */
async function readAll(store: EventOutboxStore, tenant: string, pageSize: number) {
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.list(tenant, after, pageSize);
    if (page.length === 0) return seen;
    expect(page.length).toBeLessThanOrEqual(pageSize);
    seen.push(...page.map((e) => e.event_id));
    after = page.at(-1)!.cursor;
  }
}

/**
 * The EventOutboxStore contract: every implementation must pass it. Cursors are opaque strings:
 * the suite only hands them back, never compares or computes with them.
 */
export function eventOutboxStoreContract(
  makeStore: () => Promise<EventOutboxStore> | EventOutboxStore,
): void {
  describe('EventOutboxStore contract', () => {
    it('gives each event a cursor and reads events back in order from the start', async () => {
      const store = await makeStore();
      const first = await store.append(outboxEvent('evt_1'));
      const second = await store.append(outboxEvent('evt_2', { occurred_at: null }));
      expect(first).toEqual({ inserted: true, cursor: expect.any(String) });
      expect(second).toEqual({ inserted: true, cursor: expect.any(String) });
      expect(second.cursor).not.toBe(first.cursor);
      expect(await store.list('acme', undefined, 10)).toEqual([
        { ...outboxEvent('evt_1'), cursor: first.cursor },
        { ...outboxEvent('evt_2', { occurred_at: null }), cursor: second.cursor },
      ]);
      expect(await store.list('acme', first.cursor, 10)).toEqual([
        { ...outboxEvent('evt_2', { occurred_at: null }), cursor: second.cursor },
      ]);
      expect(await store.list('acme', second.cursor, 10)).toEqual([]);
    });

    it('does not insert a repeated vendor event id, and answers with the first cursor', async () => {
      const store = await makeStore();
      const first = await store.append(outboxEvent('evt_1'));
      await store.append(outboxEvent('evt_2'));
      expect(await store.append(outboxEvent('evt_1', { payload: { changed: true } }))).toEqual({
        inserted: false,
        cursor: first.cursor,
      });
      const listed = await store.list('acme', undefined, 10);
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
      expect(await readAll(store, 'acme', 3)).toEqual([
        'evt_1',
        'evt_2',
        'evt_3',
        'evt_4',
        'evt_5',
        'evt_6',
        'evt_7',
      ]);
      expect(await store.list('acme', undefined, 0)).toEqual([]);
    });

    it('shows a tenant only its own events, and pages on past other tenants\u2019 events', async () => {
      const store = await makeStore();
      const a1 = await store.append(outboxEvent('evt_a1'));
      await store.append(outboxEvent('evt_b1', { tenant: 'globex' }));
      await store.append(outboxEvent('evt_a2'));
      expect(await readAll(store, 'acme', 10)).toEqual(['evt_a1', 'evt_a2']);
      expect((await store.list('acme', a1.cursor, 10)).map((e) => e.event_id)).toEqual(['evt_a2']);
      expect(await readAll(store, 'globex', 10)).toEqual(['evt_b1']);
      expect(await store.list('initech', undefined, 10)).toEqual([]);
    });

    it('gives each of several concurrent appends its own cursor', async () => {
      const store = await makeStore();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.append(outboxEvent(`evt_${i}`))),
      );
      expect(new Set(results.map((r) => r.cursor)).size).toBe(10);
      expect(await store.list('acme', undefined, 100)).toHaveLength(10);
    });

    it('lets a consumer paging throughout a burst of concurrent appends see every event once', async () => {
      const store = await makeStore();
      const seen: string[] = [];
      let after: string | undefined;
      const poll = async () => {
        const page = await store.list('acme', after, 7);
        seen.push(...page.map((e) => e.event_id));
        if (page.length > 0) after = page.at(-1)!.cursor;
        return page.length;
      };
      let writing = true;
      const written = Promise.all(
        Array.from({ length: 40 }, (_, i) => store.append(outboxEvent(`evt_${i}`))),
      ).finally(() => (writing = false));
      while (writing) await poll();
      await written;
      while ((await poll()) > 0);
      expect([...seen].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `evt_${i}`).sort());
    });

    it('refuses a cursor it never gave out', async () => {
      const store = await makeStore();
      await store.append(outboxEvent('evt_1'));
      for (const bad of ['-1', 'abc', '1e3', ' 1', '9'.repeat(80)]) {
        const err = await rejectionOf(store.list('acme', bad, 10));
        expect({ bad, code: (err as { code?: unknown }).code }).toEqual({
          bad,
          code: 'DLX_E_RUNTIME_INPUT_INVALID',
        });
      }
    });

    it('refuses a cursor past the last one it gave out: a consumer would skip every event up to it', async () => {
      const store = await makeStore();
      const empty = await makeStore();
      const { cursor } = await store.append(outboxEvent('evt_1'));
      // Both cursor forms end in the event's number; a larger one was never given out.
      const past = cursor.replace(/[0-9]+$/, (n) => String(BigInt(n) + 1000n));
      const err = await rejectionOf(store.list('acme', past, 10));
      expect(err).toMatchObject({
        code: 'DLX_E_RUNTIME_INPUT_INVALID',
        details: { reason: 'cursor_invalid' },
      });
      expect((await rejectionOf(empty.list('acme', past, 10))) as object).toMatchObject({
        code: 'DLX_E_RUNTIME_INPUT_INVALID',
      });
      // The events after it still come, once they exist, to a consumer with a cursor it was given.
      await store.append(outboxEvent('evt_2'));
      expect((await store.list('acme', cursor, 10)).map((e) => e.event_id)).toEqual(['evt_2']);
    });

    it('prunes events received before the retention cut-off, and a cursor read before still pages on', async () => {
      const store = await makeStore();
      const old = await store.append(
        outboxEvent('evt_old', { received_at: '2024-05-01T10:00:00.000Z' }),
      );
      await store.append(outboxEvent('evt_new', { received_at: '2024-05-03T10:00:00.000Z' }));
      expect(await store.prune('2024-05-02T00:00:00.000Z')).toBe(1);
      expect(await readAll(store, 'acme', 10)).toEqual(['evt_new']);
      const later = outboxEvent('evt_later', { received_at: '2024-05-04T10:00:00.000Z' });
      expect((await store.append(later)).inserted).toBe(true);
      expect((await store.list('acme', old.cursor, 10)).map((e) => e.event_id)).toEqual([
        'evt_new',
        'evt_later',
      ]);
      expect(await store.prune('2024-05-02T00:00:00.000Z')).toBe(0);
    });
  });
}
