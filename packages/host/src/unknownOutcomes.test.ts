import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIXTURE_WORKSPACE,
  TOKENS,
  startHarness,
  type HostHarness,
  AUDIT_KEY_B64,
} from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';

const CHARGE = '/api/v1/tenants/acme/connectors/good_ledger/operations/charge';
const LIST = '/api/v1/tenants/acme/unknown-outcomes';
const g = globalThis as { __ledgerCharges?: number; __ledgerHangUps?: number };

// Issue 9 items 2 and 3 over HTTP and the CLI: a write that is not idempotent needs a key; an
// unknown outcome blocks its key until an approver resolves it; settled keys are pruned.
describe('unknown outcomes through the host', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      // globex too: a record is read in its own tenant only.
      tenants: {
        acme: { connectors: { good_ledger: {} } },
        globex: { connectors: { good_ledger: {} } },
      },
      extraConfig: { idempotency: { ttl_ms: 60_000, prune_interval_ms: 3_600_000 } },
    });
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    g.__ledgerCharges = 0;
    g.__ledgerHangUps = 0;
  });
  const charge = (key?: string, amount = 30) =>
    h.call('POST', CHARGE, {
      token: TOKENS.alice,
      body: { amount },
      ...(key !== undefined && { headers: { 'idempotency-key': key } }),
    });
  async function unknownCharge(key: string): Promise<string> {
    g.__ledgerHangUps = 1;
    const res = await charge(key);
    expect(res.status).toBe(502);
    expect(res.json.error).toMatchObject({ code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN' });
    return res.json.error.details.unknown_outcome_id as string;
  }
  const cli = (args: string[]) =>
    runCli([...args, '--database', join(h.dir, 'host.db')], {
      env: { DLX_AUDIT_KEY: AUDIT_KEY_B64 },
      cwd: FIXTURE_WORKSPACE,
    });

  it('refuses a write that is not idempotent without an Idempotency-Key (400, nothing run)', async () => {
    const res = await charge();
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('DLX_E_IDEMPOTENCY_KEY_REQUIRED');
    expect(g.__ledgerCharges).toBe(0);
  });

  it('blocks the key with 409, lists it to a viewer and lets an approver resolve it once', async () => {
    const id = await unknownCharge('order-1');
    const repeat = await charge('order-1');
    expect(repeat.status).toBe(409);
    expect(repeat.json.error).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
      details: { unknown_outcome_id: id },
    });
    expect(g.__ledgerCharges).toBe(1);

    const listed = await h.call('GET', LIST, { token: TOKENS.vic });
    expect(listed.status).toBe(200);
    expect(listed.json.unknown_outcomes).toMatchObject([
      {
        id,
        connector: 'good_ledger',
        operation: 'charge',
        idempotency_key: 'order-1',
        idempotent: false,
      },
    ]);
    // The id a failed call carried reads that one record, for a viewer, in its tenant only.
    const one = await h.call('GET', `${LIST}/${id}`, { token: TOKENS.vic });
    expect(one.status).toBe(200);
    expect(one.json).toEqual(listed.json.unknown_outcomes[0]);
    const missing = await h.call('GET', `${LIST}/uo_000000000000000000000000`, {
      token: TOKENS.vic,
    });
    expect([missing.status, missing.json.error.code]).toEqual([
      404,
      'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND',
    ]);
    const elsewhere = await h.call('GET', `/api/v1/tenants/globex/unknown-outcomes/${id}`, {
      token: TOKENS.vic,
    });
    expect([elsewhere.status, elsewhere.json.error.code]).toEqual([
      404,
      'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND',
    ]);
    expect((await h.call('GET', `${LIST}/${id}`, {})).status).toBe(401);
    const board = await h.call('GET', '/api/v1/connectors/governance?tenant=acme', {
      token: TOKENS.vic,
    });
    expect(board.json.tenants[0].connectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ connector_key: 'good_ledger', unknown_outcomes: 1 }),
      ]),
    );
    const metrics = await h.call('GET', '/metrics', { token: TOKENS.vic });
    expect(metrics.text).toContain(
      'connector_unknown_outcomes{tenant="acme",connector="good_ledger"} 1',
    );

    const resolve = (token: string, body: unknown, which = id) =>
      h.call('POST', `${LIST}/${which}/resolve`, { token, body });
    expect((await resolve(TOKENS.alice, { outcome: 'failed', note: 'x' })).status).toBe(403);
    expect((await resolve(TOKENS.bob, { outcome: 'failed' })).json.error.code).toBe(
      'DLX_E_RUNTIME_INPUT_INVALID',
    );
    const offSchema = await resolve(TOKENS.bob, {
      outcome: 'succeeded',
      output: { id: 7 },
      note: 'x',
    });
    expect(offSchema.status).toBe(400);
    const noOutput = await resolve(TOKENS.bob, { outcome: 'succeeded', note: 'x' });
    expect([noOutput.status, noOutput.json.error.message]).toEqual([
      400,
      expect.stringContaining('output: required when outcome is "succeeded"'),
    ]);
    expect((await resolve(TOKENS.bob, { outcome: 'failed', note: 'x' }, 'uo_unknown')).status).toBe(
      404,
    );
    const done = await resolve(TOKENS.bob, {
      outcome: 'succeeded',
      output: { id: 'ch_1', amount: 30 },
      note: 'ch_1 is in the ledger',
    });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ status: 'resolved', resolution: { resolved_by: 'bob' } });
    expect((await h.call('GET', `${LIST}/${id}`, { token: TOKENS.vic })).json).toMatchObject({
      status: 'resolved',
      state: 'completed',
    });
    const again = await resolve(TOKENS.bob, { outcome: 'failed', note: 'second thoughts' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('DLX_E_IDEMPOTENCY_ALREADY_RESOLVED');

    const replay = await charge('order-1');
    expect(replay.json).toMatchObject({ status: 'ok', replayed: true, output: { id: 'ch_1' } });
    expect(g.__ledgerCharges).toBe(1);
    const audit = await h.host.stores.audit.list({ tenant: 'acme' });
    expect(audit.find((r) => r.event === 'unknown_outcome_resolved')).toMatchObject({
      actor: 'bob',
      payload: { unknown_outcome_id: id, outcome: 'succeeded', note: 'ch_1 is in the ledger' },
    });
  });

  it('lists and resolves from the CLI, output read from a file', async () => {
    const id = await unknownCharge('order-2');
    const listed = await cli(['unknown-outcomes', 'list', '-t', 'acme']);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(id);
    const show = (which: string, ...extra: string[]) =>
      cli(['unknown-outcomes', 'show', which, '-t', 'acme', ...extra]);
    const shown = await show(id);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`${id}  good_ledger.charge key order-2  unknown since`);
    expect(JSON.parse((await show(id, '--json')).out)).toMatchObject({
      id,
      idempotency_key: 'order-2',
      status: 'unresolved',
    });
    const none = await show('uo_000000000000000000000000');
    expect(none.code).toBe(2);
    expect(none.err).toContain('DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND');
    const resolve = (...extra: string[]) =>
      cli(['unknown-outcomes', 'resolve', id, '-t', 'acme', '--as', 'bob', ...extra]);
    const usage = await resolve('--outcome', 'succeeded', '--note', 'x');
    expect(usage.code).toBe(2);
    const file = join(h.dir, 'output.json');
    writeFileSync(file, JSON.stringify({ id: 'ch_cli', amount: 30 }));
    const resolved = await resolve(
      '--outcome',
      'succeeded',
      '--output',
      `@${file}`,
      '--note',
      'seen in the ledger',
    );
    expect(resolved).toMatchObject({ code: 0 });
    expect(resolved.out).toContain(`unknown outcome ${id} resolved succeeded by bob`);
    const twice = await resolve('--outcome', 'failed', '--note', 'x');
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('DLX_E_IDEMPOTENCY_ALREADY_RESOLVED');
    expect((await charge('order-2')).json).toMatchObject({
      replayed: true,
      output: { id: 'ch_cli' },
    });
  });

  it('keeps settled keys for idempotency.ttl_ms', async () => {
    await charge('order-4');
    const scope = { tenant: 'acme', connector: 'good_ledger', operation: 'charge' };
    const record = await h.host.stores.idempotency.get(scope, 'order-4', Date.now());
    expect(record!.expires_at - record!.created_at).toBe(60_000);
  });
});

