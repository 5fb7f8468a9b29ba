import type { OperationContext } from '../contract/types';
import { hasErrorCode } from '../errors/dlxError';
import { createGovernedHttp } from '../http';
import { attemptContext } from './attemptContext';
import { AttemptAbort, withAttemptTimeout } from './attemptTimeout';
import { systemClock } from './clock';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';

const rc = {
  tenant: 'acme',
  key: 'ledger',
  config: { region: 'eu' },
  state: { ready: true },
  log: { debug() {}, info() {}, warn() {}, error() {} },
  http: createGovernedHttp({ connectorKey: 'ledger', allowedHosts: ['example.com'], secrets: [] }),
  kit: {
    webhookUrl: () => 'https://dealix.example/webhooks/acme/ledger',
    metrics: {},
    transport: () => ({}),
  },
} as unknown as RegisteredConnector;

const op = { name: 'post_entry', policy: {} } as unknown as OperationRuntime;

function ctxFor(abort: AttemptAbort, key?: string): OperationContext<unknown, unknown> {
  return attemptContext(rc, op, systemClock, abort, 2, 'corr-1', key, {
    vendorRequestId: null,
  });
}

describe('attemptContext', () => {
  it('has every member as an own enumerable property, so a spread copies them all', () => {
    const ctx = ctxFor(new AttemptAbort(), 'key-1');
    const copy = { ...ctx };
    expect(Object.keys(copy)).toEqual([
      'tenant',
      'connectorKey',
      'config',
      'state',
      'clock',
      'log',
      'signal',
      'attempt',
      'operation',
      'correlationId',
      'http',
      'idempotencyKey',
      'token',
      'webhookUrl',
      'metrics',
      'transport',
      'recordVendorObject',
    ]);
    expect(copy.signal).toBe(ctx.signal);
    expect(copy).toMatchObject({ tenant: 'acme', attempt: 2, idempotencyKey: 'key-1' });
    expect('idempotencyKey' in ctxFor(new AttemptAbort())).toBe(false);
  });

  it('gives one signal per attempt, aborted with the attempt even when read afterwards', () => {
    const abort = new AttemptAbort();
    const ctx = ctxFor(abort);
    const reason = new Error('stop');
    abort.abort(reason);
    expect(ctx.signal).toBe(ctx.signal);
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBe(reason);
    expect(ctxFor(new AttemptAbort()).signal).not.toBe(ctx.signal);
  });

  it('aborts the signal of an attempt that outlives its timeout', async () => {
    let seen: AbortSignal | undefined;
    const outcome = withAttemptTimeout(
      20,
      undefined,
      () => 'ledger.post_entry attempt 1',
      100,
      (abort) => {
        const ctx = ctxFor(abort);
        seen = ctx.signal;
        return new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
        );
      },
    );
    const error: unknown = await outcome.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_TIMEOUT')).toBe(true);
    expect(seen?.aborted).toBe(true);
  });

  it('aborts a signal first read after the caller cancelled', async () => {
    const caller = new AbortController();
    caller.abort(new Error('cancelled'));
    let aborted: boolean | undefined;
    await withAttemptTimeout(
      1_000,
      caller.signal,
      () => 'attempt',
      100,
      async (abort) => {
        aborted = ctxFor(abort).signal.aborted;
      },
    );
    expect(aborted).toBe(true);
  });
});
