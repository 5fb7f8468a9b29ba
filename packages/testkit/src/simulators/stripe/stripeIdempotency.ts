import type { SimResponse } from '../../http/types';

interface LedgerEntry {
  fingerprint: string;
  savedAt: number;
  response: SimResponse | null; // null while the first request is executing
  requestId: string;
}

export type IdempotencyBegin =
  | { kind: 'new' }
  | { kind: 'replay'; response: SimResponse; originalRequestId: string }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/**
 * Stripe's idempotency rules (docs.stripe.com/api/idempotent_requests): once execution begins
 * the first status and body are saved (500s included) and replayed for the same key and
 * parameters; other parameters are an error; a key still executing is a conflict; validation
 * failures are not saved; keys older than the retention window start afresh.
 */
export class IdempotencyLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  begin(key: string, fingerprint: string): IdempotencyBegin {
    const existing = this.entries.get(key);
    if (existing !== undefined && this.now() - existing.savedAt >= this.retentionMs) {
      this.entries.delete(key);
    } else if (existing !== undefined) {
      if (existing.response === null) return { kind: 'in_flight' };
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return { kind: 'replay', response: existing.response, originalRequestId: existing.requestId };
    }
    this.entries.set(key, { fingerprint, savedAt: this.now(), response: null, requestId: '' });
    return { kind: 'new' };
  }

  save(key: string, response: SimResponse, requestId: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    entry.response = response;
    entry.requestId = requestId;
  }

  /** Forget a key whose request failed validation, so a corrected retry can use it. */
  release(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Order-independent fingerprint of an endpoint and its parsed parameters. */
export function fingerprintRequest(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${stableStringify(params)}`;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
