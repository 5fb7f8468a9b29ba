import { DlxError } from '../../errors/dlxError';
import type { IdempotencyStore, ResolveRequest } from '../idempotencyStore';
import { beginRequest, HOLDER, LEASE_MS, SCOPE, T0, TTL_MS } from './idempotencyFixtures';

const UNKNOWN = new DlxError('DLX_E_RUNTIME_OUTCOME_UNKNOWN', 'reset after send').toJSON();

/** Starts `key` and marks it unknown; resolves to its unknown_outcome_id. */
async function unknownKey(store: IdempotencyStore, key: string, idempotent = false) {
  await store.begin(beginRequest({ key, idempotent }));
  const id = await store.markUnknown(SCOPE, key, UNKNOWN, T0 + 1);
  if (id === undefined) throw new Error('markUnknown found no record');
  return id;
}

function resolution(id: string, overrides: Partial<ResolveRequest> = {}): ResolveRequest {
  return {
    tenant: SCOPE.tenant,
    unknown_outcome_id: id,
    settle: { state: 'completed', result: { id: 'pay_9' } },
    resolution: {
      outcome: 'succeeded',
      note: 'seen in the dashboard',
      resolved_by: 'pat',
      resolved_at: T0 + 50,
    },
    expires_at: T0 + 50 + TTL_MS,
    ...overrides,
  };
}

