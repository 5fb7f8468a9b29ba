import {
  LEDGER_SECRET,
  rejectionOf,
  startHarness,
  type Harness,
} from './__fixtures__/runtimeHarness';

describe('approval gate', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      tenants: ['acme', 'globex'],
      runtime: { approvals: { grantTtlMs: 60_000 } },
    });
  });
  afterEach(async () => {
    expect(await h.everythingVisible()).not.toContain(LEDGER_SECRET);
    await h.stop();
  });
  const payment = { amount: 99, customer_email: 'kim@example.com' };

  /** Asks for approval under `key`: the grant is bound to it (the requester repeats with it). */
  async function requestApproval(input = payment, tenant = 'acme', key = 'pay-1') {
    const result = await h.runtime.execute(tenant, 'ledger', 'create_payment', {
      input,
      actor: 'alice',
      idempotencyKey: key,
    });
    if (result.status !== 'approval_required') throw new Error('expected approval_required');
    return result.approval_id;
  }

  it('records a request and makes no vendor call without a grant', async () => {
    const id = await requestApproval();
    expect(id).toMatch(/^apr_/);
    expect(h.vendor.count('/payments')).toBe(0);
    const pending = await h.runtime.approvals.list('acme', 'pending');
    expect(pending.map((p) => p.id)).toEqual([id]);
    expect(pending[0]!.payload_preview).toEqual({ amount: 99, customer_email: '[personal]' });
  });

  it('runs once with the grant, and the grant cannot be reused', async () => {
    const id = await requestApproval();
    await h.runtime.approvals.grant('acme', id, 'bob');
    const done = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
      approvalId: id,
      idempotencyKey: 'pay-1',
    });
    expect(done).toMatchObject({ status: 'ok', replayed: false });
    expect(h.vendor.count('/payments')).toBe(1);
    // The same key again is replayed by idempotency, not re-sent.
    const replay = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
      approvalId: id,
      idempotencyKey: 'pay-1',
    });
    expect(replay).toMatchObject({ status: 'ok', replayed: true });
    // Without a key (a fresh one is made) or with a new key it is another call: refused.
    expect(
      await rejectionOf(h, () =>
        h.runtime.execute('acme', 'ledger', 'create_payment', {
          input: payment,
          actor: 'alice',
          approvalId: id,
        }),
      ),
    ).toMatchObject({ code: 'DLX_E_APPROVAL_MISMATCH' });
    const reuse = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_payment', {
        input: payment,
        actor: 'alice',
        approvalId: id,
        idempotencyKey: 'fresh',
      }),
    );
    expect(reuse).toMatchObject({ code: 'DLX_E_APPROVAL_MISMATCH' });
    expect(h.vendor.count('/payments')).toBe(1);
  });

  it('binds a grant to its payload and its tenant', async () => {
    const id = await requestApproval();
    await h.runtime.approvals.grant('acme', id, 'bob');
    const otherPayload = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_payment', {
        input: { ...payment, amount: 100 },
        actor: 'alice',
        approvalId: id,
      }),
    );
    expect(otherPayload).toMatchObject({
      code: 'DLX_E_APPROVAL_MISMATCH',
      kind: 'approval_denied',
    });
    const otherTenant = await rejectionOf(h, () =>
      h.runtime.execute('globex', 'ledger', 'create_payment', {
        input: payment,
        actor: 'alice',
        approvalId: id,
      }),
    );
    expect(otherTenant).toMatchObject({ kind: 'approval_denied' });
    expect(h.vendor.count('/payments')).toBe(0);
    // Still usable for the call it was granted for.
    await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
      approvalId: id,
      idempotencyKey: 'pay-1',
    });
    expect(h.vendor.count('/payments')).toBe(1);
  });

  it("binds a grant to the requesting call's key: another key cannot spend it, the requester's repeat runs", async () => {
    const asked = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
      idempotencyKey: 'own-1',
    });
    if (asked.status !== 'approval_required') throw new Error('expected approval_required');
    expect(await h.runtime.approvals.get('acme', asked.approval_id)).toMatchObject({
      requested_key: 'own-1',
    });
    await h.runtime.approvals.grant('acme', asked.approval_id, 'bob');
    for (const idempotencyKey of ['steal-1', undefined]) {
      const stolen = await rejectionOf(h, () =>
        h.runtime.execute('acme', 'ledger', 'create_payment', {
          input: payment,
          actor: 'mallory',
          approvalId: asked.approval_id,
          ...(idempotencyKey !== undefined && { idempotencyKey }),
        }),
      );
      expect(stolen).toMatchObject({
        code: 'DLX_E_APPROVAL_MISMATCH',
        message: expect.stringContaining('under Idempotency-Key "own-1"'),
      });
    }
    expect(h.vendor.count('/payments')).toBe(0);
    const own = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
      approvalId: asked.approval_id,
      idempotencyKey: 'own-1',
    });
    expect(own).toMatchObject({ status: 'ok', replayed: false });
    expect(h.vendor.count('/payments')).toBe(1);
  });

  it('binds a keyless request’s grant to the key it was given: only a repeat under that key runs', async () => {
    // An idempotent write asked without a key runs under a fresh one, which the answer echoes.
    const asked = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
    });
    if (asked.status !== 'approval_required') throw new Error('expected approval_required');
    expect(asked.idempotency_key).toMatch(/^dlx_/);
    expect(await h.runtime.approvals.get('acme', asked.approval_id)).toMatchObject({
      requested_key: asked.idempotency_key,
    });
    await h.runtime.approvals.grant('acme', asked.approval_id, 'bob');
    // Another keyless call (another fresh key) or another key cannot spend the grant...
    for (const idempotencyKey of [undefined, 'steal-1']) {
      expect(
        await rejectionOf(h, () =>
          h.runtime.execute('acme', 'ledger', 'create_payment', {
            input: payment,
            actor: 'mallory',
            approvalId: asked.approval_id,
            ...(idempotencyKey !== undefined && { idempotencyKey }),
          }),
        ),
      ).toMatchObject({ code: 'DLX_E_APPROVAL_MISMATCH' });
    }
    expect(h.vendor.count('/payments')).toBe(0);
    // ...and the requester's repeat under the echoed key runs once, then replays.
    for (const replayed of [false, true]) {
      expect(
        await h.runtime.execute('acme', 'ledger', 'create_payment', {
          input: payment,
          actor: 'alice',
          approvalId: asked.approval_id,
          idempotencyKey: asked.idempotency_key!,
        }),
      ).toMatchObject({ status: 'ok', replayed, idempotency_key: asked.idempotency_key });
    }
    expect(h.vendor.seen.map((r) => r.headers['idempotency-key'])).toEqual([asked.idempotency_key]);
  });

  it('does not let the requester decide its own request', async () => {
    const id = await requestApproval();
    const error = await rejectionOf(h, () => h.runtime.approvals.grant('acme', id, 'alice'));
    expect(error).toMatchObject({ code: 'DLX_E_APPROVAL_SELF_DECISION' });
  });

  it('refuses a denial whose reason is unbounded or not printable, and leaves it pending', async () => {
    const id = await requestApproval();
    for (const reason of ['r'.repeat(1001), 'no\u0000', '   ']) {
      const error = await rejectionOf(h, () => h.runtime.approvals.deny('acme', id, 'bob', reason));
      expect(error).toMatchObject({
        code: 'DLX_E_RUNTIME_INPUT_INVALID',
        message: expect.stringContaining(`denying approval "${id}": "reason" must`),
      });
    }
    expect(await h.runtime.approvals.get('acme', id)).toMatchObject({ status: 'pending' });
    await h.runtime.approvals.deny('acme', id, 'bob', '  wrong customer ');
    expect(await h.runtime.approvals.get('acme', id)).toMatchObject({
      status: 'denied',
      reason: 'wrong customer',
    });
  });

  it('refuses a denied request and an expired grant', async () => {
    const denied = await requestApproval();
    await h.runtime.approvals.deny('acme', denied, 'bob', 'not this customer');
    expect(
      await rejectionOf(h, () =>
        h.runtime.execute('acme', 'ledger', 'create_payment', {
          input: payment,
          actor: 'alice',
          approvalId: denied,
          idempotencyKey: 'pay-1',
        }),
      ),
    ).toMatchObject({
      code: 'DLX_E_APPROVAL_DENIED',
    });
    const other = { ...payment, amount: 5 };
    const expiring = await requestApproval(other, 'acme', 'pay-2');
    await h.runtime.approvals.grant('acme', expiring, 'bob');
    h.clock.advance(61_000);
    expect(
      await rejectionOf(h, () =>
        h.runtime.execute('acme', 'ledger', 'create_payment', {
          input: other,
          actor: 'alice',
          approvalId: expiring,
          idempotencyKey: 'pay-2',
        }),
      ),
    ).toMatchObject({
      code: 'DLX_E_APPROVAL_EXPIRED',
    });
    expect(h.vendor.count('/payments')).toBe(0);
  });

  it('audits request, grant and use with their actors', async () => {
    const id = await requestApproval();
    await h.runtime.approvals.grant('acme', id, 'bob');
    await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
      approvalId: id,
      idempotencyKey: 'pay-1',
    });
    const trail = (await h.stores.audit.list({ tenant: 'acme' })).filter(
      (r) => r.approval_id === id,
    );
    expect(trail.map((r) => [r.event, r.actor])).toEqual([
      ['approval_requested', 'alice'],
      ['approval_granted', 'bob'],
      ['approval_used', 'alice'],
      ['payment_created', 'alice'],
    ]);
  });
});
