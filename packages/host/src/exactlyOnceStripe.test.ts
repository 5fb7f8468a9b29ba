import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { StripeSimulator } from '@dealix/connector-testkit';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';

// Issue 9 items 1 and 2 against the Stripe simulator, through the host and its SQLite stores:
// a failure after Stripe charged must not lead to a second charge, and a read must show the
// intent as Stripe has it now.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const OPS = '/api/v1/tenants/sandbox/connectors/stripe/operations';

describe('exactly once and never stale, against the Stripe simulator', () => {
  let h: HostHarness;
  let stripe: StripeSimulator;
  let op: string;
  let ap: string;
  beforeAll(async () => {
    h = await startHarness({ rootDir: REPO_ROOT });
    stripe = h.host.sandbox!.simulators.stripe;
    op = h.host.sandboxTokens!.operator;
    ap = h.host.sandboxTokens!.approver;
  }, 60_000);
  afterAll(() => h?.stop());

  const call = (operation: string, body: unknown, key?: string, approvalId?: string) =>
    h.call('POST', `${OPS}/${operation}${approvalId ? `?approval_id=${approvalId}` : ''}`, {
      token: op,
      body,
      ...(key !== undefined && { headers: { 'idempotency-key': key } }),
    });
  /** Asks, grants, runs: the approval id and the answer of the run. */
  async function approved(operation: string, body: unknown, key: string) {
    const asked = await call(operation, body, key);
    expect(asked.status).toBe(202);
    const id = asked.json.approval_id as string;
    await h.call('POST', `/api/v1/tenants/sandbox/approvals/${id}/grant`, { token: ap });
    return { id, run: await call(operation, body, key, id) };
  }
  /** A real SQLite failure, as a full disk would give: storing a completed result aborts. */
  function withFailingCompletion<T>(fn: () => Promise<T>): Promise<T> {
    const db = new Database(h.host.stores.database);
    db.exec(
      "CREATE TRIGGER fail_completion BEFORE INSERT ON idempotency_records WHEN NEW.state = 'completed' " +
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    return fn().finally(() => {
      db.exec('DROP TRIGGER fail_completion');
      db.close();
    });
  }

  it('charges once when recording the result fails after Stripe charged (item 1)', async () => {
    const payment = {
      amount: 2500,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
    };
    const before = stripe.server.counters.get('payment_intents_created') ?? 0;
    const { id, run } = await withFailingCompletion(() =>
      approved('create_payment_intent', payment, 'order-91'),
    );
    expect(run.status).toBe(502);
    expect(run.json.error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: { failed_step: 'idempotency_record', after: 'vendor_succeeded' },
    });
    expect(stripe.server.counters.get('payment_intents_created')).toBe(before + 1);
    // The success record and the key's result are written together or not at all: neither here.
    const created = async () =>
      (await h.host.stores.audit.list({ tenant: 'sandbox' })).filter(
        (r) => r.idempotency_key === 'order-91' && r.event === 'payment_intent_created',
      ).length;
    expect(await created()).toBe(0);

    // An idempotent create: the repeat runs again under the same Stripe key (its grant still
    // serves that key) and Stripe answers with the first charge.
    const again = await call('create_payment_intent', payment, 'order-91', id);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({
      status: 'ok',
      output: { status: 'succeeded', amount: 2500 },
    });
    const replay = await call('create_payment_intent', payment, 'order-91', id);
    expect(replay.json).toMatchObject({ status: 'ok', replayed: true });
    expect(stripe.server.counters.get('payment_intents_created')).toBe(before + 1);
    expect(stripe.charges.size).toBe(before + 1);
    // One charge, one success record (before, the first run's success was audited as well).
    expect(await created()).toBe(1);
  }, 30_000);

  it('reads an intent fresh after it was canceled, and asks again after a not-found (item 2)', async () => {
    const { run } = await approved(
      'create_payment_intent',
      { amount: 700, currency: 'usd' },
      'order-92',
    );
    const intent = run.json.output.id as string;
    const read = () => call('retrieve_payment_intent', { payment_intent: intent });
    expect((await read()).json).toMatchObject({
      output: { status: 'requires_payment_method' },
      replayed: false,
    });
    expect((await call('cancel_payment_intent', { payment_intent: intent })).status).toBe(200);
    expect((await read()).json).toMatchObject({ output: { status: 'canceled' }, replayed: false });

    const reads = () =>
      stripe.server
        .requestsTo('payment_intents.retrieve')
        .filter((r) => r.path.endsWith('pi_missing')).length;
    for (let i = 0; i < 2; i++) {
      const missing = await call('retrieve_payment_intent', { payment_intent: 'pi_missing' });
      expect(missing.json.error.code).toBe('DLX_E_VENDOR_PERMANENT');
    }
    expect(reads()).toBe(2);
  }, 30_000);
});
