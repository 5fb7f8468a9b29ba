import { inspect } from 'node:util';
import { validateManifest, type ConnectorManifest } from '../../manifest';
import { createMemoryStores } from '../../stores/memory';
import type { GovernanceStores } from '../../stores/stores';
import { VirtualClock } from '../clock';
import { RecordingLogger } from '../recordingLogger';
import { GovernanceRuntime, type GovernanceRuntimeOptions } from '../governanceRuntime';
import { ledgerConnector, ledgerManifest } from './ledgerConnector';
import { ScriptedVendor } from './scriptedVendor';

export const LEDGER_SECRET = 'sk_live_SECRET_4f9a8b7c6d5e';

export interface Harness {
  vendor: ScriptedVendor;
  runtime: GovernanceRuntime;
  stores: GovernanceStores;
  clock: VirtualClock;
  logLines: string[];
  /** Everything a caller or operator could see: errors thrown, audit records, log lines. */
  seen: unknown[];
  manifest: ConnectorManifest;
  /** Records an error a test caught, for the secret scan. */
  caught(error: unknown): unknown;
  /** Every place the secret must not appear, rendered as text. */
  everythingVisible(): Promise<string>;
  stop(): Promise<void>;
}

export function ledgerManifestWith(overrides: Record<string, unknown> = {}): ConnectorManifest {
  const result = validateManifest(
    { ...structuredClone(ledgerManifest), ...overrides },
    { file: 'ledger/connector.json' },
  );
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.manifest;
}

export async function startHarness(
  options: {
    manifest?: ConnectorManifest;
    runtime?: Partial<GovernanceRuntimeOptions>;
    tenants?: string[];
  } = {},
): Promise<Harness> {
  const vendor = new ScriptedVendor();
  await vendor.start();
  const clock = new VirtualClock();
  const stores = createMemoryStores();
  const recorder = new RecordingLogger();
  const logLines = recorder.lines;
  const runtime = new GovernanceRuntime({ stores, clock, logger: recorder, ...options.runtime });
  const manifest = options.manifest ?? ledgerManifestWith();
  for (const tenant of options.tenants ?? ['acme']) {
    await runtime.register({
      tenant,
      plugin: ledgerConnector,
      manifest,
      version: '1.2.3',
      config: { base_url: vendor.url, api_key: LEDGER_SECRET },
    });
  }
  const seen: unknown[] = [];
  return {
    vendor,
    runtime,
    stores,
    clock,
    logLines,
    seen,
    manifest,
    caught(error) {
      seen.push(error);
      return error;
    },
    async everythingVisible() {
      const audit = await stores.audit.list();
      const errors = seen.map(
        (e) => `${inspect(e, { depth: 10, showHidden: true })}\n${JSON.stringify(e)}`,
      );
      return [JSON.stringify(audit), ...logLines, ...errors].join('\n');
    },
    async stop() {
      await runtime.shutdown(1_000);
      await vendor.stop();
    },
  };
}

/** Runs `fn`, expecting it to reject; returns the error (and records it for the secret scan). */
export async function rejectionOf(
  h: Harness,
  fn: () => Promise<unknown>,
): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    h.caught(error);
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

/**
 * A fresh harness per test, stopped after it; after every test nothing an operator could see
 * (errors caught, audit records, log lines) may contain the connector's secret.
 */
export function useHarness(options: Parameters<typeof startHarness>[0] = {}): () => Harness {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startHarness(options);
  });
  afterEach(async () => {
    expect(await current!.everythingVisible()).not.toContain(LEDGER_SECRET);
    await current!.stop();
  });
  return () => current!;
}
