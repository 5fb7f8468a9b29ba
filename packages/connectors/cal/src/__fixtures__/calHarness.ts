import { join } from 'node:path';
import {
  createCalSimulator,
  useConnectorHarness,
  type CalSimulator,
  type ConnectorHarness,
  type SimulatorHandle,
} from '@dealix/connector-testkit';
import { connector } from '../index';

export { outputOf } from '@dealix/connector-testkit';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
export const WEBHOOK_URL = `https://dealix.example/webhooks/${TENANT}/cal`;
/** Distinctive values, so the secret scan cannot miss them. */
export const API_KEY = 'cal_test_HARNESS0api0key0a1b2c3d4e5f6';
export const WEBHOOK_SECRET = 'HARNESS0cal0webhook0secret0f6e5d4c3b2a';
/** The attendee of every sample: personal data that must stay out of audit records. */
export const ATTENDEE = {
  name: 'Sara Haddad',
  email: 'sara@dealix.test',
  time_zone: 'Asia/Riyadh',
};

/**
 * Books straight at the simulator, as earlier activity on the account would have: each seed
 * takes the next free half hour from 2050-09-06 09:00 UTC, clear of the samples' own times.
 */
export async function seedBooking(sim: CalSimulator): Promise<string> {
  const n = sim.counters.get('bookings_created');
  const start = new Date(Date.UTC(2050, 8, 6 + Math.floor(n / 16), 9) + (n % 16) * 1_800_000);
  const res = await fetch(`${sim.baseUrl}/v2/bookings`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${sim.apiKey}`,
      'cal-api-version': sim.apiVersions.bookings,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      start: start.toISOString(),
      eventTypeId: 1,
      attendee: { name: ATTENDEE.name, email: ATTENDEE.email, timeZone: ATTENDEE.time_zone },
    }),
  });
  return ((await res.json()) as { data: { uid: string } }).data.uid;
}

/**
 * The Cal.com simulator in strict mode (a missing or wrong cal-api-version is a 400, not a
 * silent fallback) and the tenant config that reaches it.
 */
export async function startCalSimulator(): Promise<SimulatorHandle<CalSimulator>> {
  const sim = createCalSimulator({
    apiKey: API_KEY,
    webhookSecret: WEBHOOK_SECRET,
    strictVersion: true,
  });
  await sim.start();
  return {
    simulator: sim,
    config: { api_key: API_KEY, webhook_secret: WEBHOOK_SECRET, base_url: sim.baseUrl },
    stop: () => sim.stop(),
  };
}

/** A booking webhook body as Cal.com sends it, and its signed headers. */
export function calDelivery(
  sim: CalSimulator,
  trigger: string,
  payload: Record<string, unknown>,
): { headers: Record<string, string>; body: string } {
  const body = sim.webhookBody(trigger, payload);
  return {
    headers: { 'Content-Type': 'application/json', 'X-Cal-Signature-256': sim.signWebhook(body) },
    body,
  };
}

/** The payload Cal.com sends with a booking trigger, about the booking `uid`. */
export function bookingPayload(
  uid: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    bookingId: 1,
    uid,
    type: 'intro-call',
    title: `Intro Call between Simulated Host and ${ATTENDEE.name}`,
    startTime: '2050-09-05T10:00:00.000Z',
    endTime: '2050-09-05T10:30:00.000Z',
    status: 'ACCEPTED',
    organizer: { name: 'Simulated Host', email: 'host@cal.test', timeZone: 'UTC' },
    attendees: [{ name: ATTENDEE.name, email: ATTENDEE.email, timeZone: ATTENDEE.time_zone }],
    ...extra,
  };
}

/**
 * A fresh Cal.com simulator and runtime per test (the kit's harness); after every test no
 * error, audit record or log line may contain the API key or the webhook secret.
 */
export function useCalHarness(): () => ConnectorHarness<CalSimulator> {
  return useConnectorHarness(() => ({
    plugin: connector,
    packageDir: PACKAGE_DIR,
    tenants: [TENANT],
    // Manifest timeouts in tenths: a 10 s attempt times out after 1 s.
    runtime: { timeoutScale: 0.1 },
    startSimulator: startCalSimulator,
  }));
}
