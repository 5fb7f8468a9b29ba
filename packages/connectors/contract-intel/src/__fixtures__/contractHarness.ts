import { join } from 'node:path';
import {
  createUnstructuredSimulator,
  loadConnectorManifest,
  useConnectorHarness,
  type ConnectorHarness,
  type ConnectorHarnessOptions,
  startConnectorHarness,
  type SimulatorHandle,
  type UnstructuredSimulator,
} from '@dealix/connector-testkit';
import { DataKeyring, type ConnectorManifest } from '@dealix/connector-core';
import { connector } from '../index';

export { outputOf } from '@dealix/connector-testkit';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
/** Distinctive, so the secret scan cannot miss it. */
export const API_KEY = 'unstructured_HARNESS0secret0key0c4a8e1';
export const PARTITION_ROUTE = 'unstructured.partition';
export const AGENT = 'diligence-agent';
export const APPROVER = 'legal-approver';

/** The Unstructured simulator with the config a tenant would have for it. */
export async function startPartitionService(): Promise<SimulatorHandle<UnstructuredSimulator>> {
  const sim = createUnstructuredSimulator({ apiKey: API_KEY });
  await sim.start();
  return {
    simulator: sim,
    config: { api_key: API_KEY, base_url: sim.baseUrl },
    stop: () => sim.stop(),
  };
}

export function loadManifest(overrides: Record<string, unknown> = {}): ConnectorManifest {
  return loadConnectorManifest(PACKAGE_DIR, overrides);
}

export function harnessOptions(
  manifest?: ConnectorManifest,
): ConnectorHarnessOptions<UnstructuredSimulator> {
  return {
    plugin: connector,
    packageDir: PACKAGE_DIR,
    manifest,
    tenants: [TENANT],
    actor: AGENT,
    approver: APPROVER,
    startSimulator: startPartitionService,
    // Restricted results are sealed: the runtime needs a data key, as the host has.
    runtime: { dataKeys: DataKeyring.generate('test'), timeoutScale: 0.01 },
  };
}

/**
 * A fresh Unstructured simulator and governance runtime per test (memory stores, virtual clock,
 * timeouts scaled to milliseconds); after every test the API key may appear in no error, audit
 * record or log line.
 */
export function useContractHarness(
  manifest?: () => ConnectorManifest,
): () => ConnectorHarness<UnstructuredSimulator> {
  return useConnectorHarness(() => harnessOptions(manifest?.()));
}

/** A harness a suite shares (beforeAll): the caller stops it and checks it for secrets. */
export function startContractHarness(
  manifest?: ConnectorManifest,
): Promise<ConnectorHarness<UnstructuredSimulator>> {
  return startConnectorHarness(harnessOptions(manifest));
}

/** The input of extract_contract for a document's bytes. */
export function documentInput(
  bytes: Buffer,
  filename: string,
  contentType: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    document_base64: bytes.toString('base64'),
    filename,
    content_type: contentType,
    ...extra,
  };
}
