import { validateManifest, type ConnectorManifest } from '../../manifest';
import type { GovernanceStores } from '../../stores/stores';
import {
  startConnectorHarness,
  useConnectorHarness,
  type ConnectorHarnessOptions,
} from '../../testing';
import type { VirtualClock } from '../clock';
import type { GovernanceRuntime, GovernanceRuntimeOptions } from '../governanceRuntime';
import { ledgerConnector, ledgerManifest } from './ledgerConnector';
import { ScriptedVendor } from './scriptedVendor';

export const LEDGER_SECRET = 'sk_live_SECRET_4f9a8b7c6d5e';

/** The ledger connector against a ScriptedVendor: core's runtime tests, on the testing harness. */
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

/** The ledger with create_payment handling restricted data (it already needs approval). */
export function restrictedLedgerManifest(): ConnectorManifest {
  return ledgerManifestWith({
    operations: {
      ...ledgerManifest.operations,
      create_payment: {
        ...ledgerManifest.operations.create_payment,
        data_classification: 'restricted',
      },
    },
  });
}

interface LedgerOptions {
  /** A variant of the ledger's code (same key and config) to run instead of ledgerConnector. */
  plugin?: unknown;
  manifest?: ConnectorManifest;
  runtime?: Partial<GovernanceRuntimeOptions>;
  tenants?: string[];
  /** Wraps the memory stores the runtime writes to (scripted store failures). */
  wrapStores?: ConnectorHarnessOptions<ScriptedVendor>['wrapStores'];
}

function ledgerHarness(options: LedgerOptions): ConnectorHarnessOptions<ScriptedVendor> {
  return {
    plugin: options.plugin ?? ledgerConnector,
    manifest: options.manifest ?? ledgerManifestWith(),
    version: '1.2.3',
    // The ledger's host_pattern names 127.0.0.1 itself: no sandbox loopback allowance.
    allowLoopback: false,
    runtime: { backoffScale: 1, ...options.runtime },
    ...(options.tenants && { tenants: options.tenants }),
    ...(options.wrapStores && { wrapStores: options.wrapStores }),
    startSimulator: async () => {
      const vendor = new ScriptedVendor();
      await vendor.start();
      return {
        simulator: vendor,
        config: { base_url: vendor.url, api_key: LEDGER_SECRET },
        stop: () => vendor.stop(),
      };
    },
  };
}

export function startHarness(options: LedgerOptions = {}): Promise<Harness> {
  return startConnectorHarness(ledgerHarness(options));
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
export function useHarness(options: LedgerOptions = {}): () => Harness {
  return useConnectorHarness(ledgerHarness(options));
}
