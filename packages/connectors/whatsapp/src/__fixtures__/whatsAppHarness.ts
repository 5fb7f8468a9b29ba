import { join } from 'node:path';
import type { ConnectorManifest, InboundWebhook } from '@dealix/connector-core';
import {
  loadConnectorManifest,
  startConnectorHarness,
  startWhatsAppSimulator,
  useConnectorHarness,
  type ConnectorHarness,
  type ConnectorHarnessOptions,
  type SimulatorHandle,
  type WhatsAppSimulator,
  type WhatsAppSimulatorOptions,
} from '@dealix/connector-testkit';
import { connector } from '../index';

export { outputOf } from '@dealix/connector-testkit';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
/** Distinctive values, so the secret scan cannot miss them. */
export const ACCESS_TOKEN = 'EAAGharness0access0token0a1b2c3d4e5f6a7b8c9d0';
export const APP_SECRET = 'harness0app0secret0f6e5d4c3b2a1';
export const VERIFY_TOKEN = 'harness0verify0token0a1b2c3';
/** The principal that asks and the one that approves (never the same). */
export const AGENT = 'support-agent';
export const APPROVER = 'support-lead';
export const SEND = 'messages.send';

/** The WhatsApp simulator and the tenant config that reaches it. */
export async function startWhatsApp(
  options: WhatsAppSimulatorOptions = {},
): Promise<SimulatorHandle<WhatsAppSimulator>> {
  const sim = await startWhatsAppSimulator({
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    ...options,
  });
  return {
    simulator: sim,
    config: {
      access_token: sim.accessToken,
      app_secret: sim.appSecret,
      verify_token: sim.verifyToken,
      phone_number_id: sim.phoneNumberId,
      api_version: sim.apiVersion,
      base_url: sim.baseUrl,
    },
    stop: () => sim.stop(),
  };
}

/** The kit's connector harness against the WhatsApp simulator (`vendor`). */
export interface WhatsAppHarness extends ConnectorHarness<WhatsAppSimulator> {
  /** Delivers a body to the runtime's webhook receiver as Meta posts it (signed, unless given). */
  deliver(
    body: string,
    signature?: string | null,
  ): ReturnType<ConnectorHarness<unknown>['runtime']['receiveWebhook']>;
}

export function loadManifest(overrides: Record<string, unknown> = {}): ConnectorManifest {
  return loadConnectorManifest(PACKAGE_DIR, overrides);
}

interface WhatsAppHarnessOptions {
  manifest?: ConnectorManifest;
  simulator?: WhatsAppSimulatorOptions;
  runtime?: ConnectorHarnessOptions<WhatsAppSimulator>['runtime'];
}

function whatsAppHarness(
  options: WhatsAppHarnessOptions,
): ConnectorHarnessOptions<WhatsAppSimulator> {
  return {
    plugin: connector,
    packageDir: PACKAGE_DIR,
    manifest: options.manifest,
    tenants: [TENANT],
    actor: AGENT,
    approver: APPROVER,
    ...(options.runtime !== undefined && { runtime: options.runtime }),
    startSimulator: () => startWhatsApp(options.simulator),
  };
}

/** A POST delivery as Meta sends it to /webhooks/<tenant>/whatsapp. */
export function webhookDelivery(body: string, signature: string | undefined): InboundWebhook {
  return {
    method: 'POST',
    url: `https://dealix.example/webhooks/${TENANT}/whatsapp`,
    query: {},
    headers: {
      'content-type': 'application/json',
      ...(signature !== undefined && { 'x-hub-signature-256': signature }),
    },
    rawBody: Buffer.from(body, 'utf8'),
    receivedAt: Date.now(),
  };
}

const withDeliver = (h: ConnectorHarness<WhatsAppSimulator>): WhatsAppHarness => ({
  ...h,
  deliver: (body, signature) =>
    h.runtime.receiveWebhook(
      TENANT,
      'whatsapp',
      webhookDelivery(
        body,
        signature === null ? undefined : (signature ?? h.vendor.signWebhook(body)),
      ),
    ),
});

/** A WhatsApp simulator and a governance runtime with the connector registered for one tenant. */
export async function startWhatsAppHarness(
  options: WhatsAppHarnessOptions = {},
): Promise<WhatsAppHarness> {
  return withDeliver(await startConnectorHarness(whatsAppHarness(options)));
}

/**
 * A fresh harness per test, stopped after it; after every test no error, audit record or log
 * line may contain the access token, the app secret or the verify token.
 */
export function useWhatsAppHarness(options: WhatsAppHarnessOptions = {}): () => WhatsAppHarness {
  const current = useConnectorHarness(() => whatsAppHarness(options));
  return () => withDeliver(current());
}
