import {
  systemClock,
  type BoardAnswer,
  type Clock,
  type HostApiResult,
} from '@dealix/connector-core/api';
import { HostTransport } from './hostTransport';
import { DEFAULT_RETRY, type RetryOptions } from './retryPolicy';
import { TenantClient } from './tenantClient';

export interface DealixClientOptions {
  /** The host's base URL, e.g. `http://127.0.0.1:4100` (a trailing `/` is dropped). */
  url: string;
  /**
   * A bearer token from the host's `tokens` config (or one a sandbox host printed). Its roles
   * say what it may do, its `tenants` where. Without one only open loopback reads work.
   */
  token?: string;
  /** Repeats of answers the host marks retryable (see RetryOptions). */
  retry?: RetryOptions;
  /** Time for waits (Retry-After, approval polling); tests pass core's VirtualClock. */
  clock?: Clock;
}

/**
 * A typed client of the Dealix connector host's HTTP API: every vendor call of a service or
 * agent goes through the host's governance (approvals, idempotency, audit), so nothing outside
 * needs a vendor binding. Types and answer checks come from core's HOST_API schemas, the ones
 * the host validates with; errors are core's DlxErrors, recognised by code.
 */
export class DealixClient {
  private readonly transport: HostTransport;
  private readonly clock: Clock;

  constructor(options: DealixClientOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`DealixClient: url must be http(s), got "${options.url}"`);
    }
    this.clock = options.clock ?? systemClock;
    this.transport = new HostTransport({
      url: url.href.replace(/\/+$/, ''),
      token: options.token,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      clock: this.clock,
    });
  }

  /** The API of one tenant: calls, approvals, unknown outcomes, the outbox and audit. */
  tenant(name: string): TenantClient {
    return new TenantClient(name, this.transport, this.clock);
  }

  /** The governance board of the token's tenants (`tenant` narrows it to one). */
  async governanceBoard(tenant?: string): Promise<BoardAnswer> {
    const answer = await this.transport.request('governanceBoard', { query: { tenant } });
    return answer.body;
  }

  /** The standard's canonical metrics, from core's dictionary data file. */
  async metricDictionary(): Promise<HostApiResult<'metricDictionary', 200>['metrics']> {
    return (await this.transport.request('metricDictionary')).body.metrics;
  }

  /** The startup report in short (a `["*"]` token, or an open loopback read). */
  async health(): Promise<HostApiResult<'health', 200>> {
    return (await this.transport.request('health')).body;
  }

  /** Resolves while the host serves; DLX_E_RUNTIME_SHUTTING_DOWN at once while it drains. */
  async ready(): Promise<HostApiResult<'ready', 200>> {
    return (await this.transport.request('ready', { repeatable: 'never' })).body;
  }

  /** Prometheus text (a `["*"]` token, or an open loopback read). */
  async metrics(): Promise<string> {
    return (await this.transport.request('metrics')).body;
  }

  /** The OpenAPI 3.1 document the host serves, generated from HOST_API. */
  async openApi(): Promise<Record<string, unknown>> {
    return (await this.transport.request('openApi')).body;
  }
}
