import {
  FIXTURE_SECRET,
  TOKENS,
  startHarness,
  type HostHarness,
  GOOD_PAYMENTS,
} from './__fixtures__/hostHarness';

const PAY = '/api/v1/tenants/acme/connectors/good_payments/operations/pay';

describe('approval flow over HTTP', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: { acme: { connectors: { good_payments: GOOD_PAYMENTS } } },
    });
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    (globalThis as { __fixturePayments?: number }).__fixturePayments = 0;
  });
  const runs = () => (globalThis as { __fixturePayments?: number }).__fixturePayments ?? 0;

  it('202 with an approval id, a grant by another principal, one run, a reused grant refused, all audited', async () => {
    const body = { amount: 4200, payer_email: 'dana@example.com' };
    const first = await h.call('POST', PAY, {
      token: TOKENS.alice,
      body,
      headers: { 'idempotency-key': 'order-77' },
    });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({
      status: 'approval_required',
      approval_id: expect.stringMatching(/^apr_/),
    });
    const id = first.json.approval_id as string;
    expect(runs()).toBe(0);

    const pending = await h.call('GET', '/api/v1/tenants/acme/approvals?status=pending', {
      token: TOKENS.bob,
    });
    expect(pending.json.approvals.map((a: { id: string }) => a.id)).toContain(id);
    expect(JSON.stringify(pending.json)).not.toContain('dana@example.com');
    // One request by id, as a caller waiting for the decision polls it (issue 16's client).
    const one = await h.call('GET', `/api/v1/tenants/acme/approvals/${id}`, {
      token: TOKENS.alice,
    });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id, status: 'pending', requested_by: 'alice' });
    expect(JSON.stringify(one.json)).not.toContain('dana@example.com');
    const none = await h.call('GET', '/api/v1/tenants/acme/approvals/apr_none', {
      token: TOKENS.alice,
    });
    expect([none.status, none.json.error.code]).toEqual([404, 'DLX_E_APPROVAL_NOT_FOUND']);

    const operatorCannotDecide = await h.call(
      'POST',
      `/api/v1/tenants/acme/approvals/${id}/grant`,
      { token: TOKENS.alice },
    );
    expect(operatorCannotDecide.status).toBe(403);
    const granted = await h.call('POST', `/api/v1/tenants/acme/approvals/${id}/grant`, {
      token: TOKENS.bob,
    });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ status: 'granted', decided_by: 'bob' });

    const run = await h.call('POST', `${PAY}?approval_id=${id}`, {
      token: TOKENS.alice,
      body,
      headers: { 'idempotency-key': 'order-77' },
    });
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({
      status: 'ok',
      output: { id: 'pay_1', amount: 4200 },
      replayed: false,
    });
    const repeat = await h.call('POST', `${PAY}?approval_id=${id}`, {
      token: TOKENS.alice,
      body,
      headers: { 'idempotency-key': 'order-77' },
    });
    expect(repeat.json).toMatchObject({ status: 'ok', output: { id: 'pay_1' }, replayed: true });
    expect(runs()).toBe(1);

    const reuse = await h.call('POST', `${PAY}?approval_id=${id}`, {
      token: TOKENS.alice,
      body,
      headers: { 'idempotency-key': 'order-78' },
    });
    // Requested under order-77: a call under another key (another operator's, or a fresh one
    // after the requester lost its answer) cannot spend it; order-77's repeat gets the result.
    expect(reuse.status).toBe(403);
    expect(reuse.json.error).toMatchObject({
      code: 'DLX_E_APPROVAL_MISMATCH',
      message: expect.stringContaining('under Idempotency-Key "order-77"'),
    });
    expect(runs()).toBe(1);

    const trail = (await h.host.stores.audit.list({ tenant: 'acme' })).filter(
      (r) => r.approval_id === id,
    );
    expect(trail.map((r) => [r.event, r.actor])).toEqual([
      ['approval_requested', 'alice'],
      ['approval_granted', 'bob'],
      ['approval_used', 'alice'],
      ['payment_made', 'alice'],
      ['call_refused', 'alice'],
    ]);
    expect(JSON.stringify(await h.host.stores.audit.list())).not.toContain(FIXTURE_SECRET);
    expect((await h.host.stores.audit.verify()).ok).toBe(true);
  });

  it('does not let the requester approve its own request', async () => {
    const first = await h.call('POST', PAY, {
      token: TOKENS.carol,
      body: { amount: 1, payer_email: 'x@y.z' },
    });
    const self = await h.call(
      'POST',
      `/api/v1/tenants/acme/approvals/${first.json.approval_id}/grant`,
      { token: TOKENS.carol },
    );
    expect(self.status).toBe(403);
    expect(self.json.error.code).toBe('DLX_E_APPROVAL_SELF_DECISION');
  });

  it('refuses a denied request, with the reason', async () => {
    const first = await h.call('POST', PAY, {
      token: TOKENS.alice,
      body: { amount: 2, payer_email: 'x@y.z' },
    });
    const id = first.json.approval_id as string;
    const noReason = await h.call('POST', `/api/v1/tenants/acme/approvals/${id}/deny`, {
      token: TOKENS.bob,
      body: {},
    });
    expect(noReason.status).toBe(400);
    // A reason is repeated in every call it refuses: bounded, printable.
    for (const reason of ['r'.repeat(1001), 'no\u001b[2J']) {
      const refused = await h.call('POST', `/api/v1/tenants/acme/approvals/${id}/deny`, {
        token: TOKENS.bob,
        body: { reason },
      });
      expect(refused.status).toBe(400);
      expect(refused.json.error.message).toContain('reason');
      expect(refused.text.length).toBeLessThan(2000);
    }
    await h.call('POST', `/api/v1/tenants/acme/approvals/${id}/deny`, {
      token: TOKENS.bob,
      body: { reason: 'duplicate order' },
    });
    // The requester repeats under the key its request ran under (made for it, and echoed).
    const run = await h.call('POST', `${PAY}?approval_id=${id}`, {
      token: TOKENS.alice,
      body: { amount: 2, payer_email: 'x@y.z' },
      headers: { 'idempotency-key': first.json.idempotency_key as string },
    });
    expect(run.status).toBe(403);
    expect(run.json.error).toMatchObject({ code: 'DLX_E_APPROVAL_DENIED' });
    expect(run.json.error.message).toContain('duplicate order');
    expect(runs()).toBe(0);
  });
});
