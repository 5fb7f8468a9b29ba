import { join } from 'node:path';
import {
  startTwilioSimulator,
  useConnectorHarness,
  type ConnectorHarness,
  type ConnectorHarnessOptions,
  type SimulatorHandle,
  type TwilioSimulator,
} from '@dealix/connector-testkit';
import { connector } from '../index';

export { outputOf } from '@dealix/connector-testkit';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
/** The public base URL of the harness's runtime: StatusCallback is built from it. */
export const PUBLIC_BASE_URL = 'https://dealix.example';
export const WEBHOOK_URL = `${PUBLIC_BASE_URL}/webhooks/${TENANT}/voice`;
/** Distinctive values, so the secret scan cannot miss them. */
export const ACCOUNT_SID = `AC${'4a'.repeat(16)}`;
export const AUTH_TOKEN = 'HARNESS0auth0token0a1b2c3d4e5f6a7';
export const API_KEY_SID = `SK${'5b'.repeat(16)}`;
export const API_KEY_SECRET = 'HARNESS0api0key0secret0f6e5d4c3b2a';
export const FROM_NUMBER = '+15017122661';
/** 555 numbers are fiction: nothing real is dialled. */
export const TO_NUMBER = '+15558675310';
export const AGENT = 'agent-bot';
export const APPROVER = 'calls-approver';

/** Makes the next request of `route` fail with Twilio's error body for `code`. */
export function failWithTwilioCode(
  sim: TwilioSimulator,
  route: string,
  status: number,
  code: number,
): void {
  const body = {
    code,
    message: `Twilio error ${code}`,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  };
  sim.server.injectFault({ route, fault: { kind: 'status', status, body }, times: 1 });
}

const accountAuth = (sim: TwilioSimulator) =>
  `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`;

/** Places a call straight at the simulator, as earlier activity on the account would have. */
export async function seedCall(sim: TwilioSimulator): Promise<string> {
  const res = await fetch(`${sim.baseUrl}/2010-04-01/Accounts/${sim.accountSid}/Calls.json`, {
    method: 'POST',
    headers: {
      authorization: accountAuth(sim),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ To: TO_NUMBER, From: FROM_NUMBER, Twiml: '<Response/>' }),
  });
  return ((await res.json()) as { sid: string }).sid;
}

/** The call resource exactly as Twilio answers it now, read straight from the simulator. */
export async function callResourceAtTwilio(sim: TwilioSimulator, sid: string): Promise<unknown> {
  const url = `${sim.baseUrl}/2010-04-01/Accounts/${sim.accountSid}/Calls/${sid}.json`;
  return (await fetch(url, { headers: { authorization: accountAuth(sim) } })).json();
}

interface VoiceSimulatorOptions {
  /** Authenticate with the API key and secret instead of the auth token. */
  apiKey?: boolean;
}

/** The Twilio simulator and the tenant config that reaches it. */
export async function startVoiceSimulator(
  options: VoiceSimulatorOptions = {},
): Promise<SimulatorHandle<TwilioSimulator>> {
  const sim = await startTwilioSimulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiKeySid: API_KEY_SID,
    apiKeySecret: API_KEY_SECRET,
  });
  return {
    simulator: sim,
    config: {
      account_sid: sim.accountSid,
      auth_token: sim.authToken,
      from_number: FROM_NUMBER,
      base_url: sim.baseUrl,
      ...(options.apiKey === true && { api_key_sid: API_KEY_SID, api_key_secret: API_KEY_SECRET }),
    },
    stop: () => sim.stop(),
  };
}

function voiceHarness(options: VoiceSimulatorOptions): ConnectorHarnessOptions<TwilioSimulator> {
  return {
    plugin: connector,
    packageDir: PACKAGE_DIR,
    tenants: [TENANT],
    actor: AGENT,
    approver: APPROVER,
    // Manifest timeouts in tenths: a 15 s attempt times out after 1.5 s, the 45 s deadline
    // leaves room for a vendor's wait of a few (virtual) seconds.
    runtime: { publicBaseUrl: PUBLIC_BASE_URL, timeoutScale: 0.1 },
    startSimulator: () => startVoiceSimulator(options),
  };
}

/**
 * A fresh Twilio simulator and runtime per test (the kit's harness); after every test no
 * error, audit record or log line may contain the auth token or the API key secret.
 */
export function useVoiceHarness(
  options: VoiceSimulatorOptions = {},
): () => ConnectorHarness<TwilioSimulator> {
  return useConnectorHarness(() => voiceHarness(options));
}

/** A call placed through the runtime, with the approver's grant. */
export async function placedCall(
  h: ConnectorHarness<TwilioSimulator>,
  key: string,
): Promise<string> {
  const result = await h.approved(
    'place_call',
    { to: TO_NUMBER, twiml: '<Response><Say>Your order is ready.</Say></Response>' },
    key,
  );
  if (result.status !== 'ok') throw new Error(`place_call ended ${result.status}`);
  return (result.output as { sid: string }).sid;
}