/** Unknown outcomes, leases of restarted hosts and pruning: part of the IdempotencyStore contract. */
export function unknownOutcomeStoreContract(
  makeStore: () => Promise<IdempotencyStore> | IdempotencyStore,
): void {
  describe('IdempotencyStore contract: unknown outcomes', () => {
    it('never lapses an unknown outcome with the TTL, and keeps its id when marked again', async () => {
      const store = await makeStore();
      const id = await unknownKey(store, 'order-1');
      const muchLater = T0 + TTL_MS * 10;
      expect(await store.get(SCOPE, 'order-1', muchLater)).toMatchObject({
        state: 'outcome_unknown',
        unknown_outcome_id: id,
      });
      expect(await store.pruneExpired(muchLater)).toBe(0);
      expect(await store.markUnknown(SCOPE, 'order-1', UNKNOWN, muchLater)).toBe(id);
      expect(await store.markUnknown(SCOPE, 'absent', UNKNOWN, muchLater)).toBeUndefined();
    });

    it('prunes settled records past their expiry and nothing else', async () => {
      const store = await makeStore();
      await store.begin(beginRequest({ key: 'done', ttl_ms: 5_000 }));
      await store.complete(SCOPE, 'done', { id: 'pay_1' });
      await store.begin(beginRequest({ key: 'long', ttl_ms: 50_000 }));
      await store.complete(SCOPE, 'long', { id: 'pay_2' });
      await store.begin(beginRequest({ key: 'running', ttl_ms: 5_000, lease_ms: 100_000 }));
      await unknownKey(store, 'unknown');
      expect(await store.pruneExpired(T0 + 5_000)).toBe(0);
      expect(await store.pruneExpired(T0 + 5_001)).toBe(1);
      expect(await store.get(SCOPE, 'done', T0 + 5_001)).toBeUndefined();
      for (const key of ['long', 'running', 'unknown']) {
        expect(await store.get(SCOPE, key, T0 + 5_001)).toMatchObject({ key });
      }
    });

    it('lists unknown outcomes per tenant, unresolved by default', async () => {
      const store = await makeStore();
      const first = await unknownKey(store, 'a', true);
      const second = await unknownKey(store, 'b');
      await store.begin(beginRequest({ key: 'ok' }));
      await store.begin(beginRequest({ key: 'elsewhere', scope: { ...SCOPE, tenant: 'globex' } }));
      await store.markUnknown({ ...SCOPE, tenant: 'globex' }, 'elsewhere', UNKNOWN, T0 + 2);
      const listed = await store.listUnknownOutcomes('acme', T0 + 10);
      expect(listed.map((r) => [r.unknown_outcome_id, r.key, r.idempotent])).toEqual([
        [first, 'a', true],
        [second, 'b', false],
      ]);
      expect(await store.listUnknownOutcomes('acme', T0 + 10, { status: 'resolved' })).toEqual([]);
      expect(await store.getUnknownOutcome('acme', first, T0 + 10)).toMatchObject({ key: 'a' });
      expect(await store.getUnknownOutcome('globex', first, T0 + 10)).toBeUndefined();
      expect(await store.countUnresolvedUnknownOutcomes(T0 + 10)).toEqual(
        expect.arrayContaining([
          { tenant: 'acme', connector: 'stripe', count: 2 },
          { tenant: 'globex', connector: 'stripe', count: 1 },
        ]),
      );
    });

    it('resolves an unknown outcome once, by compare-and-set', async () => {
      const store = await makeStore();
      const id = await unknownKey(store, 'order-1');
      const done = await store.resolveUnknownOutcome(resolution(id));
      expect(done).toMatchObject({
        outcome: 'resolved',
        record: {
          state: 'completed',
          result: { id: 'pay_9' },
          unknown_outcome_id: id,
          resolution: { outcome: 'succeeded', resolved_by: 'pat', note: 'seen in the dashboard' },
        },
      });
      expect(await store.resolveUnknownOutcome(resolution(id))).toMatchObject({
        outcome: 'not_unknown',
        record: { state: 'completed' },
      });
      expect(await store.resolveUnknownOutcome(resolution('uo_missing'))).toEqual({
        outcome: 'not_found',
      });
      expect((await store.get(SCOPE, 'order-1', T0 + 60))?.result).toEqual({ id: 'pay_9' });
      expect(await store.listUnknownOutcomes('acme', T0 + 60)).toEqual([]);
      expect(await store.listUnknownOutcomes('acme', T0 + 60, { status: 'resolved' })).toHaveLength(
        1,
      );
      expect(await store.countUnresolvedUnknownOutcomes(T0 + 60)).toEqual([]);
    });

    it('resolves as failed with the error later callers get', async () => {
      const store = await makeStore();
      const id = await unknownKey(store, 'order-1');
      const error = new DlxError('DLX_E_IDEMPOTENCY_RESOLVED_FAILED', 'not at the vendor').toJSON();
      await store.resolveUnknownOutcome(
        resolution(id, {
          settle: { state: 'failed', error },
          resolution: {
            outcome: 'failed',
            note: 'absent',
            resolved_by: 'pat',
            resolved_at: T0 + 9,
          },
        }),
      );
      expect(await store.get(SCOPE, 'order-1', T0 + 10)).toMatchObject({
        state: 'failed',
        error,
        resolution: { outcome: 'failed' },
      });
    });

    it('lets exactly one of concurrent re-runs take an unknown outcome back', async () => {
      const store = await makeStore();
      const id = await unknownKey(store, 'order-1', true);
      const rerun = {
        scope: SCOPE,
        key: 'order-1',
        now: T0 + 20,
        lease_ms: LEASE_MS,
        holder: HOLDER,
      };
      const taken = await Promise.all(Array.from({ length: 5 }, () => store.rerun(rerun)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      expect(await store.get(SCOPE, 'order-1', T0 + 21)).toMatchObject({
        state: 'in_progress',
        unknown_outcome_id: id,
        lease_expires_at: T0 + 20 + LEASE_MS,
      });
      // Being re-run: still unresolved, and a person cannot resolve it meanwhile.
      expect(await store.listUnknownOutcomes('acme', T0 + 21)).toHaveLength(1);
      expect((await store.resolveUnknownOutcome(resolution(id))).outcome).toBe('not_unknown');
      await store.complete(SCOPE, 'order-1', { id: 'pay_rerun' });
      expect(await store.listUnknownOutcomes('acme', T0 + 22)).toEqual([]);
      expect(await store.listUnknownOutcomes('acme', T0 + 22, { status: 'all' })).toMatchObject([
        { state: 'completed', unknown_outcome_id: id },
      ]);
      expect(await store.rerun(rerun)).toBe(false);
    });
  });

  describe('IdempotencyStore contract: leases of a restarted host', () => {
    it('turns this host’s leases from an earlier boot unknown at once, and nobody else’s', async () => {
      const store = await makeStore();
      await store.begin(beginRequest({ key: 'old-boot' }));
      await store.begin(
        beginRequest({ key: 'other-host', holder: { host_id: 'host-b', boot_id: 'boot-1' } }),
      );
      const current = { host_id: HOLDER.host_id, boot_id: 'boot-2' };
      await store.begin(beginRequest({ key: 'this-boot', holder: current }));
      expect(await store.convertOrphanedLeases(current, T0 + 5)).toEqual({
        unknown: 1,
        released: 0,
      });
      expect(await store.get(SCOPE, 'old-boot', T0 + 6)).toMatchObject({
        state: 'outcome_unknown',
        unknown_outcome_id: expect.stringMatching(/^uo_/),
        error: { code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN', details: { reason: 'host_restarted' } },
      });
      expect((await store.get(SCOPE, 'other-host', T0 + 6))?.state).toBe('in_progress');
      expect((await store.get(SCOPE, 'this-boot', T0 + 6))?.state).toBe('in_progress');
      // Another host's lease converts only when it lapses.
      expect((await store.get(SCOPE, 'other-host', T0 + LEASE_MS + 1))?.state).toBe(
        'outcome_unknown',
      );
    });
  });

  describe('IdempotencyStore contract: calls still queued (markQueued)', () => {
    const NEXT_BOOT = { host_id: HOLDER.host_id, boot_id: 'boot-2' };

    it('marks only the holder’s own in_progress record, and says when it did not', async () => {
      const store = await makeStore();
      await store.begin(beginRequest({ key: 'waiting' }));
      expect(await store.markQueued(SCOPE, 'waiting', HOLDER, true)).toBe(true);
      expect(await store.get(SCOPE, 'waiting', T0 + 1)).toMatchObject({
        state: 'in_progress',
        queued: true,
      });
      // Another start of the same host, another host, an absent key: not theirs to mark.
      expect(await store.markQueued(SCOPE, 'waiting', NEXT_BOOT, false)).toBe(false);
      expect(
        await store.markQueued(SCOPE, 'waiting', { host_id: 'host-b', boot_id: 'boot-1' }, false),
      ).toBe(false);
      expect(await store.markQueued(SCOPE, 'never-begun', HOLDER, true)).toBe(false);
      expect((await store.get(SCOPE, 'waiting', T0 + 1))?.queued).toBe(true);
      // Its slot came: marked sent before anything is sent.
      expect(await store.markQueued(SCOPE, 'waiting', HOLDER, false)).toBe(true);
      expect((await store.get(SCOPE, 'waiting', T0 + 1))?.queued).toBeUndefined();
      // A settled key is in progress no more.
      await store.complete(SCOPE, 'waiting', { id: 'pay_1' });
      expect(await store.markQueued(SCOPE, 'waiting', HOLDER, true)).toBe(false);
      expect(await store.get(SCOPE, 'waiting', T0 + 2)).toMatchObject({
        state: 'completed',
        result: { id: 'pay_1' },
      });
      expect((await store.get(SCOPE, 'waiting', T0 + 2))?.queued).toBeUndefined();
    });

    it('releases a queued call of an earlier start, and makes one that may have been sent unknown', async () => {
      const store = await makeStore();
      await store.begin(beginRequest({ key: 'queued' }));
      await store.begin(beginRequest({ key: 'sent' }));
      await store.begin(beginRequest({ key: 'sent-after-wait' }));
      await store.markQueued(SCOPE, 'queued', HOLDER, true);
      await store.markQueued(SCOPE, 'sent-after-wait', HOLDER, true);
      await store.markQueued(SCOPE, 'sent-after-wait', HOLDER, false);
      expect(await store.convertOrphanedLeases(NEXT_BOOT, T0 + 5)).toEqual({
        unknown: 2,
        released: 1,
      });
      expect(await store.get(SCOPE, 'queued', T0 + 6)).toBeUndefined();
      expect((await store.get(SCOPE, 'sent', T0 + 6))?.state).toBe('outcome_unknown');
      expect((await store.get(SCOPE, 'sent-after-wait', T0 + 6))?.state).toBe('outcome_unknown');
      expect(await store.listUnknownOutcomes('acme', T0 + 6)).toHaveLength(2);
      // A repeat of the released key runs it.
      const again = await store.begin(
        beginRequest({ key: 'queued', now: T0 + 7, holder: NEXT_BOOT }),
      );
      expect(again.outcome).toBe('started');
    });

    it('treats a queued call past its lease as absent: no unknown outcome, and a repeat starts it', async () => {
      const store = await makeStore();
      await store.begin(beginRequest({ key: 'stalled' }));
      await store.markQueued(SCOPE, 'stalled', HOLDER, true);
      const lapsed = T0 + LEASE_MS + 1;
      expect(await store.listUnknownOutcomes('acme', lapsed)).toEqual([]);
      expect(await store.countUnresolvedUnknownOutcomes(lapsed)).toEqual([]);
      expect(await store.get(SCOPE, 'stalled', lapsed)).toBeUndefined();
      const holderB = { host_id: 'host-b', boot_id: 'boot-1' };
      const taken = await store.begin(
        beginRequest({ key: 'stalled', now: lapsed, holder: holderB }),
      );
      expect(taken.outcome).toBe('started');
      // The first holder, alive after all, finds the key another's: it must not send.
      expect(await store.markQueued(SCOPE, 'stalled', HOLDER, false)).toBe(false);
      expect(await store.get(SCOPE, 'stalled', lapsed + 1)).toMatchObject({
        state: 'in_progress',
        holder: holderB,
      });
    });

    it('keeps a queued re-run of an unknown outcome unknown when its holder is gone', async () => {
      const store = await makeStore();
      const id = await unknownKey(store, 'order-1', true);
      const rerun = {
        scope: SCOPE,
        key: 'order-1',
        now: T0 + 2,
        lease_ms: LEASE_MS,
        holder: HOLDER,
      };
      expect(await store.rerun(rerun)).toBe(true);
      expect(await store.markQueued(SCOPE, 'order-1', HOLDER, true)).toBe(true);
      expect(await store.convertOrphanedLeases(NEXT_BOOT, T0 + 5)).toEqual({
        unknown: 1,
        released: 0,
      });
      expect(await store.get(SCOPE, 'order-1', T0 + 6)).toMatchObject({
        state: 'outcome_unknown',
        unknown_outcome_id: id,
      });
    });
  });
}
