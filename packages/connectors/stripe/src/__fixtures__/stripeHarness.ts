import { join } from 'node:path';
import type { ConnectorManifest } from '@dealix/connector-core';
import {
  loadConnectorManifest,
  startConnectorHarness,
  useConnectorHarness,
  type ConnectorHarness,
  type ConnectorHarnessOptions,
  startStripeSimulator,
  type StripeSimulator,
  type StripeSimulatorOptions,
} from '@dealix/connector-testkit';
import { connector } from '../index';

export { outputOf } from '@dealix/connector-testkit';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
/** Distinctive values, so the secret scan cannot miss them. */
export const API_KEY = 'sk_test_HARNESS0secret0key0a1b2c3d4e5f';
export const WEBHOOK_SECRET = 'whsec_HARNESS0signing0secret0f6e5d4c3b2a';
/** The principal that asks and the one that approves (never the same). */
export const AGENT = 'agent-bot';
export const APPROVER = 'finance-approver';

/** The kit's connector harness against the Stripe simulator (`vendor`). */
export type StripeHarness = ConnectorHarness<StripeSimulator>;

export function loadManifest(overrides: Record<string, unknown> = {}): ConnectorManifest {
  return loadConnectorManifest(PACKAGE_DIR, overrides);
}

interface StripeHarnessOptions {
  manifest?: ConnectorManifest;
  simulator?: StripeSimulatorOptions;
}

function stripeHarness(options: StripeHarnessOptions): ConnectorHarnessOptions<StripeSimulator> {
  return {
    plugin: connector,
    packageDir: PACKAGE_DIR,
    manifest: options.manifest,
    tenants: [TENANT],
    actor: AGENT,
    approver: APPROVER,
    startSimulator: async () => {
      const sim = await startStripeSimulator({
        apiKey: API_KEY,
        webhookSecret: WEBHOOK_SECRET,
        ...options.simulator,
      });
      return {
        simulator: sim,
        config: { api_key: API_KEY, webhook_secret: WEBHOOK_SECRET, base_url: sim.baseUrl },
        stop: () => sim.stop(),
      };
    },
  };
}

/** A Stripe simulator and a governance runtime with the connector registered for one tenant. */
export async function startStripeHarness(
  options: StripeHarnessOptions = {},
): Promise<StripeHarness> {
  return startConnectorHarness(stripeHarness(options));
}

/** Secrets must not appear in anything a caller or operator sees. */
export async function expectNoSecrets(h: StripeHarness): Promise<void> {
  expect(await h.leakedSecrets()).toEqual([]);
}

/**
 * A fresh harness per test, stopped after it; after every test no error, audit record or log
 * line may contain the API key or the webhook secret.
 */
export function useStripeHarness(options: StripeHarnessOptions = {}): () => StripeHarness {
  return useConnectorHarness(() => stripeHarness(options));
}
