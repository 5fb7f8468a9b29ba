import type { ConnectorPlugin } from '../contract/defineConnector';
import type { Clock, ConnectorContext, ConnectorLogger, HealthContext } from '../contract/types';
import type { GovernedHttpClient } from '../http';
import { DlxError } from '../errors/dlxError';
import { bindDirectTransport, type DirectTransport } from '../kit/directTransport';
import { TokenCache, type AccessToken } from '../kit/tokenCache';
import { webhookUrl } from '../kit/webhookUrl';
import type { Registry } from 'prom-client';
import type { ManifestMetric } from '../manifest';
import { declaredMetrics, type ConnectorMetricsRecorder } from '../metrics/declaredMetrics';
import type { CallLinkStore } from '../stores/callLinkStore';
import { CallLimiter } from './callLimiter';
import type { ConnectorLimits } from './connectorLimits';
import { isoTime } from './isoTime';
import { currentTraceIds } from '../tracing/traceIds';

/**
 * What the runtime hands each (tenant, connector) instance beyond ctx.http: the kit's shared
 * services, built once at registration and reached by every context of the instance.
 */
export interface ConnectorKit {
  readonly callLinks: CallLinkStore;
  /** The instance's token, from its token source; rejects for a connector without one. */
  token(signal?: AbortSignal): Promise<AccessToken>;
  /** Drops a token the vendor refused (unless a newer one replaced it); false without a source. */
  invalidateToken(token: string): boolean;
  /** Makes a value acquired at run time (a token) a secret: scrubbed from errors, audit, logs. */
  registerSecret(value: string): void;
  /** ctx.webhookUrl(): the instance's public webhook URL, once the host knows its base. */
  webhookUrl(): string;
  /** The instance's attempt limiter (its tenant's limits). */
  readonly limiter: CallLimiter;
  /** At a stop: CallLimiter.stop() if the limiter was ever made (else nothing waits); 0 else. */
  stopWaiting(): number;
  /** ctx.metrics: the manifest's declared metrics of this (tenant, connector). */
  readonly metrics: ConnectorMetricsRecorder;
  /** ctx.transport under a signal (an attempt's, a probe's). */
  transport(signal: () => AbortSignal): DirectTransport;
}

/** The host's public base URL: set when known (after listen, for an ephemeral port). */
export interface PublicBaseUrl {
  value: string | undefined;
}

export interface ConnectorKitDeps {
  callLinks: CallLinkStore;
  /** Told of every secret acquired at run time (the host scrubs its logs of them). */
  onSecret?: (value: string) => void;
  timeoutScale: number;
  publicBaseUrl: PublicBaseUrl;
  /** Where declared connector metrics are registered (the host's /metrics registry). */
  registry: Registry;
}

