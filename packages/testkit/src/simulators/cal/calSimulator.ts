import { withServerHandle, type ServerHandle } from '../../http/serverHandle';
import { SimulatorServer } from '../../http/simulatorServer';
import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { SimRequest, SimResponse } from '../../http/types';
import { CalBookingStore } from './calBookings';
import type { CalEventType } from './calBookings';
import { calError, calStatusError } from './calErrors';
import { createCalRoutes } from './calRoutes';
import type { WorkingHoursUtc } from './calSlots';
import { postWebhook } from '../../http/signing';
import { unknownEventType, type SignedEventSource } from '../../http/signedEvents';
import { sameSecret } from '../../http/sameSecret';
import {
  CAL_SAMPLE_TRIGGERS,
  calWebhookBody,
  sampleCalPayload,
  signCalWebhook,
} from './calWebhooks';

export interface CalApiVersions {
  bookings: string;
  slots: string;
}

export interface CalSimulatorOptions {
  /** Must start with `cal_` like real keys (default 'cal_test_simulator'). */
  apiKey?: string;
  /** Secret webhooks are signed with; null = unsigned (`no-secret-provided`). */
  webhookSecret?: string | null;
  /** The `cal-api-version` each endpoint group expects. */
  requiredApiVersions?: Partial<CalApiVersions>;
  /**
   * Cal.com silently serves an older endpoint version when the header is missing or wrong; the
   * simulator counts that in `fallbacks`. With strictVersion it answers 400 instead, so a test
   * fails loudly.
   */
  strictVersion?: boolean;
  /** Default: one 30-minute event type with id 1. */
  eventTypes?: CalEventType[];
  /** Default 09:00–17:00 UTC, every day. */
  workingHoursUtc?: WorkingHoursUtc;
  seed?: number;
}

export interface CalSimulator extends ServerHandle, SignedEventSource {
  /** Base URL without `/v2` (routes live under `${baseUrl}/v2/...`). */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly webhookSecret: string | null;
  readonly apiVersions: CalApiVersions;
  /** `bookings_created`, `bookings_cancelled`, `bookings_rescheduled`. */
  readonly counters: SideEffectCounters;
  /** Requests answered although their cal-api-version was missing or wrong (non-strict mode). */
  readonly fallbacks: number;
  /** Drops bookings, fallbacks, recordings, counters and faults. */
  /** `X-Cal-Signature-256` for a raw webhook body (hex, no prefix). */
  signWebhook(rawBody: string | Buffer): string;
  /** A webhook body `{triggerEvent, createdAt, payload}` as the exact string to sign and send. */
  webhookBody(triggerEvent: string, payload: unknown): string;
}

const DEFAULT_VERSIONS: CalApiVersions = { bookings: '2024-08-13', slots: '2024-09-04' };
const DEFAULT_EVENT_TYPES: CalEventType[] = [
  { id: 1, slug: 'intro-call', title: 'Intro Call', lengthInMinutes: 30 },
];

/** Cal.com API v2 (bookings, slots, me) plus its webhook signing, on 127.0.0.1. */
export function createCalSimulator(options: CalSimulatorOptions = {}): CalSimulator {
  const apiKey = options.apiKey ?? 'cal_test_simulator';
  if (!apiKey.startsWith('cal_')) throw new Error('a Cal.com API key starts with "cal_"');
  const webhookSecret =
    options.webhookSecret === undefined ? 'cal-webhook-secret' : options.webhookSecret;
  const versions: CalApiVersions = { ...DEFAULT_VERSIONS, ...options.requiredApiVersions };
  const bookings = new CalBookingStore();
  let fallbacks = 0;

  const versioned =
    (group: keyof CalApiVersions, handler: (req: SimRequest) => SimResponse) =>
    (req: SimRequest): SimResponse => {
      const sent = req.headers['cal-api-version'];
      if (sent !== versions[group]) {
        if (options.strictVersion === true) {
          const got = sent === undefined ? 'it is missing' : `got "${sent}"`;
          return calError(
            400,
            req.path,
            `cal-api-version header must be "${versions[group]}" for this endpoint; ${got}`,
          );
        }
        fallbacks += 1;
      }
      return handler(req);
    };

  const authenticate = (req: SimRequest): SimResponse | null =>
    sameSecret(req.headers.authorization, `Bearer ${apiKey}`)
      ? null
      : calError(401, req.path, 'Invalid or missing API key');

  const server: SimulatorServer = new SimulatorServer({
    name: 'cal',
    seed: options.seed,
    routes: createCalRoutes({
      bookings,
      eventTypes: options.eventTypes ?? DEFAULT_EVENT_TYPES,
      workingHours: options.workingHoursUtc ?? { from: 9, to: 17 },
      counters: () => server.counters,
      versioned,
    }),
    controlRoutes: [
      {
        id: '__sim.cal.fallbacks',
        method: 'GET',
        path: '/__sim/fallbacks',
        handler: () => ({ status: 200, body: { fallbacks } }),
      },
    ],
    authenticate,
    expiredTokenResponse: () => calError(401, '/v2', 'Access token is expired or invalid'),
    errorResponse: (status, req) => calStatusError(status, req.path),
    onReset: () => {
      bookings.clear();
      fallbacks = 0;
    },
  });

  return withServerHandle<Omit<CalSimulator, keyof ServerHandle>>(server, {
    apiKey,
    webhookSecret,
    apiVersions: versions,
    get fallbacks() {
      return fallbacks;
    },
    signWebhook: (rawBody) => signCalWebhook(webhookSecret, rawBody),
    webhookBody: (triggerEvent, payload) => calWebhookBody(triggerEvent, payload),
    webhookEventTypes: CAL_SAMPLE_TRIGGERS,
    deliverEvent: async (url, type) => {
      if (!CAL_SAMPLE_TRIGGERS.includes(type)) {
        throw unknownEventType('Cal.com', type, CAL_SAMPLE_TRIGGERS);
      }
      const body = calWebhookBody(type, sampleCalPayload(type));
      return postWebhook(url, {
        headers: {
          'Content-Type': 'application/json',
          'X-Cal-Signature-256': signCalWebhook(webhookSecret, body),
        },
        body,
      });
    },
  });
}
