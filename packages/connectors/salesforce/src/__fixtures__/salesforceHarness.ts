import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import type { ConnectorManifest } from '@dealix/connector-core';
import {
  createSalesforceSimulator,
  loadConnectorManifest,
  SALESFORCE_TOKEN_ROUTE_ID,
  useConnectorHarness,
  type ConnectorHarness,
  type ConnectorHarnessOptions,
  type SalesforceSimulator,
  type SalesforceSimulatorOptions,
  type SimulatorHandle,
} from '@dealix/connector-testkit';
import { connector } from '../index';

export { outputOf } from '@dealix/connector-testkit';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
/** Distinctive values, so the secret scan cannot miss them. */
export const CLIENT_ID = '3MVG9HARNESS0consumer0key';
export const CLIENT_SECRET = 'sfsecret0HARNESS0a1b2c3d4e5f6a7b8';
export const JWT_USERNAME = 'integration@acme.example';

/** Keys made at test time for the JWT bearer flow: nothing secret is committed. */
export const jwtKeys = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
})();

/** How the harness signs in: client credentials (default) or the JWT bearer flow. */
export type SignIn = 'client_credentials' | 'jwt_bearer';

export interface SalesforceHarnessOptions {
  manifest?: ConnectorManifest;
  simulator?: SalesforceSimulatorOptions;
  signIn?: SignIn;
  /** Config fields over the defaults (max_records, api_version...). */
  config?: Record<string, unknown>;
  /**
   * Multiplies the manifest's timeouts and deadlines (default 0.1: an attempt has 2 s, room for
   * a loaded machine; timeout tests use 0.01).
   */
  timeoutScale?: number;
}

/** A Salesforce simulator (JWT bearer enabled) and the tenant config that reaches it. */
export async function startSalesforceSimulator(
  options: SalesforceHarnessOptions = {},
): Promise<SimulatorHandle<SalesforceSimulator>> {
  const sim = createSalesforceSimulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    jwt: { publicKey: jwtKeys.publicKeyPem, username: JWT_USERNAME },
    ...options.simulator,
  });
  await sim.start();
  const signIn =
    options.signIn === 'jwt_bearer'
      ? { username: JWT_USERNAME, private_key: jwtKeys.privateKeyPem }
      : { client_secret: CLIENT_SECRET };
  return {
    simulator: sim,
    config: {
      client_id: CLIENT_ID,
      login_url: sim.baseUrl,
      api_version: sim.apiVersion,
      ...signIn,
      ...options.config,
    },
    stop: () => sim.stop(),
  };
}

/** REST requests only: a token request is the runtime's token cache at work, not a call. */
export function restRequests(sim: SalesforceSimulator): number {
  return sim.server.requests.filter((r) => r.routeId !== SALESFORCE_TOKEN_ROUTE_ID).length;
}

export function loadManifest(overrides: Record<string, unknown> = {}): ConnectorManifest {
  return loadConnectorManifest(PACKAGE_DIR, overrides);
}

export function salesforceHarness(
  options: SalesforceHarnessOptions = {},
): ConnectorHarnessOptions<SalesforceSimulator> {
  return {
    plugin: connector,
    packageDir: PACKAGE_DIR,
    manifest: options.manifest,
    tenants: [TENANT],
    actor: 'crm-agent',
    approver: 'sales-ops-lead',
    runtime: { timeoutScale: options.timeoutScale ?? 0.1 },
    startSimulator: () => startSalesforceSimulator(options),
  };
}

export type SalesforceHarness = ConnectorHarness<SalesforceSimulator>;

/**
 * A fresh simulator and runtime per test; after every test no error, audit record or log line
 * may show the client secret, the private key or an access token.
 */
export function useSalesforceHarness(
  options: SalesforceHarnessOptions = {},
): () => SalesforceHarness {
  return useConnectorHarness(() => salesforceHarness(options));
}

/** A Lead with the fields Salesforce requires, and a personal one. */
export const lead = (lastName = 'Haddad') => ({
  LastName: lastName,
  Company: 'Nakheel Trading',
  Email: `${lastName.toLowerCase()}@dealix.test`,
});
