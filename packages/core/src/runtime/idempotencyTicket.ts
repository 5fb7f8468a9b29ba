import type { DlxError, SerializedDlxError } from '../errors/dlxError';
import type { IdempotencyScope, IdempotencyStore, LeaseHolder } from '../stores/idempotencyStore';
import type { KeyCompletion } from '../stores/stores';
import type { Settle } from './idempotencyGate';

/** How the owner of a key ended, as its in-process duplicates see it. */
export type Outcome<T> =
  { kind: 'value'; value: T } | { kind: 'error'; error: unknown } | { kind: 'again' };

/**
 * A key being run in this process. Its duplicates wait for its outcome: the promise is made by
 * the first duplicate (most keys never have one, and a promise per call is not free).
 */
export class InFlight<T> {
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

/** What a ticket needs of its gate. */
export interface TicketGate {
  readonly records: IdempotencyStore;
  readonly now: number;
  readonly holder: LeaseHolder;
}

/**
 * How a running call ends under its key: one object per call, its methods on the prototype.
 * The store is told first; then (stored or not) the key is let go and its in-process
 * duplicates hear the outcome.
 */
export class GateTicket<T> implements Settle<T> {
  /** Set when a queued call found its key taken (see queued): its ending writes nothing. */
  private lost = false;
  /** The latest queued mark, settled or not: the ticket's next write waits for it. */
  private marking: Promise<unknown> | undefined;

  constructor(
    private readonly gate: TicketGate,
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

  completedBy(
    write: (completion: KeyCompletion) => Promise<unknown>,
    result: unknown,
    value: T,
  ): Promise<void> {
    // On failure the key is not ended here: the call marks it unknown next, and its
    // duplicates hear that (nothing was recorded, so they must not hear of a success).
    return storeCall(() => write({ scope: this.scope, key: this.key, result })).then(() =>
      this.end({ kind: 'value', value }),
    );
  }

  queued(queued: boolean): Promise<boolean> {
    // After the mark before it: a store's pool may give two writes two connections.
    const mark = (this.marking ?? Promise.resolve())
      .then(() =>
        storeCall(() =>
          this.gate.records.markQueued(this.scope, this.key, this.gate.holder, queued),
        ),
      )
      .then((applied) => {
        if (!applied && !queued) this.lost = true;
        return applied;
      });
    this.marking = mark.catch(() => undefined);
    return mark;
  }

  failed(error: DlxError): Promise<void> {
    return this.ended(
      this.onRecord(() => this.gate.records.fail(this.scope, this.key, error.toJSON())),
      () => ({ kind: 'error', error }),
    );
  }

  unknown(
    record: SerializedDlxError,
    error: (id: string | undefined) => DlxError,
  ): Promise<string | undefined> {
    return this.ended(
      this.onRecord(() =>
        this.gate.records.markUnknown(this.scope, this.key, record, this.gate.now),
      ),
      (id) => ({ kind: 'error', error: error(id) }),
    );
  }

  released(error: unknown): Promise<void> {
    return this.ended(
      this.onRecord(() => this.gate.records.release(this.scope, this.key)),
      () => ({ kind: 'error', error }),
    );
  }

  releasedWith(value: T): Promise<void> {
    return this.ended(
      storeCall(() => this.gate.records.release(this.scope, this.key)),
      () => ({ kind: 'value', value }),
    );
  }

  /**
   * A write to the key's record, after any queued mark (a late mark must not land on a record
   * written after it); none once the key is another call's (see queued).
   */
  private onRecord<R>(call: () => Promise<R>): Promise<R | undefined> {
    if (this.marking === undefined) return storeCall(call);
    return this.marking.then(() => (this.lost ? undefined : storeCall(call)));
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
