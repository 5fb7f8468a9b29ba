import { randomBytes } from 'node:crypto';
import { postWebhook } from '../../http/signing';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { withServerHandle, type ServerHandle } from '../../http/serverHandle';
import { SimulatorServer } from '../../http/simulatorServer';
import type { RouteDef, SimResponse } from '../../http/types';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  createPaymentIntent,
  findIntent,
  intentAnswer,
  queryExpand,
} from './paymentIntentOperations';
import { createRefund } from './refundOperations';
import { authenticateStripe } from './stripeAuth';
import { noSuchResource, SHOULD_RETRY_HEADER, stripeError } from './stripeErrors';
import { IdempotencyLedger } from './stripeIdempotency';
import type { StripeContext } from './stripeOperation';
import { stripePostHandler } from './stripePostHandler';
import { StripeState } from './stripeState';
import type { StripeCharge, StripePaymentIntent, StripeRefund } from './stripeState';
import { unknownEventType, type SignedEventSource } from '../../http/signedEvents';
import { STRIPE_SAMPLE_EVENTS } from './stripeSampleEvents';
import { buildStripeEvent, signStripePayload } from './stripeWebhooks';

export interface StripeSimulatorOptions {
  /** Default `sk_test_` + random. */
  apiKey?: string;
  /** Default `whsec_` + random. */
  webhookSecret?: string;
  /** [U] Status of "same Idempotency-Key, other parameters" (default 400). */
  idempotencyMismatchStatus?: number;
  /** [U] How long a key is remembered (default 24 h, the documented minimum before pruning). */
  idempotencyRetentionMs?: number;
  /** Send `Stripe-Should-Retry` on the simulator's own errors (default true). */
  shouldRetryHeader?: boolean;
  /** Time each POST execution takes (default 0); lets a test meet a key in flight (409). */
  processingDelayMs?: number;
  /** `api_version` written into webhook events. */
  apiVersion?: string;
  seed?: number;
}

export interface StripeSimulator extends ServerHandle, SignedEventSource {
  readonly apiKey: string;
  readonly webhookSecret: string;
  readonly paymentIntents: ReadonlyMap<string, StripePaymentIntent>;
  readonly charges: ReadonlyMap<string, StripeCharge>;
  readonly refunds: ReadonlyMap<string, StripeRefund>;
  /** Settings for the official client: `new Stripe(apiKey, { ...sim.clientConfig() })`. */
  clientConfig(): { host: string; port: number; protocol: 'http' };
  /** `Stripe-Signature` header value for a raw payload. */
  signWebhook(payload: string, timestamp?: number): string;
  /** A serialized event envelope around `object`. */
  webhookEvent(type: string, object: unknown): string;
  /** Posts a signed event to a URL, as Stripe delivers webhooks. */
  deliverWebhook(url: string, type: string, object: unknown): Promise<RawHttpResponse>;
  /** The next `count` POST executions begin and fail with a 500, saved under their key. */
  failNextExecutions(count: number): void;
}

const DEFAULT_API_VERSION = '2025-01-27.acacia';

function errorFor(status: number, method: string, path: string): SimResponse {
  if (status === 404) {
    return stripeError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }
  if (status >= 500)
    return stripeError(status, { type: 'api_error', message: 'An unknown error occurred' });
  return stripeError(status, {
    type: 'invalid_request_error',
    message: `Simulated HTTP ${status}`,
  });
}

