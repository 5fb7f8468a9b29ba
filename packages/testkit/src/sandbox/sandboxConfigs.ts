import type { SandboxCredentials } from './sandboxCredentials';
import type { SandboxSimulators } from './sandboxSimulators';

export const SANDBOX_CONNECTOR_KEYS = [
  'stripe',
  'whatsapp',
  'voice',
  'salesforce',
  'cal',
  'contract_intel',
  'email',
] as const;

export type SandboxConnectorKey = (typeof SANDBOX_CONNECTOR_KEYS)[number];

export type SandboxConfigValue = string | number | boolean;

export type SandboxConfigs = Record<SandboxConnectorKey, Record<string, SandboxConfigValue>>;

/**
 * The tenant config of each connector against its simulator, with the field names of
 * docs/architecture.md ("Connector config fields"). The one place that knows connector keys:
 * everything else in the platform treats connectors alike.
 */
export function sandboxConfigs(
  sims: SandboxSimulators,
  credentials: SandboxCredentials,
): SandboxConfigs {
  return {
    stripe: {
      api_key: sims.stripe.apiKey,
      webhook_secret: sims.stripe.webhookSecret,
      base_url: sims.stripe.baseUrl,
    },
    whatsapp: {
      access_token: sims.whatsapp.accessToken,
      app_secret: sims.whatsapp.appSecret,
      verify_token: sims.whatsapp.verifyToken,
      phone_number_id: sims.whatsapp.phoneNumberId,
      api_version: sims.whatsapp.apiVersion,
      base_url: sims.whatsapp.baseUrl,
    },
    voice: {
      account_sid: sims.voice.accountSid,
      auth_token: sims.voice.authToken,
      from_number: credentials.voice.fromNumber,
      base_url: sims.voice.baseUrl,
    },
    salesforce: {
      client_id: sims.salesforce.clientId,
      client_secret: sims.salesforce.clientSecret,
      login_url: sims.salesforce.baseUrl,
      api_version: sims.salesforce.apiVersion,
    },
    cal: {
      api_key: sims.cal.apiKey,
      webhook_secret: credentials.cal.webhookSecret,
      base_url: sims.cal.baseUrl,
    },
    contract_intel: {
      api_key: credentials.contractIntel.apiKey,
      base_url: sims.contract_intel.baseUrl,
    },
    email: {
      host: sims.email.host,
      port: sims.email.port,
      username: sims.email.user,
      password: sims.email.pass,
      from_address: credentials.email.fromAddress,
      secure: false,
    },
  };
}
