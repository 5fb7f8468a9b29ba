import { DealixClient, hasErrorCode, unknownOutcomeOf } from './index';
import { injectFault, useSandboxHost } from './__fixtures__/sandboxHost';
import { SteppedClock } from './__fixtures__/steppedClock';

// Issue 16 (on #7's unknown outcomes): the client names the unknown outcome a call left, lists
// and resolves it; it repeats only what the host marks retryable, never sooner than Retry-After.
type Intent = { id: string; status: string };

describe('unknown outcomes and retries against a running sandbox host', () => {
  const h = useSandboxHost();

  /** A PaymentIntent waiting for a payment method: one that can still be cancelled. */
  async function openIntent(key: string): Promise<string> {
    const created = await h.operator.tenant('sandbox').executeWithApproval<Intent>(
      'stripe',
      'create_payment_intent',
      { amount: 900, currency: 'usd' },
      {
        idempotencyKey: key,
        onApprovalRequired: h.grant,
      },
    );
    return created.output.id;
  }

  /** The vendor answers the cancel 200 with a body that is not a PaymentIntent, once. */
  async function cancelWithUnknownOutcome(intent: string, key: string) {
    await injectFault(h.sandbox.stripeSimulator, {
      route: 'payment_intents.cancel',
      fault: { kind: 'status', status: 200, body: { object: 'not_a_payment_intent' } },
      times: 1,
    });
    const error = await h.operator
      .tenant('sandbox')
      .execute(
        'stripe',
        'cancel_payment_intent',
        { payment_intent: intent },
        {
          idempotencyKey: key,
        },
      )
      .catch((e: unknown) => e);
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN')).toBe(true);
    return error;
  }

  it('names the unknown outcome of a call; an approver resolves it; the key keeps the answer', async () => {
    const intent = await openIntent('client-uo-create-1');
    const error = await cancelWithUnknownOutcome(intent, 'client-uo-cancel-1');
    const ref = unknownOutcomeOf(error);
    expect(ref).toEqual({ id: expect.any(String), idempotencyKey: 'client-uo-cancel-1' });
    expect(unknownOutcomeOf(new Error('other'))).toBeNull();

    const listed = await h.operator.tenant('sandbox').unknownOutcomes();
    expect(listed.find((u) => u.id === ref!.id)).toMatchObject({
      connector: 'stripe',
      operation: 'cancel_payment_intent',
      idempotency_key: 'client-uo-cancel-1',
      status: 'unresolved',
    });
    const resolved = await h.approver.tenant('sandbox').resolveUnknownOutcome(ref!.id, {
      outcome: 'failed',
      note: 'the dashboard shows the intent still open',
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: { outcome: 'failed', resolved_by: 'sandbox-approver' },
    });
    // The id the error carried reads that one record, as it now stands.
    expect(await h.operator.tenant('sandbox').unknownOutcome(ref!.id)).toEqual(resolved);
    const missing = await h.operator
      .tenant('sandbox')
      .unknownOutcome('uo_000000000000000000000000')
      .catch((e: unknown) => e);
    expect(hasErrorCode(missing, 'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND')).toBe(true);
    const again = await h.approver
      .tenant('sandbox')
      .resolveUnknownOutcome(ref!.id, { outcome: 'failed', note: 'twice' })
      .catch((e: unknown) => e);
    expect(hasErrorCode(again, 'DLX_E_IDEMPOTENCY_ALREADY_RESOLVED')).toBe(true);
    const repeat = await h.operator
      .tenant('sandbox')
      .execute(
        'stripe',
        'cancel_payment_intent',
        { payment_intent: intent },
        {
          idempotencyKey: 'client-uo-cancel-1',
        },
      )
      .catch((e: unknown) => e);
    expect(hasErrorCode(repeat, 'DLX_E_IDEMPOTENCY_RESOLVED_FAILED')).toBe(true);
  });

  it('runs an idempotent call again when repeated under the key of its unknown outcome', async () => {
    const intent = await openIntent('client-uo-create-2');
    const error = await cancelWithUnknownOutcome(intent, 'client-uo-cancel-2');
    const ref = unknownOutcomeOf(error)!;
    const rerun = await h.operator.tenant('sandbox').execute<Intent>(
      'stripe',
      'cancel_payment_intent',
      { payment_intent: intent },
      {
        idempotencyKey: ref.idempotencyKey!,
      },
    );
    expect(rerun).toMatchObject({ status: 'ok', output: { id: intent, status: 'canceled' } });
    const left = await h.operator.tenant('sandbox').unknownOutcomes('unresolved');
    expect(left.map((u) => u.id)).not.toContain(ref.id);
  });

  it("repeats a rate-limited call under its key once the host's Retry-After has passed", async () => {
    const intent = await openIntent('client-rl-create-1');
    const clock = new SteppedClock();
    const patient = new DealixClient({
      url: h.sandbox.url,
      token: h.sandbox.tokens.operator,
      clock,
      retry: { maxWaitMs: 300_000 },
    });
    const reads = async () => {
      const url = `${h.sandbox.stripeSimulator}/__sim/requests?route=payment_intents.retrieve`;
      return ((await (await fetch(url)).json()) as unknown[]).length;
    };
    const before = await reads();
    // The vendor asks for 120 s, past the operation's deadline: the host answers 429 at once.
    await injectFault(h.sandbox.stripeSimulator, {
      route: 'payment_intents.retrieve',
      fault: { kind: 'rate_limit', retryAfterSeconds: 120 },
      times: 1,
    });
    const read = await patient.tenant('sandbox').execute<Intent>(
      'stripe',
      'retrieve_payment_intent',
      { payment_intent: intent },
      {
        idempotencyKey: 'client-rl-read-1',
      },
    );
    expect(read).toMatchObject({ status: 'ok', output: { id: intent } });
    expect(clock.sleeps).toEqual([120_000]);
    expect((await reads()) - before).toBe(2);
  });

  it('throws at once what it may not repeat: a wait past maxWaitMs, a call without a key', async () => {
    const intent = await openIntent('client-rl-create-2');
    const clock = new SteppedClock();
    const hasty = new DealixClient({ url: h.sandbox.url, token: h.sandbox.tokens.operator, clock });
    await injectFault(h.sandbox.stripeSimulator, {
      route: 'payment_intents.retrieve',
      fault: { kind: 'rate_limit', retryAfterSeconds: 120 },
      times: 2,
    });
    const tooLong = await hasty
      .tenant('sandbox')
      .execute(
        'stripe',
        'retrieve_payment_intent',
        { payment_intent: intent },
        {
          idempotencyKey: 'client-rl-read-2',
        },
      )
      .catch((e: unknown) => e);
    expect(hasErrorCode(tooLong, 'DLX_E_VENDOR_RATE_LIMITED')).toBe(true);
    expect(hasErrorCode(tooLong, 'DLX_E_VENDOR_RATE_LIMITED') && tooLong.retryable).toBe(true);
    expect(hasErrorCode(tooLong, 'DLX_E_VENDOR_RATE_LIMITED') && tooLong.retryAfterMs).toBe(
      120_000,
    );
    const patient = new DealixClient({
      url: h.sandbox.url,
      token: h.sandbox.tokens.operator,
      clock,
      retry: { maxWaitMs: 300_000 },
    });
    const keyless = await patient
      .tenant('sandbox')
      .execute('stripe', 'retrieve_payment_intent', { payment_intent: intent })
      .catch((e: unknown) => e);
    expect(hasErrorCode(keyless, 'DLX_E_VENDOR_RATE_LIMITED')).toBe(true);
    expect(clock.sleeps).toEqual([]);
  });
});
