import type { z } from 'zod';
import type {
  CompensationCall,
  CompletedCall,
  ConnectorContext,
  HealthContext,
  HealthResult,
  HttpConventions,
  InboundWebhook,
  TokenSource,
  OperationContext,
  WebhookContext,
  WebhookOutcome,
} from './types';
import { initializeNothing } from './initializeNothing';

/** Marks plugins made by defineConnector across copies of core. */
export const CONNECTOR_MARK = Symbol.for('dealix.connector-core.connector');

export interface OperationDefinition<
  I extends z.ZodType,
  O extends z.ZodType,
  Config = unknown,
  State = unknown,
> {
  input: I;
  output: O;
  /** The vendor call. Its result is parsed with `output` before anyone sees it. */
  run(input: z.output<I>, ctx: OperationContext<Config, State>): Promise<z.input<O>>;
  /**
   * For a write whose manifest names a compensation operation: the input of that operation,
   * built from the completed call (e.g. the id of the payment to reverse).
   */
  compensate?: (call: CompletedCall<z.output<I>, z.output<O>>) => CompensationCall;
  /**
   * For an operation that needs approval: values computed from the input that are safe to show
   * the approver (a file's size and page count), kept beside the redacted input as the approval's
   * `computed_preview`. Flat strings, numbers, booleans or null; it must not call the vendor.
   */
  preview?: (input: z.output<I>) => PreviewValues;
}

/** What an operation's preview() returns: flat, safe, computed values. */
export type PreviewValues = Record<string, string | number | boolean | null>;

/**
 * Types one operation from its zod schemas: `input` in `run` is the parsed input, the return
 * value must fit `output`. Annotate `ctx` with your connector's OperationContext<Config, State>.
 */
export function defineOperation<I extends z.ZodType, O extends z.ZodType, Config, State>(
  op: OperationDefinition<I, O, Config, State>,
): OperationDefinition<I, O, Config, State> {
  return op;
}

// Operations are stored type-erased; their schemas carry the types at the edges.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance: each operation has its own I/O types
export type AnyOperation = OperationDefinition<z.ZodType, z.ZodType, any, any>;

export interface ConnectorDefinition<
  Cfg extends z.ZodObject,
  State,
  Ops extends Record<string, AnyOperation>,
> {
  /** Must equal the manifest's connector_key; the loader checks it. */
  key: string;
  /** The tenant config fields; must agree with the manifest's config map (names, required, secret). */
  config: Cfg;
  /** Per-tenant setup (clients, tokens). Its result is `ctx.state` in every call. */
  initialize?: (ctx: ConnectorContext<z.output<Cfg>>) => Promise<State>;
  operations: Ops;
  /** A cheap authenticated read, bounded by the runtime's short probe timeout. */
  healthCheck: (ctx: HealthContext<z.output<Cfg>, State>) => Promise<HealthResult>;
  /** Verifies an inbound delivery against its raw bytes; never parses an unverified body. */
  verifyWebhook?: (
    req: InboundWebhook,
    ctx: WebhookContext<z.output<Cfg>, State>,
  ) => Promise<WebhookOutcome> | WebhookOutcome;
  shutdown?: (ctx: HealthContext<z.output<Cfg>, State>) => Promise<void>;
  http?: HttpConventions;
  /**
   * One zod schema per manifest `webhook_events` entry, describing the payload of that event
   * (personal fields marked with personal(), safe ones with safe()): the audit copy of each
   * event is redacted by the connector's data classification through it, and it is committed as
   * `schemas/webhooks/<event>.json` for the gate to diff. Without it the audit keeps only a
   * digest of a confidential or restricted connector's events.
   */
  webhookEvents?: Record<string, z.ZodType>;
  /**
   * Where the vendor's access tokens come from. The runtime keeps one cache per (tenant,
   * connector) behind `ctx.token()`, and re-runs an attempt once with a fresh token when the
   * vendor refuses the one it used (an `auth` error).
   */
  token?: TokenSource<z.output<Cfg>>;
}

/** What the loader imports: a connector's entry exports it as `connector`. */
export interface ConnectorPlugin {
  readonly [CONNECTOR_MARK]: true;
  readonly key: string;
  readonly config: z.ZodObject;
  readonly operations: Readonly<Record<string, AnyOperation>>;
  readonly http: HttpConventions;
  readonly webhookEvents?: Readonly<Record<string, z.ZodType>>;
  readonly token?: TokenSource<unknown>;
  initialize(ctx: ConnectorContext<unknown>): Promise<unknown>;
  healthCheck(ctx: HealthContext<unknown, unknown>): Promise<HealthResult>;
  verifyWebhook?(
    req: InboundWebhook,
    ctx: WebhookContext<unknown, unknown>,
  ): Promise<WebhookOutcome> | WebhookOutcome;
  shutdown(ctx: HealthContext<unknown, unknown>): Promise<void>;
}

/**
 * Makes a connector plugin. Types flow from the zod schemas: `ctx.config` is the parsed config,
 * each operation's `run` sees its parsed input. The manifest is checked against this object when
 * the plugin loads (key, operation names, config fields), not typed from JSON.
 */
export function defineConnector<
  Cfg extends z.ZodObject,
  State,
  Ops extends Record<string, AnyOperation>,
>(def: ConnectorDefinition<Cfg, State, Ops>): ConnectorPlugin & { readonly operations: Ops } {
  const plugin = {
    [CONNECTOR_MARK]: true as const,
    key: def.key,
    config: def.config,
    operations: def.operations,
    http: httpConventions(def.http),
    ...(def.webhookEvents && { webhookEvents: Object.freeze({ ...def.webhookEvents }) }),
    initialize: initializeOf(def.initialize),
    healthCheck: (ctx: HealthContext<unknown, unknown>) =>
      def.healthCheck(ctx as HealthContext<z.output<Cfg>, State>),
    shutdown: async (ctx: HealthContext<unknown, unknown>) => {
      if (def.shutdown) await def.shutdown(ctx as HealthContext<z.output<Cfg>, State>);
    },
    ...(def.token && { token: def.token as TokenSource<unknown> }),
    ...(def.verifyWebhook && {
      verifyWebhook: (req: InboundWebhook, ctx: WebhookContext<unknown, unknown>) =>
        def.verifyWebhook!(req, ctx as WebhookContext<z.output<Cfg>, State>),
    }),
  };
  return Object.freeze(plugin);
}

function initializeOf<Config, State>(
  init: ((ctx: ConnectorContext<Config>) => Promise<State>) | undefined,
): (ctx: ConnectorContext<unknown>) => Promise<unknown> {
  if (init === undefined) return initializeNothing;
  return async (ctx) => init(ctx as ConnectorContext<Config>);
}

/** The plugin's HTTP conventions, header names lower-cased once. */
function httpConventions(http: HttpConventions | undefined): HttpConventions {
  if (http?.sensitiveHeaders === undefined) return http ?? {};
  return {
    ...http,
    sensitiveHeaders: Object.freeze(http.sensitiveHeaders.map((name) => name.toLowerCase())),
  };
}

/** Recognise a plugin by its mark, never by instanceof. */
export function isConnectorPlugin(value: unknown): value is ConnectorPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[CONNECTOR_MARK] === true
  );
}
