import { randomBytes, randomInt } from 'node:crypto';

/**
 * Credentials for one sandbox start. Fresh on every start, so a value that leaks from one run
 * means nothing in the next, and shaped like the vendor's own (`sk_test_`, `whsec_`, `cal_`,
 * `AC`...) so a connector's format checks accept them.
 */
export interface SandboxCredentials {
  stripe: { apiKey: string; webhookSecret: string };
  whatsapp: { accessToken: string; appSecret: string; verifyToken: string };
  voice: { accountSid: string; authToken: string; fromNumber: string };
  salesforce: { clientId: string; clientSecret: string };
  cal: { apiKey: string; webhookSecret: string };
  contractIntel: { apiKey: string };
  email: { user: string; pass: string; fromAddress: string };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function generateSandboxCredentials(): SandboxCredentials {
  return {
    stripe: { apiKey: `sk_test_${hex(16)}`, webhookSecret: `whsec_${hex(16)}` },
    whatsapp: { accessToken: `EAAG${hex(24)}`, appSecret: hex(16), verifyToken: hex(12) },
    voice: {
      accountSid: `AC${hex(16)}`,
      authToken: hex(16),
      // 555 numbers are reserved for fiction: nothing real is ever dialled from the sandbox.
      fromNumber: `+1555${randomInt(1_000_000, 10_000_000)}`,
    },
    salesforce: { clientId: `3MVG9sandbox${hex(12)}`, clientSecret: hex(24) },
    cal: { apiKey: `cal_test_${hex(16)}`, webhookSecret: hex(16) },
    contractIntel: { apiKey: hex(15) },
    email: { user: `sandbox-${hex(4)}`, pass: hex(16), fromAddress: 'sandbox@dealix.test' },
  };
}
