import { rawHttpRequest } from '@dealix/connector-testkit';
import { DlxError, hasErrorCode, isDlxError, mapVendorError } from '@dealix/connector-core';
import {
  API_KEY,
  outputOf,
  useStripeHarness,
  type StripeHarness,
} from './__fixtures__/stripeHarness';
import { STRIPE_ERRORS } from './errors';

const RETRIEVE = 'payment_intents.retrieve';
const CREATE = 'payment_intents.create';

describe('Stripe errors through the governance runtime', () => {
  let h: StripeHarness;
  let intentId: string;
  let baseline: number;
  /** Requests since the test's own setup, optionally to one route. */
  const sent = (route?: string) =>
    h.vendor.server.requests
      .slice(baseline)
      .filter((request) => route === undefined || request.routeId === route);

  const harness = useStripeHarness();
  beforeEach(async () => {
    h = harness();
    intentId = outputOf<{ id: string }>(
      await h.approved('create_payment_intent', { amount: 100, currency: 'usd' }),
    ).id;
    baseline = h.vendor.server.requests.length;
  });

  const retrieve = (id = intentId) => h.call('retrieve_payment_intent', { payment_intent: id });

  it('ends a declined card as permanent after one request, with the decline code', async () => {
    const error = await h.rejection(() =>
      h.approved('create_payment_intent', {
        amount: 900,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_chargeDeclined',
      }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      kind: 'permanent',
      retryable: false,
      vendorCode: 'card_declined',
      vendorStatus: 402,
      details: expect.objectContaining({
        stripe_type: 'card_error',
        decline_code: 'generic_decline',
      }),
    });
    expect(error.vendorRequestId).toMatch(/^req_/);
    expect(sent(CREATE)).toHaveLength(1);
  });

  it("ends an amount under Stripe's minimum charge as permanent, naming the field", async () => {
    const error = await h.rejection(() =>
      h.approved('create_payment_intent', { amount: 20, currency: 'usd' }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      retryable: false,
      vendorCode: 'amount_too_small',
      vendorStatus: 400,
    });
    expect(error.details).toMatchObject({ stripe_type: 'invalid_request_error', param: 'amount' });
    expect(sent(CREATE)).toHaveLength(1);
    expect(h.vendor.paymentIntents.size).toBe(1);
  });

  it('keeps the Request-Id and Stripe code of a missing object', async () => {
    const error = await h.rejection(() => retrieve('pi_doesNotExist'));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'resource_missing',
      vendorStatus: 404,
      vendorRequestId: expect.stringMatching(/^req_\w+$/),
    });
    expect(sent()).toHaveLength(1);
  });

  it('never retries a rejected key', async () => {
    h.vendor.server.injectFault({ route: RETRIEVE, fault: { kind: 'expired_token' }, times: 5 });
    const error = await h.rejection(() => retrieve());
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: 'api_key_expired' });
    expect(sent()).toHaveLength(1);
  });

  it('stops retrying a 5xx when Stripe-Should-Retry says false', async () => {
    h.vendor.server.injectFault({
      route: RETRIEVE,
      fault: { kind: 'status', status: 503, headers: { 'Stripe-Should-Retry': 'false' } },
      times: 3,
    });
    const error = await h.rejection(() => retrieve());
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_TRANSIENT', retryable: false });
    expect(sent()).toHaveLength(1);
  });

  it('retries a 4xx when Stripe-Should-Retry says true', async () => {
    h.vendor.server.injectFault({
      route: RETRIEVE,
      fault: { kind: 'status', status: 400, headers: { 'Stripe-Should-Retry': 'true' } },
      times: 1,
    });
    const result = await retrieve();
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('retries a plain 5xx by default', async () => {
    h.vendor.server.injectFault({
      route: RETRIEVE,
      fault: { kind: 'status', status: 502 },
      times: 2,
    });
    expect(await retrieve()).toMatchObject({ status: 'ok', attempts: 3 });
  });

  it('does not repeat a 500 Stripe saved under the key (Stripe-Should-Retry: false)', async () => {
    h.vendor.failNextExecutions(1);
    const error = await h.rejection(() =>
      h.approved('create_payment_intent', { amount: 100, currency: 'usd' }, 'saved-500'),
    );
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_TRANSIENT', retryable: false });
    expect(sent(CREATE)).toHaveLength(1);
  });

  it('honours the wait a 429 asks for, then succeeds', async () => {
    h.vendor.server.injectFault({
      route: RETRIEVE,
      fault: { kind: 'rate_limit', retryAfterSeconds: 2 },
      times: 1,
    });
    const result = await retrieve();
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.clock.sleeps).toEqual([2000]);
  });

  it('maps a key reused with other parameters to an idempotency conflict', async () => {
    await rawHttpRequest(`${h.vendor.baseUrl}/v1/payment_intents`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${API_KEY}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Idempotency-Key': 'shared-key',
      },
      body: 'amount=100&currency=usd',
    });
    const error = await h.rejection(() =>
      h.approved('create_payment_intent', { amount: 200, currency: 'usd' }, 'shared-key'),
    );
    expect(error).toMatchObject({ code: 'DLX_E_IDEMPOTENCY_CONFLICT', retryable: false });
    expect(h.vendor.server.counters.get('payment_intents_created')).toBe(2);
  });

  it('refuses to cancel a succeeded intent as a permanent unexpected-state error', async () => {
    const paid = outputOf<{ id: string }>(
      await h.approved('create_payment_intent', {
        amount: 100,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_visa',
      }),
    );
    const error = await h.rejection(() =>
      h.call('cancel_payment_intent', { payment_intent: paid.id }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'payment_intent_unexpected_state',
    });
    expect(sent('payment_intents.cancel')).toHaveLength(1);
  });
});