describe('the pruning timer', () => {
  it('deletes settled keys past idempotency.ttl_ms and never an unresolved one', async () => {
    const h = await startHarness({
      tenants: { acme: { connectors: { good_ledger: {} } } },
      extraConfig: {
        idempotency: { ttl_ms: 1, prune_interval_ms: 20 },
        outbox: { retention_ms: 60_000 },
        call_links: { retention_ms: 60_000 },
      },
    });
    try {
      g.__ledgerHangUps = 1;
      const post = (key: string) =>
        h.call('POST', CHARGE, {
          token: TOKENS.alice,
          body: { amount: 1 },
          headers: { 'idempotency-key': key },
        });
      expect((await post('hung-up')).status).toBe(502);
      expect((await post('settled')).status).toBe(200);
      // Outbox events past outbox.retention_ms go on the same timer; recent ones stay.
      const event = (id: string, receivedAt: number) => ({
        tenant: 'acme',
        connector: 'good_ledger',
        event_id: id,
        type: 'charged',
        occurred_at: null,
        received_at: new Date(receivedAt).toISOString(),
        payload: {},
      });
      await h.host.stores.outbox.append(event('evt_old', Date.now() - 120_000));
      await h.host.stores.outbox.append(event('evt_new', Date.now()));
      // So do links from vendor objects to their calls past call_links.retention_ms.
      const link = (objectId: string, createdAt: number) => ({
        tenant: 'acme',
        connector: 'good_ledger',
        object_id: objectId,
        correlation_id: `corr-${objectId}`,
        operation: 'charge',
        created_at: new Date(createdAt).toISOString(),
      });
      await h.host.stores.callLinks.link(link('ch_old', Date.now() - 120_000));
      await h.host.stores.callLinks.link(link('ch_new', Date.now()));
      const linked = async (id: string) =>
        (await h.host.stores.callLinks.find('acme', 'good_ledger', id)) !== undefined;
      const scope = { tenant: 'acme', connector: 'good_ledger', operation: 'charge' };
      const rows = () =>
        h.host.stores.idempotency.listUnknownOutcomes('acme', Date.now(), { status: 'all' });
      // Wait for the timer (no clock to advance in a real host): the settled key goes...
      for (let i = 0; i < 250 && (await settledLeft()); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await settledLeft()).toBe(false);
      for (
        let i = 0;
        i < 250 && (await h.host.stores.outbox.list('acme', undefined, 10)).length > 1;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(
        (await h.host.stores.outbox.list('acme', undefined, 10)).map((e) => e.event_id),
      ).toEqual(['evt_new']);
      for (let i = 0; i < 250 && (await linked('ch_old')); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect([await linked('ch_old'), await linked('ch_new')]).toEqual([false, true]);
      // ...and the unknown outcome stays, still blocking its key.
      expect(await rows()).toHaveLength(1);
      expect((await post('hung-up')).status).toBe(409);

      async function settledLeft(): Promise<boolean> {
        // Read as of time 0: the read itself never drops an expired key, only the timer does.
        const found = await h.host.stores.idempotency.get(scope, 'settled', 0);
        return found !== undefined;
      }
    } finally {
      await h.stop();
    }
  });
});
