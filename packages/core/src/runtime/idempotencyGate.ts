import type { Clock } from '../contract/types';
import { DlxError, reviveDlxError, type SerializedDlxError } from '../errors/dlxError';
import { idempotencyScopeId } from '../stores/idempotencyScopeId';
import type {
  IdempotencyRecord,
  IdempotencyScope,
  IdempotencyStore,
  LeaseHolder,
} from '../stores/idempotencyStore';

export interface IdempotencySettings {
  ttlMs: number;
  /** How often a duplicate polls for a call held by another process. */
  pollMs: number;
  /** This process, as recorded on every lease it takes. */
  holder: LeaseHolder;
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
  /**
   * The request may have reached the vendor; nothing is known. Resolves to the record's
   * unknown_outcome_id. `error` is what in-process duplicates get, made once the id is known.
   */
  unknown(
    record: SerializedDlxError,
    error: (id: string | undefined) => DlxError,
  ): Promise<string | undefined>;
  /** Nothing happened at the vendor: forget the key so the caller may try again. */
  released(error: unknown): Promise<void>;
  /** Nothing happened yet, and duplicates get the same answer (an approval request). */
  releasedWith(value: T): Promise<void>;
}

/** How the owner of a key ended, as its in-process duplicates see it. */
type Outcome<T> =
  { kind: 'value'; value: T } | { kind: 'error'; error: unknown } | { kind: 'again' };

/**
 * A key being run in this process. Its duplicates wait for its outcome: the promise is made by
 * the first duplicate (most keys never have one, and a promise per call is not free).
 */
class InFlight<T> {
  private outcome: Promise<Outcome<T>> | undefined;
  private announceTo: ((o: Outcome<T>) => void) | undefined;

  constructor(readonly digest: string) {}

  wait(): Promise<Outcome<T>> {
    return (this.outcome ??= new Promise<Outcome<T>>((resolve) => (this.announceTo = resolve)));
  }

  announce(o: Outcome<T>): void {
    this.announceTo?.(o);
  }
}

/**
 * Pipeline step 2 for calls that de-duplicate (writes). One key, one vendor call: concurrent
 * duplicates in this process wait for the first call and share its answer; duplicates elsewhere
 * see the store's record (completed results are replayed, a different payload is a conflict, an
 * unknown outcome blocks a non-idempotent write until a person resolves it and is run again,
 * with the same vendor key, for an idempotent one).
 */
export class IdempotencyGate {
  /** Keys being run in this process, per scope (see idempotencyScopeId). */
  private readonly inFlight = new Map<string, Map<string, InFlight<unknown>>>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
    private readonly settings: IdempotencySettings,
  ) {}

  get holder(): LeaseHolder {
    return this.settings.holder;
  }

  /**
   * `waitUntil` (on the runtime's clock): how long a duplicate waits for a call another process
   * holds. Past it the duplicate is refused with DLX_E_IDEMPOTENCY_IN_PROGRESS, never run.
   * `now`: the runtime clock's time as the call started (read again after any wait).
   */
  async enter<T>(
    scope: IdempotencyScope,
    key: string,
    digest: string,
    leaseMs: number,
    idempotent: boolean,
    waitUntil: number,
    now: number = this.clock.now(),
  ): Promise<GateEntry<T>> {
    const scopeId = idempotencyScopeId(scope);
    let inFlight = this.inFlight.get(scopeId);
    if (inFlight === undefined) {
      inFlight = new Map();
      this.inFlight.set(scopeId, inFlight);
    }
    for (;;) {
      const running = inFlight.get(key) as InFlight<T> | undefined;
      if (running) {
        if (running.digest !== digest) throw conflict(scope, key);
        const outcome = await running.wait();
        if (outcome.kind === 'value')
          return { kind: 'shared', result: Promise.resolve(outcome.value) };
        if (outcome.kind === 'error') throw outcome.error;
        continue; // the owner found a stored record: look again
      }
      // Claimed before the first await, so duplicates arriving meanwhile wait for this caller.
      const owner = new InFlight<T>(digest);
      inFlight.set(key, owner as InFlight<unknown>);
      let claimed: Claim;
      try {
        // The store's answer judged here for a new key, the common case (one async frame less).
        const begun = await this.store.begin({
          scope,
          key,
          payload_digest: digest,
          idempotent,
          now,
          lease_ms: leaseMs,
          ttl_ms: this.settings.ttlMs,
          holder: this.settings.holder,
        });
        claimed =
          begun.outcome === 'started'
            ? RUN
            : await this.judge(begun.record, scope, key, digest, leaseMs, idempotent, now);
      } catch (error) {
        inFlight.delete(key);
        owner.announce({ kind: 'again' });
        throw error;
      }
      if (claimed.kind === 'run') {
        return { kind: 'run', finish: new GateTicket<T>(this, inFlight, scope, key, owner) };
      }
      inFlight.delete(key);
      owner.announce({ kind: 'again' });
      if (claimed.kind === 'replay') return { kind: 'replay', result: claimed.result };
      // Held by another process: poll in real time (its lease is judged by the clock) until
      // this caller's own deadline, then refuse rather than run the call a second time.
      if (this.clock.now() >= waitUntil) throw inProgress(scope, key, claimed.heldBy);
      await new Promise((r) => setTimeout(r, this.settings.pollMs));
      now = this.clock.now();
    }
  }

  /** A record already under the key: replay, wait, an idempotent re-run, or a refusal. */
  private async judge(
    record: IdempotencyRecord,
    scope: IdempotencyScope,
    key: string,
    digest: string,
    leaseMs: number,
    idempotent: boolean,
    now: number,
  ): Promise<Claim> {
    if (record.payload_digest !== digest) throw conflict(scope, key);
    switch (record.state) {
      case 'completed':
        return { kind: 'replay', result: record.result };
      case 'failed':
        throw reviveDlxError(record.error as SerializedDlxError);
      case 'in_progress':
        return { kind: 'wait', ...(record.holder && { heldBy: record.holder.host_id }) };
      case 'outcome_unknown': {
        if (!idempotent) throw unknownOutcome(record);
        // The vendor de-duplicates repeats of an idempotent call: run it again under the key.
        return (await this.store.rerun({ scope, key, now, lease_ms: leaseMs, holder: this.holder }))
          ? RUN
          : { kind: 'wait' };
      }
    }
  }

  /** The store, for GateTicket. */
  get records(): IdempotencyStore {
    return this.store;
  }

  get now(): number {
    return this.clock.now();
  }
}

