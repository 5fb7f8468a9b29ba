import { defineConnector } from '../contract/defineConnector';
import { initializesNothing } from '../contract/initializeNothing';
import { createMemoryStores } from '../stores/memory';
import { boundedInitialize } from './boundedInitialize';
import type * as Bounded from './boundedInitialize';
import { VirtualClock } from './clock';
import { GovernanceRuntime } from './governanceRuntime';
import { ledgerConnector } from './__fixtures__/ledgerConnector';
import { LEDGER_SECRET, ledgerManifestWith } from './__fixtures__/runtimeHarness';

jest.mock('./boundedInitialize', () => {
  const actual = jest.requireActual<typeof Bounded>('./boundedInitialize');
  return { ...actual, boundedInitialize: jest.fn(actual.boundedInitialize) };
});
const run = jest.mocked(boundedInitialize);

// A plugin defined without initialize() has nothing to initialize: registration makes no
// initialize context and arms no deadline for it (a host of many such plugins starts faster).
const ledgerWithoutInitialize = defineConnector({
  key: 'ledger',
  config: ledgerConnector.config,
  http: ledgerConnector.http,
  operations: ledgerConnector.operations,
  healthCheck: async () => ({ status: 'ok' }),
});

async function register(plugin: unknown) {
  const runtime = new GovernanceRuntime({
    stores: createMemoryStores(),
    clock: new VirtualClock(),
  });
  await runtime.register({
    tenant: 'acme',
    plugin,
    manifest: ledgerManifestWith(),
    version: '1.2.3',
    config: { base_url: 'http://127.0.0.1:9', api_key: LEDGER_SECRET },
  });
  return runtime;
}

describe('registering a plugin without initialize()', () => {
  beforeEach(() => run.mockClear());

  it('is marked as initializing nothing; one with initialize() is not', () => {
    expect(initializesNothing(ledgerWithoutInitialize)).toBe(true);
    expect(initializesNothing(ledgerConnector)).toBe(false);
  });

  it('skips the bounded initialize, and the instance has no state', async () => {
    const runtime = await register(ledgerWithoutInitialize);
    expect(run).not.toHaveBeenCalled();
    expect(runtime.registered()[0]!.state).toBeUndefined();
    await runtime.shutdown();
  });

  it('still runs a defined initialize() under its deadline, its state kept', async () => {
    const runtime = await register(ledgerConnector);
    expect(run).toHaveBeenCalledTimes(1);
    expect(runtime.registered()[0]!.state).toEqual({ token: 'state' });
    await runtime.shutdown();
  });

  it('a skipped initialize() still resolves to no state when called directly', async () => {
    await expect(ledgerWithoutInitialize.initialize({} as never)).resolves.toBeUndefined();
  });
});
