import { boundedInitialize, type InitializeSignal } from './boundedInitialize';

// One initialize() under its deadline, in one promise; its signal made on the first read.
describe('an initialize() bounded by its deadline', () => {
  it("resolves with initialize's state", async () => {
    await expect(boundedInitialize(async () => ({ ready: true }), 1_000, 'w', [])).resolves.toEqual(
      { ready: true },
    );
  });

  it('names a throw (sync or async) as DLX_E_LOADER_INITIALIZE_FAILED, secrets scrubbed', async () => {
    const secret = 'sk_live_init_secret_0123';
    const sync = boundedInitialize(
      () => {
        throw new Error(`bad key ${secret}`);
      },
      1_000,
      'tenant "acme", connector "ledger"',
      [secret],
    );
    const failure = {
      code: 'DLX_E_LOADER_INITIALIZE_FAILED',
      message: 'tenant "acme", connector "ledger": initialize() threw: bad key [REDACTED]',
    };
    await expect(sync).rejects.toMatchObject(failure);
    const later = boundedInitialize(
      () => Promise.reject(new Error(`bad key ${secret}`)),
      1_000,
      'tenant "acme", connector "ledger"',
      [secret],
    );
    await expect(later).rejects.toMatchObject(failure);
  });

  it('times out with DLX_E_LOADER_INITIALIZE_TIMEOUT and aborts the signal it handed out', async () => {
    let source: InitializeSignal | undefined;
    let readBefore: AbortSignal | undefined;
    const hung = boundedInitialize(
      (s) => {
        source = s;
        readBefore = s.signal;
        return new Promise(() => undefined);
      },
      20,
      'w',
      [],
    );
    await expect(hung).rejects.toMatchObject({
      code: 'DLX_E_LOADER_INITIALIZE_TIMEOUT',
      message: 'w: initialize() did not finish within 20 ms',
    });
    expect(readBefore!.aborted).toBe(true);
    expect(readBefore!.reason).toMatchObject({ code: 'DLX_E_LOADER_INITIALIZE_TIMEOUT' });
    expect(source!.signal).toBe(readBefore);
  });

  it('hands out an aborted signal when first read after the timeout', async () => {
    let source: InitializeSignal | undefined;
    const hung = boundedInitialize(
      (s) => {
        source = s;
        return new Promise(() => undefined);
      },
      20,
      'w',
      [],
    );
    await expect(hung).rejects.toMatchObject({ code: 'DLX_E_LOADER_INITIALIZE_TIMEOUT' });
    expect(source!.signal.aborted).toBe(true);
    expect(source!.signal.reason).toMatchObject({ code: 'DLX_E_LOADER_INITIALIZE_TIMEOUT' });
  });

  it('makes no AbortSignal for an initialize that never reads it', async () => {
    const made = jest.spyOn(globalThis, 'AbortController');
    try {
      await boundedInitialize(async () => 'state', 1_000, 'w', []);
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });

  it('ignores a settle after the timeout (the state of a late initialize is dropped)', async () => {
    let finish: (state: unknown) => void = () => undefined;
    const late = boundedInitialize(() => new Promise((resolve) => (finish = resolve)), 20, 'w', []);
    await expect(late).rejects.toMatchObject({ code: 'DLX_E_LOADER_INITIALIZE_TIMEOUT' });
    finish('too late');
    await expect(late).rejects.toMatchObject({ code: 'DLX_E_LOADER_INITIALIZE_TIMEOUT' });
  });
});