/** Builds (does not start) a Stripe simulator speaking the v1 REST wire protocol. */
export function createStripeSimulator(options: StripeSimulatorOptions = {}): StripeSimulator {
  const apiKey = options.apiKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`;
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const state = new StripeState();
  const ledger = new IdempotencyLedger(options.idempotencyRetentionMs ?? 24 * 60 * 60 * 1000);
  let requestIdNonce = randomBytes(3).toString('hex');
  let pendingFailures = 0;
  const requestIdFor = (seq: number) => `req_${requestIdNonce}${seq.toString(36).padStart(8, '0')}`;

  const ctx = (): StripeContext => ({ state, counters: server.counters, apiVersion });
  const post = (
    id: string,
    path: string,
    build: (c: StripeContext) => ReturnType<typeof createRefund>,
  ): RouteDef => ({
    id,
    method: 'POST',
    path,
    handler: (req) =>
      stripePostHandler(build(ctx()), {
        ledger,
        idempotencyMismatchStatus: options.idempotencyMismatchStatus ?? 400,
        processingDelayMs: options.processingDelayMs ?? 0,
        sleep: (ms) => server.sleep(ms),
        takeExecutionFailure: () => {
          if (pendingFailures === 0) return false;
          pendingFailures -= 1;
          return true;
        },
        requestIdFor,
      })(req),
  });
  const get = (
    id: string,
    path: string,
    find: (id: string) => object | undefined,
    kind: string,
  ): RouteDef => ({
    id,
    method: 'GET',
    path,
    handler: (req) => {
      const found = find(req.params.id ?? '');
      return found === undefined
        ? noSuchResource(kind, req.params.id ?? '', 'id')
        : { status: 200, body: { ...found } };
    },
  });

  const routes: RouteDef[] = [
    post('payment_intents.create', '/v1/payment_intents', createPaymentIntent),
    {
      id: 'payment_intents.retrieve',
      method: 'GET',
      path: '/v1/payment_intents/:id',
      handler: (req) => {
        const intent = findIntent(ctx(), req.params.id);
        return 'object' in intent ? intentAnswer(state, intent, queryExpand(req.query)) : intent;
      },
    },
    post('payment_intents.cancel', '/v1/payment_intents/:id/cancel', cancelPaymentIntent),
    post('payment_intents.capture', '/v1/payment_intents/:id/capture', capturePaymentIntent),
    post('refunds.create', '/v1/refunds', createRefund),
    get('refunds.retrieve', '/v1/refunds/:id', (id) => state.refunds.get(id), 'refund'),
    get('charges.retrieve', '/v1/charges/:id', (id) => state.charges.get(id), 'charge'),
    {
      id: 'balance.retrieve',
      method: 'GET',
      path: '/v1/balance',
      handler: () => ({
        status: 200,
        body: {
          object: 'balance',
          available: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
          pending: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
          livemode: false,
        },
      }),
    },
  ];

  const sendShouldRetry = options.shouldRetryHeader ?? true;
  const server: SimulatorServer = new SimulatorServer({
    name: 'stripe',
    seed: options.seed,
    routes: routes.map((route) => ({
      ...route,
      handler: async (req) => {
        const response = await route.handler(req);
        if (sendShouldRetry || response.headers?.[SHOULD_RETRY_HEADER] === undefined)
          return response;
        const headers = { ...response.headers };
        delete headers[SHOULD_RETRY_HEADER];
        return { ...response, headers };
      },
    })),
    authenticate: authenticateStripe(apiKey),
    expiredTokenResponse: () =>
      stripeError(401, {
        type: 'authentication_error',
        code: 'api_key_expired',
        message: `Expired API Key provided: ${apiKey.slice(0, 8)}****${apiKey.slice(-4)}`,
      }),
    rateLimitResponse: () =>
      stripeError(429, {
        type: 'rate_limit_error',
        code: 'rate_limit',
        message:
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      }),
    errorResponse: (status, req) => errorFor(status, req.method, req.path),
    responseHeaders: (req) => ({ 'Request-Id': requestIdFor(req.seq) }),
    onReset: () => {
      state.clear();
      ledger.clear();
      pendingFailures = 0;
      requestIdNonce = randomBytes(3).toString('hex');
    },
  });

  const signWebhook = (payload: string, timestamp?: number) =>
    signStripePayload(webhookSecret, payload, timestamp);
  const webhookEvent = (type: string, object: unknown) =>
    buildStripeEvent(type, object, apiVersion);
  const deliverWebhook = (url: string, type: string, object: unknown) => {
    const payload = webhookEvent(type, object);
    return postWebhook(url, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Stripe-Signature': signWebhook(payload),
      },
      body: payload,
    });
  };
  return withServerHandle<Omit<StripeSimulator, keyof ServerHandle>>(server, {
    apiKey,
    webhookSecret,
    paymentIntents: state.paymentIntents,
    charges: state.charges,
    refunds: state.refunds,
    clientConfig: () => ({
      host: '127.0.0.1',
      port: Number(new URL(server.baseUrl).port),
      protocol: 'http',
    }),
    signWebhook,
    webhookEvent,
    deliverWebhook,
    webhookEventTypes: Object.keys(STRIPE_SAMPLE_EVENTS),
    deliverEvent: async (url, type) => {
      const sample = STRIPE_SAMPLE_EVENTS[type];
      if (!sample) throw unknownEventType('Stripe', type, Object.keys(STRIPE_SAMPLE_EVENTS));
      return deliverWebhook(url, type, sample());
    },
    failNextExecutions: (count) => {
      pendingFailures += count;
    },
  });
}

/** Creates and starts a Stripe simulator. */
export async function startStripeSimulator(
  options: StripeSimulatorOptions = {},
): Promise<StripeSimulator> {
  const sim = createStripeSimulator(options);
  await sim.start();
  return sim;
}
