import type { z } from 'zod';
import type { DirectTransport } from '../kit/directTransport';
import type { AccessToken } from '../kit/tokenCache';
import type { ConnectorMetricsRecorder } from '../metrics/declaredMetrics';

/** Time as the runtime sees it; tests inject a fake one so retries run in milliseconds. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ConnectorLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** One vendor request through ctx.http. */
export interface GovernedRequest {
  method?: HttpMethod;
  /** Absolute URL, or a path joined to `baseURL`. */
  url: string;
  baseURL?: string;
  headers?: Record<string, string>;
  params?: Record<string, string | number | boolean | undefined>;
  /**
   * Objects go out as JSON, URLSearchParams as a form, FormData as multipart/form-data (with its
   * boundary); strings and Buffers as they are (set content-type yourself).
   */
  data?: unknown;
  auth?: { username: string; password: string };
  responseType?: 'json' | 'text' | 'arraybuffer';
  /** Statuses that resolve instead of throwing. Default: 2xx. */
  acceptStatus?: (status: number) => boolean;
}

export interface GovernedResponse<T = unknown> {
  status: number;
  headers: Readonly<Record<string, string>>;
  data: T;
  /** The vendor's request id, read from the connector's declared request-id headers. */
  requestId?: string;
}

/**
 * The only way a connector reaches the network (besides a declared direct transport): every
 * request and every redirect hop is checked against allowed_hosts, carries the attempt's
 * AbortSignal, and fails with a DlxError scrubbed of secrets.
 */
export interface GovernedHttp {
  request<T = unknown>(req: GovernedRequest): Promise<GovernedResponse<T>>;
}

/** How the connector's vendor speaks HTTP: used by core's ctx.http. */
export interface HttpConventions {
  /** Header that carries the runtime's idempotency key to the vendor (Stripe: Idempotency-Key). */
  idempotencyHeader?: string;
  /** Response headers holding the vendor's request id, first match wins. */
  requestIdHeaders?: readonly string[];
  /**
   * Inbound (webhook) headers the host never logs, such as the vendor's signature header
   * (`stripe-signature`, `x-twilio-signature`); `authorization` always is. Lower-cased by
   * defineConnector.
   */
  sensitiveHeaders?: readonly string[];
  /**
   * Send the W3C `traceparent` (and `tracestate`) of each request's client span to the vendor
   * when the call is traced. Default true; false for a vendor that rejects unknown headers.
   */
  propagateTraceContext?: boolean;
}

/** What a connector gets once per tenant: its validated config and its capabilities. */
export interface ConnectorContext<Config> {
  readonly tenant: string;
  readonly connectorKey: string;
  readonly config: Config;
  readonly http: GovernedHttp;
  readonly clock: Clock;
  readonly log: ConnectorLogger;
  /**
   * The instance's access token from its declared token source (defineConnector `token`):
   * cached, refreshed before it expires, fetched once however many calls ask at once, and
   * registered as a secret. Rejects for a connector without a token source.
   */
  token(): Promise<AccessToken>;
  /**
   * The public URL vendors call for this tenant's connector webhooks (the host's
   * public_base_url + /webhooks/<tenant>/<key>), for vendors told where to call back (Twilio's
   * StatusCallback). Throws DLX_E_CONFIG_INVALID while the host has no public URL.
   */
  webhookUrl(): string;
  /**
   * The connector's own metrics, as its manifest's `metrics[]` declares them, per (tenant,
   * connector); an undeclared name, kind or label is refused (DLX_E_METRICS_UNDECLARED).
   */
  readonly metrics: ConnectorMetricsRecorder;
  /**
   * For a library declared in the manifest's direct_transports (nodemailer): connections to
   * allowed hosts only, under the context's signal, with failures that say whether the vendor
   * may have acted. Refuses every library for a connector that declares none.
   */
  readonly transport: DirectTransport;
}

/** How a connector obtains an access token (OAuth client credentials, a JWT grant...). */
export interface TokenSource<Config> {
  /** One token request, through ctx.http; `ctx.signal` bounds it. */
  fetch(ctx: ConnectorContext<Config> & { readonly signal: AbortSignal }): Promise<AccessToken>;
  /** Replace a token this long before it expires (default 60 s). */
  refreshMarginMs?: number;
}

/** What an operation gets for one attempt. */
export interface OperationContext<Config, State> extends ConnectorContext<Config> {
  readonly state: State;
  /** Aborts when the attempt times out, the deadline passes or the caller cancels. */
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly operation: string;
  readonly correlationId: string;
  /** The runtime's idempotency key, for vendor-native headers (also sent by ctx.http). */
  readonly idempotencyKey?: string;
  /**
   * Records the id of the object this call created at the vendor (a message id, a call SID):
   * webhook events that name it (WebhookEvent.objectId) then carry this call's correlation id.
   * Await it before returning: the link is stored before the vendor's first status event.
   */
  recordVendorObject(objectId: string): Promise<void>;
}

export interface HealthContext<Config, State> extends ConnectorContext<Config> {
  readonly state: State;
  readonly signal: AbortSignal;
}

export type HealthStatus = 'ok' | 'degraded' | 'error';

export interface HealthResult {
  status: HealthStatus;
  /** Short, secret-free reason shown on the board when not ok. */
  detail?: string;
}

/** An inbound webhook delivery, with the bytes exactly as received. */
export interface InboundWebhook {
  method: 'GET' | 'POST';
  /** The public URL the vendor called (public_base_url + path + query), for URL-signing vendors. */
  url: string;
  query: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  receivedAt: number;
}

export interface WebhookEvent {
  /** The vendor's event or message id: the outbox de-duplicates on it. */
  id: string;
  /** An audit event name from the manifest's webhook_events. */
  type: string;
  occurredAt?: string;
  payload: unknown;
  /**
   * The vendor object the event is about (the message or call whose status changed): when a
   * call recorded it, the event carries that call's correlation id.
   */
  objectId?: string;
  /**
   * The correlation id of the call the event is about, as the vendor carried it back on a URL
   * the connector gave it and signed with the rest (Twilio's StatusCallback). Used when no call
   * recorded `objectId` yet: a status can arrive before the answer that names the object.
   */
  correlationId?: string;
}

export type WebhookOutcome =
  /** A handshake answered directly (WhatsApp's GET verification). */
  | { kind: 'respond'; status: number; body: string; contentType?: string }
  | { kind: 'accepted'; events: WebhookEvent[] }
  | {
      kind: 'rejected';
      reason: 'signature_invalid' | 'replayed' | 'malformed';
      message: string;
    };

export interface WebhookContext<Config, State> extends ConnectorContext<Config> {
  readonly state: State;
}

/** A call to compensate: the original input and output of a completed write. */
export interface CompletedCall<I = unknown, O = unknown> {
  input: I;
  output: O;
}

/** The compensating call a completed write maps to. */
export interface CompensationCall {
  operation: string;
  input: unknown;
}

export type AnyZod = z.ZodType;