describe('the Stripe error table', () => {
  const answered = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new DlxError(status >= 500 ? 'DLX_E_VENDOR_TRANSIENT' : 'DLX_E_VENDOR_PERMANENT', 'x', {
      vendorStatus: status,
      vendorRequestId: 'req_1',
      mayHaveReachedVendor: true,
      response: { status, headers, body },
    });
  const mapped = (error: unknown) => {
    const result = mapVendorError(error, STRIPE_ERRORS);
    if (!isDlxError(result)) throw new Error('expected a DlxError');
    return result;
  };

  it.each([
    [400, 'invalid_grant', undefined, 'DLX_E_VENDOR_AUTH'],
    [403, 'invalid_request_error', 'secret_key_required', 'DLX_E_VENDOR_AUTH'],
    [409, 'idempotency_error', 'idempotency_key_in_use', 'DLX_E_VENDOR_TRANSIENT'],
    [429, 'invalid_request_error', 'lock_timeout', 'DLX_E_VENDOR_TRANSIENT'],
    [429, 'rate_limit_error', 'rate_limit', 'DLX_E_VENDOR_RATE_LIMITED'],
    [500, 'api_error', undefined, 'DLX_E_VENDOR_TRANSIENT'],
  ] as const)('maps %i %s/%s to %s', (status, type, code, expected) => {
    const error = mapped(answered(status, { error: { type, code, message: 'm' } }));
    expect(error.code).toBe(expected);
    expect(error).toMatchObject({ vendorRequestId: 'req_1', mayHaveReachedVendor: true });
  });

  it('leaves an answer that is not a Stripe error to the status mapping', () => {
    const original = answered(502, '<html>bad gateway</html>');
    expect(mapped(original)).toBe(original);
  });

  it('still applies Stripe-Should-Retry to an answer without a Stripe body', () => {
    const error = mapped(answered(502, '', { 'stripe-should-retry': 'false' }));
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_TRANSIENT', retryable: false });
  });

  it('passes network errors and plain exceptions through unchanged', () => {
    const network = new DlxError('DLX_E_VENDOR_NETWORK', 'reset', { mayHaveReachedVendor: true });
    const plain = new Error('bug');
    expect(mapVendorError(network, STRIPE_ERRORS)).toBe(network);
    expect(mapVendorError(plain, STRIPE_ERRORS)).toBe(plain);
    expect(hasErrorCode(mapVendorError(network, STRIPE_ERRORS), 'DLX_E_VENDOR_NETWORK')).toBe(true);
  });
});