/** The kit of one instance. `secrets` is the instance's live list (audit redaction reads it). */
export function createConnectorKit(
  instance: {
    tenant: string;
    key: string;
    plugin: ConnectorPlugin;
    config: unknown;
    http: GovernedHttpClient;
    clock: Clock;
    log: ConnectorLogger;
    secrets: string[];
    limits: ConnectorLimits;
    metrics: readonly ManifestMetric[];
    /** direct_transports[].library of the manifest. */
    directLibraries: readonly string[];
  },
  deps: ConnectorKitDeps,
): ConnectorKit {
  const registerSecret = (value: string) => {
    if (value === '' || instance.secrets.includes(value)) return;
    instance.secrets.push(value);
    instance.http.addSecret(value);
    deps.onSecret?.(value);
  };
  const kitWebhookUrl = () => {
    const base = deps.publicBaseUrl.value;
    if (base === undefined) {
      throw new DlxError(
        'DLX_E_CONFIG_INVALID',
        `connector "${instance.key}" asked for its webhook URL, but the host has no public_base_url yet`,
        { details: { tenant: instance.tenant, connector: instance.key } },
      );
    }
    return webhookUrl(base, instance.tenant, instance.key);
  };
  const metrics = declaredMetrics(
    deps.registry,
    instance.metrics,
    instance.tenant,
    instance.key,
    instance.log,
  );
  const direct = {
    connectorKey: instance.key,
    libraries: instance.directLibraries,
    allowsHost: (host: string) => instance.http.allowsHost(host),
    secrets: instance.secrets,
  };
  const transport = (signal: () => AbortSignal) => bindDirectTransport(direct, signal);
  const source = instance.plugin.token;
  const tokens =
    source === undefined
      ? undefined
      : new TokenCache({
          clock: instance.clock,
          timeoutMs: Math.max(1, Math.round(30_000 * deps.timeoutScale)),
          ...(source.refreshMarginMs !== undefined && { refreshMarginMs: source.refreshMarginMs }),
          onToken: registerSecret,
          fetch: (signal) =>
            source.fetch({
              tenant: instance.tenant,
              connectorKey: instance.key,
              config: instance.config,
              http: instance.http.bind({ signal }),
              clock: instance.clock,
              log: instance.log,
              signal,
              token: () =>
                Promise.reject(new TypeError('a token source cannot ask for the token it fetches')),
              webhookUrl: () => kitWebhookUrl(),
              metrics,
              transport: transport(() => signal),
            }),
        });
  // Made on the first attempt: most instances of a host with many connectors never run one.
  let limiter: CallLimiter | undefined;
  return {
    callLinks: deps.callLinks,
    token: (signal) =>
      tokens === undefined
        ? Promise.reject(
            new TypeError(
              `connector "${instance.key}" declares no token source (defineConnector token)`,
            ),
          )
        : tokens.get(signal),
    invalidateToken: (token) => {
      tokens?.invalidate(token);
      return tokens !== undefined;
    },
    registerSecret,
    webhookUrl: kitWebhookUrl,
    get limiter() {
      return (limiter ??= new CallLimiter(instance.limits, instance.clock));
    },
    stopWaiting: () => limiter?.stop() ?? 0,
    metrics,
    transport,
  };
}

/** The context of a probe, a webhook check or a shutdown: the instance under one signal. */
export function instanceContext(
  rc: {
    tenant: string;
    key: string;
    config: unknown;
    state: unknown;
    http: GovernedHttpClient;
    log: ConnectorLogger;
    kit: ConnectorKit;
  },
  signal: AbortSignal,
  clock: Clock,
): HealthContext<unknown, unknown> {
  return {
    tenant: rc.tenant,
    connectorKey: rc.key,
    config: rc.config,
    state: rc.state,
    http: rc.http.bind({ signal }),
    clock,
    log: rc.log,
    signal,
    token: () => rc.kit.token(signal),
    webhookUrl: rc.kit.webhookUrl,
    metrics: rc.kit.metrics,
    transport: rc.kit.transport(() => signal),
  };
}

/**
 * The context initialize() gets: the instance before it has state. `source.signal` is read only
 * when used (a request, a token fetch, a transport), so an initialize that uses none of them
 * makes no AbortSignal.
 */
export function initializeContext(
  instance: {
    tenant: string;
    key: string;
    config: unknown;
    http: GovernedHttpClient;
    log: ConnectorLogger;
  },
  kit: ConnectorKit,
  source: { readonly signal: AbortSignal },
  clock: Clock,
): ConnectorContext<unknown> {
  return {
    tenant: instance.tenant,
    connectorKey: instance.key,
    config: instance.config,
    http: instance.http.bind(source),
    clock,
    log: instance.log,
    token: () => kit.token(source.signal),
    webhookUrl: kit.webhookUrl,
    metrics: kit.metrics,
    transport: kit.transport(() => source.signal),
  };
}

/** ctx.recordVendorObject of one call: links the object to the call's correlation id. */
export function vendorObjectRecorder(
  kit: ConnectorKit,
  where: { tenant: string; connector: string; operation: string; correlationId: string },
  clock: Clock,
): (objectId: string) => Promise<void> {
  return (objectId) => {
    if (typeof objectId !== 'string' || objectId === '') {
      return Promise.reject(new TypeError('recordVendorObject needs the vendor object id'));
    }
    // Called inside the attempt: its span is the one a later webhook delivery links to.
    const ids = currentTraceIds();
    return kit.callLinks.link({
      tenant: where.tenant,
      connector: where.connector,
      object_id: objectId,
      correlation_id: where.correlationId,
      operation: where.operation,
      created_at: isoTime(clock.now()),
      ...(ids !== undefined && ids),
    });
  };
}
