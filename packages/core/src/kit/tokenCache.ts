import { DlxError, isDlxError } from '../errors/dlxError';
import type { Clock } from '../contract/types';
import { vendorFactsOf } from './vendorErrors';

/** An access token a vendor issued, with what came along (Salesforce's instance_url). */
export interface AccessToken {
  token: string;
  /** When it stops working (epoch ms, the runtime's clock); undefined: until the vendor says so. */
  expiresAt?: number;
  /** Secret-free values issued with it. */
  extra?: Readonly<Record<string, string>>;
}

export interface TokenCacheOptions {
  /** Fetches a fresh token; the signal bounds this one request. */
  fetch(signal: AbortSignal): Promise<AccessToken>;
  clock: Clock;
  /** A token is replaced this long before it expires (default 60 s). */
  refreshMarginMs?: number;
  /** Bound of one token request, in real ms (default 30 s). */
  timeoutMs?: number;
  /** Called with every token acquired, before anyone uses it: register it as a secret. */
  onToken(token: string): void;
}

/**
 * The token of one (tenant, connector), fetched once however many calls ask at the same time
 * (single flight), replaced before it expires, and dropped when the vendor refuses it. A
 * caller's signal bounds its own wait only: the shared request runs under its own timeout, so
 * one cancelled call never fails the others waiting for the same token.
 */
export class TokenCache {
  private current: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;
  private readonly marginMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: TokenCacheOptions) {
    this.marginMs = options.refreshMarginMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** A token that works now: the cached one while it is fresh, else one fetch shared by all. */
  get(signal?: AbortSignal): Promise<AccessToken> {
    const token = this.current;
    if (token !== undefined && this.isFresh(token)) return Promise.resolve(token);
    this.pending ??= this.fetchFresh().finally(() => {
      this.pending = undefined;
    });
    return signal === undefined ? this.pending : raceAbort(this.pending, signal);
  }

  /**
   * Drops `token` after the vendor refused it, unless a newer one already replaced it (fifty
   * calls refused with the same old token cause one refresh, not fifty).
   */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private isFresh(token: AccessToken): boolean {
    return (
      token.expiresAt === undefined || this.options.clock.now() < token.expiresAt - this.marginMs
    );
  }

  private async fetchFresh(): Promise<AccessToken> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let token: AccessToken;
    try {
      token = await this.options.fetch(signal);
    } catch (error) {
      if (isDlxError(error)) throw beforeTheCall(error);
      throw new DlxError(
        'DLX_E_VENDOR_AUTH',
        `fetching an access token failed: ${describe(error)}`,
        {
          mayHaveReachedVendor: false,
        },
      );
    }
    if (typeof token?.token !== 'string' || token.token === '') {
      throw new DlxError('DLX_E_VENDOR_AUTH', 'the token source returned no token');
    }
    this.options.onToken(token.token);
    this.current = token;
    return token;
  }
}

/**
 * A failed token request says nothing about the operation waiting for the token: that call's
 * own request was never sent. Marked so, a write that is not idempotent is retried instead of
 * ending as an unknown outcome for a person to resolve.
 */
function beforeTheCall(error: DlxError): DlxError {
  if (!error.mayHaveReachedVendor) return error;
  return new DlxError(error.code, error.message, {
    ...vendorFactsOf(error),
    retryable: error.retryable,
    mayHaveReachedVendor: false,
    cause: error,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
