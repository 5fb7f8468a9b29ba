import { createCalSimulator, type CalSimulator } from '../simulators/cal/calSimulator';
import {
  createSalesforceSimulator,
  type SalesforceSimulator,
} from '../simulators/salesforce/salesforceSimulator';
import { createSmtpSimulator, type SmtpSimulator } from '../simulators/smtp/smtpSimulator';
import { createStripeSimulator, type StripeSimulator } from '../simulators/stripe/stripeSimulator';
import { createTwilioSimulator, type TwilioSimulator } from '../simulators/twilio/twilioSimulator';
import {
  createUnstructuredSimulator,
  type UnstructuredSimulator,
} from '../simulators/unstructured/unstructuredSimulator';
import {
  createWhatsAppSimulator,
  type WhatsAppSimulator,
} from '../simulators/whatsapp/whatsAppSimulator';
import type { SandboxCredentials } from './sandboxCredentials';

/** The simulator behind each connector key (`voice` is Twilio, `contract_intel` Unstructured). */
export interface SandboxSimulators {
  stripe: StripeSimulator;
  whatsapp: WhatsAppSimulator;
  voice: TwilioSimulator;
  salesforce: SalesforceSimulator;
  cal: CalSimulator;
  contract_intel: UnstructuredSimulator;
  email: SmtpSimulator;
}

/** Builds (does not start) one simulator per connector key, holding these credentials. */
export function createSandboxSimulators(
  credentials: SandboxCredentials,
  seed: number | undefined,
): SandboxSimulators {
  return {
    stripe: createStripeSimulator({ ...credentials.stripe, seed }),
    whatsapp: createWhatsAppSimulator({ ...credentials.whatsapp, seed }),
    voice: createTwilioSimulator({
      accountSid: credentials.voice.accountSid,
      authToken: credentials.voice.authToken,
      seed,
    }),
    salesforce: createSalesforceSimulator({ ...credentials.salesforce, seed }),
    cal: createCalSimulator({ ...credentials.cal, seed }),
    contract_intel: createUnstructuredSimulator({ ...credentials.contractIntel, seed }),
    email: createSmtpSimulator({ user: credentials.email.user, pass: credentials.email.pass }),
  };
}
