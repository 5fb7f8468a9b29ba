import {
  type Harness,
  ledgerManifestWith,
  rejectionOf,
  useHarness,
} from './__fixtures__/runtimeHarness';

describe('retry loop against a real loopback vendor', () => {
  // A deadline with room for a busy machine: the first attempt's real time plus the vendor's
  // 1 s wait must fit, whatever the load (the default, 1.2 s, left 200 ms for the attempt).
  const harness = useHarness({ manifest: ledgerManifestWith({ deadline_ms: 5_000 }) });
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('retries a 503 with Retry-After: 1 once, after at least 1 s of injected time', async () => {
    h.vendor.script(
      '/balance/a1',
      { status: 503, headers: { 'retry-after': '1' }, body: { error: 'busy' } },
      { body: { balance: 42 } },
    );
    const result = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'a1' },
      actor: 'ops',
    });
    expect(result).toMatchObject({ status: 'ok', output: { balance: 42 }, attempts: 2 });
    expect(h.vendor.count('/balance/a1')).toBe(2);
    expect(h.clock.sleeps).toEqual([1000]);
    const attemptsFailed = (await h.stores.audit.list()).filter(
      (r) => r.event === 'attempt_failed',
    );
    expect(attemptsFailed).toHaveLength(1);
    expect(attemptsFailed[0]!.error_code).toBe('DLX_E_VENDOR_TRANSIENT');
  });

  it('uses the manifest backoff when it is stricter than the vendor wait', async () => {
    h.vendor.script('/balance/a2', { status: 500 }, { status: 502 }, { body: { balance: 1 } });
    await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'a2' },
      actor: 'ops',
    });
    expect(h.clock.sleeps).toEqual([100, 200]);
  });

  it('never retries a 401', async () => {
    h.vendor.script(
      '/balance/a3',
      { status: 401, body: { error: 'bad key' } },
      { body: { balance: 1 } },
    );
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'a3' },
        actor: 'ops',
      }),
    );
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', kind: 'auth' });
    expect(h.vendor.count('/balance/a3')).toBe(1);
    expect(h.clock.sleeps).toEqual([]);
  });

  it('fails fast with rate_limited when the 429 wait passes the deadline', async () => {
    h.vendor.script(
      '/balance/a4',
      { status: 429, headers: { 'retry-after': '30' } },
      { body: { balance: 1 } },
    );
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'a4' },
        actor: 'ops',
      }),
    );
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
    expect(h.vendor.count('/balance/a4')).toBe(1);
    expect(h.clock.sleeps).toEqual([]);
  });

  it('stops after retry_max retries and reports the last vendor error', async () => {
    h.vendor.script(
      '/balance/a5',
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { body: { balance: 1 } },
    );
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'a5' },
        actor: 'ops',
      }),
    );
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_TRANSIENT' });
    expect(h.vendor.count('/balance/a5')).toBe(3);
  });

  it('rejects bad input before any vendor request, naming the field', async () => {
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: { amount: -1, customer_email: 'x' },
        actor: 'ops',
      }),
    );
    expect(error).toMatchObject({ code: 'DLX_E_RUNTIME_INPUT_INVALID' });
    expect((error.details as { issues: Array<{ path: string }> }).issues[0]!.path).toBe('amount');
    expect(h.vendor.seen).toHaveLength(0);
  });

  describe('attempts that time out', () => {
    // Everything else here runs with the ledger's patient 5 s attempts; these two need a short
    // one that the vendor's held answer (2 s) outlasts, yet long enough for a loaded machine to
    // have sent the request before it ends (300 ms was not, under load 20).
    const short = useHarness({
      manifest: ledgerManifestWith({ deadline_ms: 5_000, timeout_ms: 1_000 }),
    });
    beforeEach(() => {
      h = short();
    });

    it('does not re-send a non-idempotent write that timed out after it was sent', async () => {
      h.vendor.script(
        '/charges',
        { delayMs: 2_000, body: { id: 'ch_1' } },
        { body: { id: 'ch_2' } },
      );
      const error = await rejectionOf(h, () =>
        h.runtime.execute('acme', 'ledger', 'create_charge', {
          input: { amount: 5, customer_email: 'a@b.c' },
          actor: 'ops',
          idempotencyKey: 'charge-timeout',
        }),
      );
      expect(error).toMatchObject({
        code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
        kind: 'outcome_unknown',
      });
      expect(h.vendor.count('/charges')).toBe(1);
      const final = (await h.stores.audit.list()).filter((r) => r.event === 'charge_failed');
      expect(final).toHaveLength(1);
      expect(final[0]!.error_code).toBe('DLX_E_RUNTIME_OUTCOME_UNKNOWN');
    });

    it('aborts the socket when an attempt times out (the server sees the connection close)', async () => {
      h.vendor.script('/balance/slow', { delayMs: 2_000 }, { delayMs: 2_000 }, { delayMs: 2_000 });
      await rejectionOf(h, () =>
        h.runtime.execute('acme', 'ledger', 'get_balance', {
          input: { account: 'slow' },
          actor: 'ops',
        }),
      );
      await new Promise((r) => setTimeout(r, 50));
      expect(h.vendor.count('/balance/slow')).toBeGreaterThanOrEqual(1);
      expect(h.vendor.abortedBeforeAnswer).toBe(h.vendor.count('/balance/slow'));
    });
  });
});
