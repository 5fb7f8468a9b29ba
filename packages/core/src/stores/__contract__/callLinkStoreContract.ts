import type { CallLink, CallLinkStore } from '../callLinkStore';

function callLink(objectId: string, overrides: Partial<CallLink> = {}): CallLink {
  return {
    tenant: 'acme',
    connector: 'voice',
    object_id: objectId,
    correlation_id: `corr-${objectId}`,
    operation: 'place_call',
    created_at: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}

/** The CallLinkStore contract: every implementation must pass it. */
export function callLinkStoreContract(
  makeStore: () => Promise<CallLinkStore> | CallLinkStore,
): void {
  describe('CallLinkStore contract', () => {
    it('finds the call that created an object', async () => {
      const store = await makeStore();
      await store.link(callLink('CA01'));
      await store.link(callLink('CA02'));
      expect(await store.find('acme', 'voice', 'CA01')).toEqual(callLink('CA01'));
      expect(await store.find('acme', 'voice', 'CA02')).toEqual(callLink('CA02'));
    });

    it('answers undefined for an object no call recorded', async () => {
      const store = await makeStore();
      await store.link(callLink('CA01'));
      expect(await store.find('acme', 'voice', 'CA99')).toBeUndefined();
    });

    it('keeps the first call that named an object', async () => {
      const store = await makeStore();
      await store.link(callLink('CA01'));
      await store.link(callLink('CA01', { correlation_id: 'corr-cancel', operation: 'hang_up' }));
      expect(await store.find('acme', 'voice', 'CA01')).toMatchObject({
        correlation_id: 'corr-CA01',
        operation: 'place_call',
      });
    });

    it('keeps tenants and connectors apart', async () => {
      const store = await makeStore();
      await store.link(callLink('X1'));
      await store.link(callLink('X1', { tenant: 'globex', correlation_id: 'corr-globex' }));
      await store.link(callLink('X1', { connector: 'whatsapp', correlation_id: 'corr-wa' }));
      expect((await store.find('acme', 'voice', 'X1'))?.correlation_id).toBe('corr-X1');
      expect((await store.find('globex', 'voice', 'X1'))?.correlation_id).toBe('corr-globex');
      expect((await store.find('acme', 'whatsapp', 'X1'))?.correlation_id).toBe('corr-wa');
      expect(await store.find('initech', 'voice', 'X1')).toBeUndefined();
    });

    it('keeps the trace and span of the attempt that recorded the link', async () => {
      const store = await makeStore();
      const traced = {
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: '00f067aa0ba902b7',
      };
      await store.link(callLink('CA01', traced));
      await store.link(callLink('CA02'));
      expect(await store.find('acme', 'voice', 'CA01')).toEqual(callLink('CA01', traced));
      const untraced = await store.find('acme', 'voice', 'CA02');
      expect(untraced?.trace_id ?? null).toBeNull();
      expect(untraced?.span_id ?? null).toBeNull();
    });

    it('prunes the links recorded before a time and counts them', async () => {
      const store = await makeStore();
      await store.link(callLink('OLD1', { created_at: '2024-04-01T00:00:00.000Z' }));
      await store.link(
        callLink('OLD2', { tenant: 'globex', created_at: '2024-04-30T23:59:59.999Z' }),
      );
      await store.link(callLink('EDGE', { created_at: '2024-05-01T00:00:00.000Z' }));
      await store.link(callLink('NEW', { created_at: '2024-05-02T00:00:00.000Z' }));
      expect(await store.prune('2024-05-01T00:00:00.000Z')).toBe(2);
      expect(await store.find('acme', 'voice', 'OLD1')).toBeUndefined();
      expect(await store.find('globex', 'voice', 'OLD2')).toBeUndefined();
      expect(await store.find('acme', 'voice', 'EDGE')).toEqual(
        callLink('EDGE', { created_at: '2024-05-01T00:00:00.000Z' }),
      );
      expect((await store.find('acme', 'voice', 'NEW'))?.correlation_id).toBe('corr-NEW');
      expect(await store.prune('2024-05-01T00:00:00.000Z')).toBe(0);
    });

    it('lets a later call link an object whose link was pruned', async () => {
      const store = await makeStore();
      await store.link(callLink('CA01', { created_at: '2024-04-01T00:00:00.000Z' }));
      await store.prune('2024-05-01T00:00:00.000Z');
      await store.link(callLink('CA01', { correlation_id: 'corr-later', operation: 'hang_up' }));
      expect(await store.find('acme', 'voice', 'CA01')).toMatchObject({
        correlation_id: 'corr-later',
        operation: 'hang_up',
      });
    });

    it('hands out copies: changing a found link changes nothing stored', async () => {
      const store = await makeStore();
      await store.link(callLink('CA01'));
      const found = await store.find('acme', 'voice', 'CA01');
      found!.correlation_id = 'changed';
      expect((await store.find('acme', 'voice', 'CA01'))?.correlation_id).toBe('corr-CA01');
    });
  });
}
