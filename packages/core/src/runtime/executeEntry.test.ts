import { useHarness } from './__fixtures__/runtimeHarness';

// runtime.execute's entry (governanceRuntime.ts): the in-flight count without a closure per
// call. What it must keep: a lookup failure arrives as a rejection, never a synchronous throw;
// a call under way is waited for by shutdown; after shutdown a new call is refused.
describe('runtime.execute', () => {
  const harness = useHarness();

  it('rejects (never throws) for an unknown connector or operation', async () => {
    const h = harness();
    let unknownConnector: Promise<unknown> | undefined;
    let unknownOperation: Promise<unknown> | undefined;
    expect(() => {
      unknownConnector = h.runtime.execute('acme', 'nope', 'get_balance', {
        input: {},
        actor: 'ops',
      });
      unknownOperation = h.runtime.execute('acme', 'ledger', 'nope', { input: {}, actor: 'ops' });
    }).not.toThrow();
    await expect(unknownConnector).rejects.toMatchObject({
      code: 'DLX_E_RUNTIME_UNKNOWN_CONNECTOR',
    });
    await expect(unknownOperation).rejects.toMatchObject({
      code: 'DLX_E_RUNTIME_UNKNOWN_OPERATION',
    });
    // Another tenant's name does not find this tenant's instance.
    await expect(
      h.runtime.execute('other', 'ledger', 'get_balance', { input: {}, actor: 'ops' }),
    ).rejects.toMatchObject({ code: 'DLX_E_RUNTIME_UNKNOWN_CONNECTOR' });
  });

  it('lets shutdown wait for a call under way, then refuses new calls', async () => {
    const h = harness();
    h.vendor.script('/balance/slow', { delayMs: 100, body: { balance: 5 } });
    const running = h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'slow' },
      actor: 'ops',
    });
    const stopped = h.runtime.shutdown(5_000);
    let refused: Promise<unknown> | undefined;
    expect(() => {
      refused = h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'late' },
        actor: 'ops',
      });
    }).not.toThrow();
    await expect(refused).rejects.toMatchObject({ code: 'DLX_E_RUNTIME_SHUTTING_DOWN' });
    await expect(running).resolves.toMatchObject({ status: 'ok', output: { balance: 5 } });
    await expect(stopped).resolves.toEqual({ drained: true });
  });
});

// The same call through both attempt paths (the runtime's directAttempts option).
describe.each([true, false])('runtime.execute, direct attempts %s', (direct) => {
  const harness = useHarness({ runtime: { directAttempts: direct } });

  it('answers with the request id the vendor gave ctx.http', async () => {
    const h = harness();
    h.vendor.script('/balance/r', {
      headers: { 'request-id': 'req_77' },
      body: { balance: 1 },
    });
    const result = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'r' },
      actor: 'ops',
    });
    expect(result).toMatchObject({ status: 'ok', vendor_request_id: 'req_77' });
    const [audited] = (await h.stores.audit.list()).filter((r) => r.outcome === 'success');
    expect(audited!.payload).toMatchObject({ vendor_request_id: 'req_77' });
  });
});
