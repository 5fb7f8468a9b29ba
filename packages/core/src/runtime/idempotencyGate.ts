import type { Clock } from '../contract/types';
import { DlxError, reviveDlxError, type SerializedDlxError } from '../errors/dlxError';
import type {
  BeginResult,
  IdempotencyRecord,
  IdempotencyScope,
  IdempotencyStore,
} from '../stores/idempotencyStore';

export interface IdempotencySettings {
  ttlMs: number;
  /** How often a duplicate polls for a call held by another process. */
  pollMs: number;
}

/** What the gate decided for one call. */
export type GateEntry<T> =
  | { kind: 'run'; finish: Settle<T> }
  | { kind: 'replay'; result: unknown }
  | { kind: 'shared'; result: Promise<T> };

export interface Settle<T> {
  /** Records the result and wakes in-process duplicates. */
  completed(result: unknown, value: T): Promise<void>;
  /** Records a final failure (replayed to later callers with the same key). */
  failed(error: DlxError): Promise<void>;
  /** The request may have reached the vendor; nothing is known. */
  unknown(error: DlxError): Promise<void>;
  /** Nothing happened at the vendor: forget the key so the caller may try again. */
  released(error: unknown): Promise<void>;
  /** Nothing happened yet, and duplicates get the same answer (an approval request). */
  releasedWith(value: T): Promise<void>;
}

/** How the owner of a key ended, as its in-process duplicates see it. */
type Outcome<T> =
  { kind: 'value'; value: T } | { kind: 'error'; error: unknown } | { kind: 'again' };

interface InFlight<T> {
  digest: string;
  outcome: Promise<Outcome<T>>;
}

/**
 * Pipeline step 2. One key, one vendor call: concurrent duplicates in this process wait for the
 * first call and share its answer; duplicates elsewhere see the store's record (completed
 * results are replayed, a different payload is a conflict, a crashed holder's record is
 * outcome_unknown).
 */
export class IdempotencyGate {
  private readonly inFlight = new Map<string, InFlight<unknown>>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
    private readonly settings: IdempotencySettings,
  ) {}

  async enter<T>(
    scope: IdempotencyScope,
    key: string,
    digest: string,
    leaseMs: number,
    idempotent: boolean,
  ): Promise<GateEntry<T>> {
    const mapKey = `${scope.tenant}\u0000${scope.connector}\u0000${scope.operation}\u0000${key}`;
    for (;;) {
      const running = this.inFlight.get(mapKey) as InFlight<T> | undefined;
      if (running) {
        if (running.digest !== digest) throw conflict(scope, key);
        const outcome = await running.outcome;
        if (outcome.kind === 'value')
          return { kind: 'shared', result: Promise.resolve(outcome.value) };
        if (outcome.kind === 'error') throw outcome.error;
        continue; // the owner found a stored record: look again
      }
      // Claimed before the first await, so duplicates arriving meanwhile wait for this caller.
      let announce!: (o: Outcome<T>) => void;
      const outcome = new Promise<Outcome<T>>((resolve) => (announce = resolve));
      this.inFlight.set(mapKey, { digest, outcome });
      let begun: BeginResult;
      try {
        begun = await this.store.begin({
          scope,
          key,
          payload_digest: digest,
          now: this.clock.now(),
          lease_ms: leaseMs,
          ttl_ms: this.settings.ttlMs,
        });
      } catch (error) {
        this.inFlight.delete(mapKey);
        announce({ kind: 'again' });
        throw error;
      }
      if (begun.outcome === 'started') {
        return { kind: 'run', finish: this.settle<T>(mapKey, scope, key, announce) };
      }
      this.inFlight.delete(mapKey);
      announce({ kind: 'again' });
      const record = begun.record;
      if (record.payload_digest !== digest) throw conflict(scope, key);
      const verdict = this.existing(record, idempotent);
      if (verdict === 'release_and_retry') {
        await this.store.release(scope, key);
        continue;
      }
      if (verdict === 'wait') {
        // Held by another process: poll in real time (its lease is judged by the clock).
        await new Promise((r) => setTimeout(r, this.settings.pollMs));
        continue;
      }
      return verdict;
    }
  }

  private existing(
    record: IdempotencyRecord,
    idempotent: boolean,
  ): { kind: 'replay'; result: unknown } | 'wait' | 'release_and_retry' {
    switch (record.state) {
      case 'completed':
        return { kind: 'replay', result: record.result };
      case 'failed':
        throw reviveDlxError(record.error as SerializedDlxError);
      case 'in_progress':
        return 'wait';
      case 'outcome_unknown':
        if (idempotent) {
          // The vendor de-duplicates repeats of an idempotent call: run it again.
          return 'release_and_retry';
        }
        throw new DlxError(
          'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
          `${describe(record.scope)}: an earlier call with idempotency key "${record.key}" may have reached the vendor ` +
            'and its outcome is unknown; it is not sent again until a person resolves it',
          { mayHaveReachedVendor: true, details: { idempotency_key: record.key } },
        );
    }
  }

  private settle<T>(
    mapKey: string,
    scope: IdempotencyScope,
    key: string,
    announce: (o: Outcome<T>) => void,
  ): Settle<T> {
    const finish = async (store: () => Promise<void>, outcome: Outcome<T>) => {
      try {
        await store();
      } finally {
        this.inFlight.delete(mapKey);
        announce(outcome);
      }
    };
    return {
      completed: (result, value) =>
        finish(() => this.store.complete(scope, key, result), { kind: 'value', value }),
      failed: (error) =>
        finish(() => this.store.fail(scope, key, error.toJSON()), { kind: 'error', error }),
      unknown: (error) =>
        finish(() => this.store.markUnknown(scope, key, error.toJSON()), { kind: 'error', error }),
      released: (error) => finish(() => this.store.release(scope, key), { kind: 'error', error }),
      releasedWith: (value) =>
        finish(() => this.store.release(scope, key), { kind: 'value', value }),
    };
  }
}

function describe(scope: IdempotencyScope): string {
  return `${scope.connector}.${scope.operation} (tenant "${scope.tenant}")`;
}

function conflict(scope: IdempotencyScope, key: string): DlxError {
  return new DlxError(
    'DLX_E_IDEMPOTENCY_CONFLICT',
    `${describe(scope)}: idempotency key "${key}" was already used with a different payload; use a new key for a different request`,
    { details: { idempotency_key: key } },
  );
}
