import type {
  GovernedHttp,
  GovernedRequest,
  GovernedResponse,
  HttpConventions,
} from '../contract/types';
import { ConcurrencyLimiter } from './concurrencyLimiter';
import { performRequest, type CallBinding, type ClientState } from './governedCall';
import { HostAllowlist } from './hostAllowlist';
import { RequestRateLimiter } from './requestRateLimiter';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../manifest/manifestVocabulary';
import { secretForms } from '../secrets/secretScrubber';

export interface GovernedHttpOptions {
  connectorKey: string;
  /** Resolved allowed_hosts: literal hosts ("api.stripe.com", "127.0.0.1") or "*.example.com" wildcards. */
  allowedHosts: readonly string[];
  /** Sandbox mode: also allow loopback (127.0.0.0/8, localhost, ::1) on any port. */
  allowLoopback?: boolean;
  /** Max in-flight requests for this (tenant, connector); extra ones queue. Default 10. */
  maxConcurrency?: number;
  /** Optional client-side rate limit, requests per second (token bucket). */
  maxRequestsPerSecond?: number;
  /** Redirects followed per request. Default 5. */
  maxRedirects?: number;
  /** Largest response body read. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Config secret values: never appear in any error this client throws. */
  secrets: readonly string[];
  conventions?: HttpConventions;
  /** For Retry-After HTTP-dates. Default Date.now. */
  now?: () => number;
}

export interface AttemptBinding {
  signal: AbortSignal;
  idempotencyKey?: string;
  /** Called with each vendor request id seen (the runtime puts the last one on audit records). */
  onRequestId?: (id: string) => void;
  /** The largest response body this binding reads (an operation's max_response_bytes). */
  maxResponseBytes?: number;
}

export interface GovernedHttpClient {
  /** A GovernedHttp bound to one attempt (cheap: nothing per attempt but the binding). */
  bind(binding: AttemptBinding): GovernedHttp;
  /** Hosts rule check, exported for the loader/gate: true when `url`'s host is allowed. */
  isAllowed(url: string): boolean;
  /** Adds a secret acquired at run time (an access token): scrubbed from every later error. */
  addSecret(value: string): void;
  /** The same host rules for a bare host name (a direct transport's target). */
  allowsHost(host: string): boolean;
}

const DEFAULT_MAX_CONCURRENCY = 10;

const DEFAULT_MAX_REDIRECTS = 5;

/**
 * The governed HTTP client of one (tenant, connector): one concurrency cap and rate limit, shared
 * by every attempt bound to it. Requests go out through node's http/https on its keep-alive
 * global agent (sendRequest): no proxy, no redirects followed, bodies encoded and decoded by core.
 */
export function createGovernedHttp(options: GovernedHttpOptions): GovernedHttpClient {
  const secrets = options.secrets.filter((secret) => secret.length > 0);
  let forms: string[] | undefined;
  const state: ClientState = {
    connectorKey: options.connectorKey,
    allowlist: new HostAllowlist(options.allowedHosts, options.allowLoopback ?? false),
    limiter: new ConcurrencyLimiter(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY),
    rateLimiter:
      options.maxRequestsPerSecond === undefined
        ? undefined
        : new RequestRateLimiter(options.maxRequestsPerSecond),
    maxRedirects: nonNegativeInteger('maxRedirects', options.maxRedirects, DEFAULT_MAX_REDIRECTS),
    maxResponseBytes: nonNegativeInteger(
      'maxResponseBytes',
      options.maxResponseBytes,
      DEFAULT_MAX_RESPONSE_BYTES,
    ),
    secrets,
    // Worked out on the first error to scrub: a host with many connectors starts without them.
    get secretForms() {
      return (forms ??= secrets.flatMap(secretForms));
    },
    idempotencyHeader: options.conventions?.idempotencyHeader,
    requestIdHeaders: (options.conventions?.requestIdHeaders ?? []).map((name) =>
      name.toLowerCase(),
    ),
    now: options.now ?? Date.now,
    propagateTraceContext: options.conventions?.propagateTraceContext ?? true,
  };
  return {
    bind: (binding) => new BoundGovernedHttp(state, binding),
    isAllowed: (url) => {
      try {
        return state.allowlist.allowsUrl(new URL(url));
      } catch {
        return false;
      }
    },
    allowsHost: (host) => state.allowlist.allowsHost(host),
    addSecret: (value) => {
      if (value.length === 0 || state.secrets.includes(value)) return;
      state.secrets.push(value);
      // Not yet worked out: the first error to scrub works them out from `secrets`, this one too.
      forms?.push(...secretForms(value));
    },
  };
}

class BoundGovernedHttp implements GovernedHttp {
  constructor(
    private readonly state: ClientState,
    private readonly binding: CallBinding,
  ) {}

  request<T = unknown>(req: GovernedRequest): Promise<GovernedResponse<T>> {
    return performRequest<T>(this.state, this.binding, req);
  }
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}
