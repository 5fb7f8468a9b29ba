import { rawHttpRequest } from '../../http/rawHttpRequest';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { startStripeSimulator } from './stripeSimulator';
import type { StripeSimulator } from './stripeSimulator';

/** Card only: no automatic payment methods, so confirming needs no return_url. */
const CARD_ONLY = '&payment_method_types[]=card';

interface StripeErrorBody {
  error: { type: string; code?: string; param?: string; message: string; doc_url?: string };
}

describe('Stripe simulator on the wire', () => {
  let sim: StripeSimulator;
  let bearer: Record<string, string>;

  const send = (
    method: string,
    path: string,
    form?: string,
    headers: Record<string, string> = bearer,
  ): Promise<RawHttpResponse> =>
    rawHttpRequest(`${sim.baseUrl}${path}`, {
      method,
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
  const json = <T = Record<string, unknown>>(res: RawHttpResponse): T => JSON.parse(res.body) as T;
  const create = (form: string, headers: Record<string, string> = bearer) =>
    send('POST', '/v1/payment_intents', form, headers);

  beforeEach(async () => {
    sim = await startStripeSimulator({ apiKey: 'sk_test_simulator123', processingDelayMs: 0 });
    bearer = { Authorization: `Bearer ${sim.apiKey}` };
  });

  afterEach(() => sim.stop());

  describe('authentication', () => {
    it('accepts Basic auth with the key as username and answers with a Request-Id', async () => {
      const basic = { Authorization: `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}` };
      const res = await send('GET', '/v1/balance', undefined, basic);
      expect(res.status).toBe(200);
      expect(json(res).object).toBe('balance');
      expect(res.headers['request-id']).toMatch(/^req_\w{14}$/);
    });

    it('refuses a missing or wrong key with 401 authentication_error and a redacted key', async () => {
      const missing = await send('GET', '/v1/balance', undefined, {});
      const wrong = await send('GET', '/v1/balance', undefined, {
        Authorization: 'Bearer sk_test_nope1234',
      });
      expect([missing.status, wrong.status]).toEqual([401, 401]);
      expect(json<StripeErrorBody>(wrong).error.type).toBe('authentication_error');
      expect(wrong.body).not.toContain('sk_test_nope1234');
      expect(wrong.headers['request-id']).toMatch(/^req_/);
    });
  });

  describe('payment intents', () => {
    it('validates amount, currency and unknown parameters before creating anything', async () => {
      const cases: Array<[string, string, string]> = [
        ['currency=usd', 'amount', 'parameter_missing'],
        ['amount=12.5&currency=usd', 'amount', 'parameter_invalid_integer'],
        ['amount=0&currency=usd', 'amount', 'amount_too_small'],
        ['amount=100&currency=USD', 'currency', ''],
        ['amount=100&currency=usd&colour=red', 'colour', 'parameter_unknown'],
      ];
      for (const [form, param, code] of cases) {
        const res = await create(form);
        expect(res.status).toBe(400);
        const { error } = json<StripeErrorBody>(res);
        expect([error.type, error.param, error.code ?? '']).toEqual([
          'invalid_request_error',
          param,
          code,
        ]);
      }
      expect(sim.server.counters.get('payment_intents_created')).toBe(0);
    });

    it('leaves an unconfirmed intent waiting for a method or a confirmation', async () => {
      const bare = json(await create('amount=100&currency=usd'));
      const withMethod = json(await create('amount=100&currency=usd&payment_method=pm_card_visa'));
      expect(bare.status).toBe('requires_payment_method');
      expect(withMethod.status).toBe('requires_confirmation');
    });

    it('captures a manual intent, then refuses to cancel it once succeeded', async () => {
      const intent = json(
        await create(
          'amount=800&currency=usd&confirm=true&payment_method=pm_card_visa&capture_method=manual' +
            CARD_ONLY,
        ),
      );
      expect([intent.status, intent.amount_capturable]).toEqual(['requires_capture', 800]);
      const captured = await send(
        'POST',
        `/v1/payment_intents/${intent.id}/capture`,
        'amount_to_capture=500',
      );
      expect([json(captured).status, json(captured).amount_received]).toEqual(['succeeded', 500]);
      const cancel = await send('POST', `/v1/payment_intents/${intent.id}/cancel`, '');
      expect(cancel.status).toBe(400);
      expect(json<StripeErrorBody>(cancel).error.code).toBe('payment_intent_unexpected_state');
      expect(cancel.headers['stripe-should-retry']).toBe('false');
      expect(sim.server.counters.get('payment_intents_canceled')).toBe(0);
    });

    it('answers 404 resource_missing for an unknown intent', async () => {
      const res = await send('GET', '/v1/payment_intents/pi_missing');
      expect(res.status).toBe(404);
      expect(json<StripeErrorBody>(res).error).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
      });
    });
  });

  describe('what real Stripe refuses', () => {
    const refused = async (form: string, headers: Record<string, string> = bearer) => {
      const res = await create(form, headers);
      expect(res.status).toBe(400);
      return json<StripeErrorBody>(res).error;
    };

    it("refuses an amount under its currency's minimum charge, and creates nothing", async () => {
      expect(await refused('amount=49&currency=usd')).toMatchObject({
        type: 'invalid_request_error',
        code: 'amount_too_small',
        param: 'amount',
        message: 'Amount must be at least $0.50 usd',
      });
      expect((await refused('amount=29&currency=gbp')).message).toBe(
        'Amount must be at least 0.30 gbp',
      );
      expect((await refused('amount=49&currency=jpy')).message).toBe(
        'Amount must be at least 50 jpy',
      );
      expect(sim.server.counters.get('payment_intents_created')).toBe(0);
      for (const form of [
        'amount=50&currency=usd',
        'amount=30&currency=gbp',
        'amount=1&currency=thb',
      ])
        expect((await create(form)).status).toBe(200);
    });

    it('holds metadata to 50 keys, 40-character keys and 500-character values', async () => {
      const fields = (n: number) =>
        Array.from({ length: n }, (_, i) => `metadata[k${i}]=v`).join('&');
      const base = 'amount=100&currency=usd&';
      expect((await refused(base + fields(51))).param).toBe('metadata');
      expect((await refused(`${base}metadata[${'k'.repeat(41)}]=v`)).param).toBe('metadata');
      expect((await refused(`${base}metadata[note]=${'v'.repeat(501)}`)).param).toBe(
        'metadata[note]',
      );
      expect(sim.server.counters.get('payment_intents_created')).toBe(0);
      const atLimits = await create(
        `${base}${fields(49)}&metadata[${'k'.repeat(40)}]=${'v'.repeat(500)}`,
      );
      expect(Object.keys(json<{ metadata: object }>(atLimits).metadata)).toHaveLength(50);

      const paid = json(
        await create(
          'amount=300&currency=usd&confirm=true&payment_method=pm_card_visa' + CARD_ONLY,
        ),
      );
      const refund = await send('POST', '/v1/refunds', `payment_intent=${paid.id}&${fields(51)}`);
      expect(json<StripeErrorBody>(refund).error.param).toBe('metadata');
      expect(sim.server.counters.get('refunds_created')).toBe(0);
    });

    it('needs a return_url to confirm with automatic payment methods that may redirect', async () => {
      const confirmed = 'amount=100&currency=usd&confirm=true&payment_method=pm_card_visa';
      expect(await refused(confirmed)).toMatchObject({
        type: 'invalid_request_error',
        param: 'return_url',
      });
      expect(await refused(`${confirmed}&automatic_payment_methods[enabled]=true`)).toMatchObject({
        param: 'return_url',
      });
      expect(sim.server.counters.get('payment_intents_created')).toBe(0);
      const accepted = [
        `${confirmed}&automatic_payment_methods[enabled]=true&automatic_payment_methods[allow_redirects]=never`,
        `${confirmed}&return_url=https://shop.example/back`,
        confirmed + CARD_ONLY,
        `${confirmed}&automatic_payment_methods[enabled]=false`,
      ];
      for (const form of accepted) expect(json(await create(form)).status).toBe('succeeded');
      // Before API version 2023-08-16 automatic payment methods were off unless asked for.
      const older = await create(confirmed, { ...bearer, 'Stripe-Version': '2022-11-15' });
      expect(json(older).status).toBe('succeeded');
    });

    it('expands latest_charge into the Charge when asked, on create and on retrieve', async () => {
      const form = 'amount=700&currency=usd&confirm=true&payment_method=pm_card_visa' + CARD_ONLY;
      const plain = json<{ id: string; latest_charge: string }>(await create(form));
      expect(plain.latest_charge).toMatch(/^ch_/);
      const expanded = json<{ latest_charge: { id: string; object: string; amount: number } }>(
        await create(`${form}&expand[0]=latest_charge`),
      );
      expect(expanded.latest_charge).toMatchObject({ object: 'charge', amount: 700 });
      const fetched = await send(
        'GET',
        `/v1/payment_intents/${plain.id}?expand%5B0%5D=latest_charge`,
      );
      expect(json<{ latest_charge: { id: string } }>(fetched).latest_charge.id).toBe(
        plain.latest_charge,
      );
      const unexpanded = await send('GET', `/v1/payment_intents/${plain.id}`);
      expect(json(unexpanded).latest_charge).toBe(plain.latest_charge);
    });
  });

  describe('refunds', () => {
    it('refunds only succeeded intents and never more than was charged', async () => {
      const pending = json(await create('amount=300&currency=usd'));
      const early = await send('POST', '/v1/refunds', `payment_intent=${pending.id}`);
      expect(json<StripeErrorBody>(early).error.code).toBe('charge_not_refundable');

      const paid = json(
        await create(
          'amount=300&currency=usd&confirm=true&payment_method=pm_card_visa' + CARD_ONLY,
        ),
      );
      const tooMuch = await send('POST', '/v1/refunds', `payment_intent=${paid.id}&amount=301`);
      expect(json<StripeErrorBody>(tooMuch).error).toMatchObject({
        code: 'amount_too_large',
        param: 'amount',
      });
      const badReason = await send(
        'POST',
        '/v1/refunds',
        `payment_intent=${paid.id}&reason=because`,
      );
      expect(json<StripeErrorBody>(badReason).error.param).toBe('reason');

      const full = await send('POST', '/v1/refunds', `payment_intent=${paid.id}&reason=duplicate`);
      expect(json(full)).toMatchObject({
        object: 'refund',
        amount: 300,
        payment_intent: paid.id,
        status: 'succeeded',
      });
      const again = await send('POST', '/v1/refunds', `payment_intent=${paid.id}`);
      expect(json<StripeErrorBody>(again).error.code).toBe('charge_already_refunded');
      expect(sim.server.counters.get('refunds_created')).toBe(1);
    });
  });

  describe('idempotency keys', () => {
    const paid = 'amount=1000&currency=usd&confirm=true&payment_method=pm_card_visa' + CARD_ONLY;

    it('replays the first answer for the same key and parameters', async () => {
      const first = await create(paid, { ...bearer, 'Idempotency-Key': 'k1' });
      const second = await create(paid, { ...bearer, 'Idempotency-Key': 'k1' });
      expect(second.status).toBe(first.status);
      expect(second.body).toBe(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.headers['original-request']).toBe(first.headers['request-id']);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(sim.server.counters.get('payment_intents_created')).toBe(1);
    });

    it('refuses the same key with other parameters', async () => {
      await create(paid, { ...bearer, 'Idempotency-Key': 'k2' });
      const other = await create('amount=1001&currency=usd', {
        ...bearer,
        'Idempotency-Key': 'k2',
      });
      expect(other.status).toBe(400);
      expect(json<StripeErrorBody>(other).error.type).toBe('idempotency_error');
      expect(sim.server.counters.get('payment_intents_created')).toBe(1);
    });

    it('does not save a validation failure, so a corrected request can reuse the key', async () => {
      const invalid = await create('amount=-5&currency=usd', {
        ...bearer,
        'Idempotency-Key': 'k3',
      });
      expect(invalid.status).toBe(400);
      const corrected = await create(paid, { ...bearer, 'Idempotency-Key': 'k3' });
      expect(corrected.status).toBe(200);
      expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    });

    it('saves and replays a 500 that happened during execution', async () => {
      sim.failNextExecutions(1);
      const first = await create(paid, { ...bearer, 'Idempotency-Key': 'k4' });
      const replay = await create(paid, { ...bearer, 'Idempotency-Key': 'k4' });
      expect([first.status, replay.status]).toEqual([500, 500]);
      expect(json<StripeErrorBody>(replay).error.type).toBe('api_error');
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(sim.server.counters.get('payment_intents_created')).toBe(0);
      const fresh = await create(paid, { ...bearer, 'Idempotency-Key': 'k5' });
      expect(fresh.status).toBe(200);
    });

    it('answers 409 idempotency_key_in_use while the first request is still executing', async () => {
      await sim.stop();
      sim = await startStripeSimulator({ apiKey: 'sk_test_simulator123', processingDelayMs: 300 });
      const first = create(paid, { ...bearer, 'Idempotency-Key': 'k6' });
      await waitFor(() => sim.server.requests.length === 1);
      const concurrent = await create(paid, { ...bearer, 'Idempotency-Key': 'k6' });
      expect(concurrent.status).toBe(409);
      expect(json<StripeErrorBody>(concurrent).error).toMatchObject({
        type: 'idempotency_error',
        code: 'idempotency_key_in_use',
      });
      expect(concurrent.headers['stripe-should-retry']).toBe('true');
      expect((await first).status).toBe(200);
      expect(sim.server.counters.get('payment_intents_created')).toBe(1);
    });

    it('can leave out Stripe-Should-Retry and use another mismatch status', async () => {
      await sim.stop();
      sim = await startStripeSimulator({
        apiKey: 'sk_test_simulator123',
        shouldRetryHeader: false,
        idempotencyMismatchStatus: 422,
      });
      await create(paid, { ...bearer, 'Idempotency-Key': 'k7' });
      const other = await create('amount=1&currency=usd', { ...bearer, 'Idempotency-Key': 'k7' });
      expect(other.status).toBe(422);
      expect(other.headers['stripe-should-retry']).toBeUndefined();
    });
  });

  describe('faults on payment_intents.create', () => {
    const route = 'payment_intents.create';
    const form = 'amount=100&currency=usd&confirm=true&payment_method=pm_card_visa' + CARD_ONLY;

    it('answers status, rate-limit, malformed and expired-key faults in Stripe shapes', async () => {
      sim.server.injectFault({ route, fault: { kind: 'status', status: 503 }, times: 1 });
      sim.server.injectFault({
        route,
        fault: { kind: 'rate_limit', retryAfterSeconds: 2 },
        times: 1,
      });
      sim.server.injectFault({ route, fault: { kind: 'malformed' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'expired_token' }, times: 1 });

      const unavailable = await create(form);
      expect([unavailable.status, json<StripeErrorBody>(unavailable).error.type]).toEqual([
        503,
        'api_error',
      ]);
      const limited = await create(form);
      expect([limited.status, limited.headers['retry-after']]).toEqual([429, '2']);
      expect(json<StripeErrorBody>(limited).error).toMatchObject({
        type: 'rate_limit_error',
        code: 'rate_limit',
      });
      const malformed = await create(form);
      expect(() => JSON.parse(malformed.body)).toThrow(SyntaxError);
      const expired = await create(form);
      expect([expired.status, json<StripeErrorBody>(expired).error.code]).toEqual([
        401,
        'api_key_expired',
      ]);
      expect(sim.server.counters.get('payment_intents_created')).toBe(0);
    });

    it('resets before or after processing, and delays while still charging', async () => {
      sim.server.injectFault({ route, fault: { kind: 'reset' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'reset_after_processing' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'delay', ms: 200 }, times: 1 });
      await expect(create(form)).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(sim.server.counters.get('payment_intents_created')).toBe(0);
      await expect(create(form)).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(sim.server.counters.get('payment_intents_created')).toBe(1);
      await expect(
        rawHttpRequest(`${sim.baseUrl}/v1/payment_intents`, {
          headers: bearer,
          body: form,
          timeoutMs: 50,
        }),
      ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      await waitFor(() => sim.server.counters.get('payment_intents_created') === 2);
      expect(sim.server.counters.get('payment_intents_created')).toBe(2);
    });
  });

  it('reset() forgets intents, keys and counters', async () => {
    await create('amount=100&currency=usd', { ...bearer, 'Idempotency-Key': 'k8' });
    sim.server.reset();
    expect(sim.paymentIntents.size).toBe(0);
    const again = await create('amount=100&currency=usd', { ...bearer, 'Idempotency-Key': 'k8' });
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(sim.server.counters.get('payment_intents_created')).toBe(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