type Claim =
  { kind: 'run' } | { kind: 'replay'; result: unknown } | { kind: 'wait'; heldBy?: string };

const RUN: Claim = Object.freeze({ kind: 'run' });

/**
 * How a running call ends under its key: one object per call, its methods on the prototype.
 * The store is told first; then (stored or not) the key is let go and its in-process
 * duplicates hear the outcome.
 */
class GateTicket<T> implements Settle<T> {
  constructor(
    private readonly gate: IdempotencyGate,
    /** The in-flight keys of this call's scope. */
    private readonly inFlight: Map<string, InFlight<unknown>>,
    private readonly scope: IdempotencyScope,
    private readonly key: string,
    private readonly owner: InFlight<T>,
  ) {}

  completed(result: unknown, value: T): Promise<void> {
    let stored: Promise<void>;
    try {
      stored = this.gate.records.complete(this.scope, this.key, result);
    } catch (error) {
      stored = Promise.reject(error);
    }
    // The common ending, written out: one reaction, no async frame.
    return stored.then(
      () => this.end({ kind: 'value', value }),
      (error: unknown) => {
        this.end({ kind: 'value', value });
        throw error;
      },
    );
  }

  failed(error: DlxError): Promise<void> {
    return this.ended(
      storeCall(() => this.gate.records.fail(this.scope, this.key, error.toJSON())),
      () => ({ kind: 'error', error }),
    );
  }

  unknown(
    record: SerializedDlxError,
    error: (id: string | undefined) => DlxError,
  ): Promise<string | undefined> {
    return this.ended(
      storeCall(() => this.gate.records.markUnknown(this.scope, this.key, record, this.gate.now)),
      (id) => ({ kind: 'error', error: error(id) }),
    );
  }

  released(error: unknown): Promise<void> {
    return this.ended(
      storeCall(() => this.gate.records.release(this.scope, this.key)),
      () => ({ kind: 'error', error }),
    );
  }

  releasedWith(value: T): Promise<void> {
    return this.ended(
      storeCall(() => this.gate.records.release(this.scope, this.key)),
      () => ({ kind: 'value', value }),
    );
  }

  /** Lets the key go and tells its duplicates. */
  private end(outcome: Outcome<T>): void {
    this.inFlight.delete(this.key);
    this.owner.announce(outcome);
  }

  /** After `store` settles: `outcome` is given what the store answered (undefined if it threw). */
  private async ended<R>(store: Promise<R>, outcome: (r: R | undefined) => Outcome<T>): Promise<R> {
    let stored: R | undefined;
    try {
      stored = await store;
      return stored;
    } finally {
      this.end(outcome(stored));
    }
  }
}

/** A store call that throws rather than rejecting still ends the key (as a rejection). */
function storeCall<R>(call: () => Promise<R>): Promise<R> {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error);
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

/** A duplicate whose deadline passed while another process still held the key. */
function inProgress(scope: IdempotencyScope, key: string, heldBy: string | undefined): DlxError {
  return new DlxError(
    'DLX_E_IDEMPOTENCY_IN_PROGRESS',
    `${describe(scope)}: the call with idempotency key "${key}" is still running${heldBy ? ` on host "${heldBy}"` : ''}; nothing was sent by this call. Repeat it later with the same key for the shared answer`,
    { mayHaveReachedVendor: false, details: { idempotency_key: key, held_by: heldBy ?? null } },
  );
}

/** A repeat of a non-idempotent write whose earlier outcome nobody knows yet. */
function unknownOutcome(record: IdempotencyRecord): DlxError {
  return new DlxError(
    'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
    `${describe(record.scope)}: an earlier call with idempotency key "${record.key}" may have reached the vendor ` +
      `and its outcome is unknown; nothing is sent until a person resolves unknown outcome "${record.unknown_outcome_id}"`,
    {
      mayHaveReachedVendor: false,
      details: {
        idempotency_key: record.key,
        unknown_outcome_id: record.unknown_outcome_id ?? null,
      },
    },
  );
}
