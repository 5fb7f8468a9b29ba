import type { KeyCompletion } from '../stores/stores';
import type { Clock } from '../contract/types';
import { DlxError, reviveDlxError, type SerializedDlxError } from '../errors/dlxError';
import { scopeMap } from '../stores/idempotencyScopeId';
import { GateTicket, InFlight } from './idempotencyTicket';
import type {
  BeginResult,
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
  /**
   * completed(), the result recorded by `write` (with the success's audit record, in one
   * transaction). Should `write` fail, nothing is recorded and the key stays with its call,
   * which settles it next (as an unknown outcome).
   */
  completedBy(
    write: (completion: KeyCompletion) => Promise<unknown>,
    result: unknown,
    value: T,
  ): Promise<void>;
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
  /**
   * The call waits before its first attempt (true), or is about to send it (false): recorded
   * on the key (IdempotencyStore.markQueued), so a crash meanwhile releases the key rather than
   * leaving an unknown outcome. Resolves false when the key is no longer this call's; the call
   * must not send, and its ending leaves the key to its new holder.
   */
  queued(queued: boolean): Promise<boolean>;
  /** Nothing happened at the vendor: forget the key so the caller may try again. */
  released(error: unknown): Promise<void>;
  /** Nothing happened yet, and duplicates get the same answer (an approval request). */
  releasedWith(value: T): Promise<void>;
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
  enter<T>(
    scope: IdempotencyScope,
    key: string,
    digest: string,
    leaseMs: number,
    idempotent: boolean,
    waitUntil: number,
    now: number = this.clock.now(),
  ): Promise<GateEntry<T>> {
    const inFlight = this.keysOf(scope);
    const claim: Claiming = { inFlight, scope, key, digest, leaseMs, idempotent, waitUntil, now };
    // A key nobody here is running (the common case) is claimed at once: no async frame.
    return inFlight.has(key) ? this.afterDuplicate<T>(claim) : this.claimAndBegin<T>(claim);
  }

  /** The in-flight keys of a scope. */
  private keysOf(scope: IdempotencyScope): Map<string, InFlight<unknown>> {
    return scopeMap(this.inFlight, scope);
  }

  /** Waits for the caller running the key here, shares its answer or looks again. */
  private async afterDuplicate<T>(claim: Claiming): Promise<GateEntry<T>> {
    for (;;) {
      const running = claim.inFlight.get(claim.key) as InFlight<T> | undefined;
      if (running === undefined) return this.claimAndBegin<T>(claim);
      if (running.digest !== claim.digest) throw conflict(claim.scope, claim.key);
      const outcome = await running.wait();
      if (outcome.kind === 'value')
        return { kind: 'shared', result: Promise.resolve(outcome.value) };
      if (outcome.kind === 'error') throw outcome.error;
      // 'again': the owner found a stored record: look again.
    }
  }

  /**
   * Claims the key before the store is asked, so duplicates arriving meanwhile wait for this
   * caller; a new key's answer is judged in one reaction.
   */
  private claimAndBegin<T>(claim: Claiming): Promise<GateEntry<T>> {
    const owner = new InFlight<T>(claim.digest);
    claim.inFlight.set(claim.key, owner as InFlight<unknown>);
    let begun: Promise<BeginResult>;
    try {
      begun = this.store.begin({
        scope: claim.scope,
        key: claim.key,
        payload_digest: claim.digest,
        idempotent: claim.idempotent,
        now: claim.now,
        lease_ms: claim.leaseMs,
        ttl_ms: this.settings.ttlMs,
        holder: this.settings.holder,
      });
    } catch (error) {
      unclaim(claim, owner);
      return Promise.reject(error);
    }
    return begun.then(
      (answer): GateEntry<T> | Promise<GateEntry<T>> =>
        answer.outcome === 'started'
          ? {
              kind: 'run',
              finish: new GateTicket<T>(this, claim.inFlight, claim.scope, claim.key, owner),
            }
          : this.afterRecord<T>(claim, owner, answer.record),
      (error: unknown) => {
        unclaim(claim, owner);
        throw error;
      },
    );
  }

  /** The key already has a record: run, replay, or wait for the process holding it. */
  private async afterRecord<T>(
    claim: Claiming,
    owner: InFlight<T>,
    record: IdempotencyRecord,
  ): Promise<GateEntry<T>> {
    const { scope, key } = claim;
    let claimed: Claim;
    try {
      claimed = await this.judge(record, claim);
    } catch (error) {
      unclaim(claim, owner);
      throw error;
    }
    if (claimed.kind === 'run') {
      return { kind: 'run', finish: new GateTicket<T>(this, claim.inFlight, scope, key, owner) };
    }
    unclaim(claim, owner);
    if (claimed.kind === 'replay') return { kind: 'replay', result: claimed.result };
    // Held by another process: poll in real time (its lease is judged by the clock) until
    // this caller's own deadline, then refuse rather than run the call a second time.
    const now = this.clock.now();
    if (now >= claim.waitUntil) throw inProgress(scope, key, claimed, now);
    await new Promise((r) => setTimeout(r, this.settings.pollMs));
    return this.enter<T>(
      scope,
      key,
      claim.digest,
      claim.leaseMs,
      claim.idempotent,
      claim.waitUntil,
      this.clock.now(),
    );
  }

  /** A record already under the key: replay, wait, an idempotent re-run, or a refusal. */
  private async judge(record: IdempotencyRecord, claim: Claiming): Promise<Claim> {
    const { scope, key } = claim;
    if (record.payload_digest !== claim.digest) throw conflict(scope, key);
    switch (record.state) {
      case 'completed':
        return { kind: 'replay', result: record.result };
      case 'failed':
        throw reviveDlxError(record.error as SerializedDlxError);
      case 'in_progress':
        return {
          kind: 'wait',
          leaseExpiresAt: record.lease_expires_at,
          ...(record.holder && { heldBy: record.holder.host_id }),
        };
      case 'outcome_unknown': {
        if (!claim.idempotent) throw unknownOutcome(record);
        // The vendor de-duplicates repeats of an idempotent call: run it again under the key.
        const rerun = { scope, key, now: claim.now, lease_ms: claim.leaseMs, holder: this.holder };
        return (await this.store.rerun(rerun)) ? RUN : { kind: 'wait' };
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
  | { kind: 'run' }
  | { kind: 'replay'; result: unknown }
  | { kind: 'wait'; heldBy?: string; leaseExpiresAt?: number };

const RUN: Claim = Object.freeze({ kind: 'run' });

/** One caller's request for a key, as the gate passes it between its steps. */
interface Claiming {
  /** The in-flight keys of the scope. */
  inFlight: Map<string, InFlight<unknown>>;
  scope: IdempotencyScope;
  key: string;
  digest: string;
  leaseMs: number;
  idempotent: boolean;
  waitUntil: number;
  now: number;
}

/** The claim failed or ended without a run: let the key go; duplicates here look again. */
function unclaim<T>(claim: Claiming, owner: InFlight<T>): void {
  claim.inFlight.delete(claim.key);
  owner.announce({ kind: 'again' });
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

/**
 * A duplicate whose deadline passed while another process still held the key. The holder may
 * have died: only its lease says how long the key stays held, so the answer gives it.
 */
function inProgress(
  scope: IdempotencyScope,
  key: string,
  held: { heldBy?: string; leaseExpiresAt?: number },
  now: number,
): DlxError {
  const until =
    held.leaseExpiresAt === undefined ? undefined : new Date(held.leaseExpiresAt).toISOString();
  const by = held.heldBy === undefined ? '' : ` by host "${held.heldBy}"`;
  const lease =
    until === undefined
      ? ''
      : ` under a lease until ${until}` +
        ' (if that host stopped, the lease lapses then and the key becomes an unknown outcome, or is released if its call was still queued)';
  return new DlxError(
    'DLX_E_IDEMPOTENCY_IN_PROGRESS',
    `${describe(scope)}: the call with idempotency key "${key}" is held${by}${lease}; nothing was sent by this call. Repeat it later with the same key for the shared answer`,
    {
      mayHaveReachedVendor: false,
      ...(held.leaseExpiresAt !== undefined && {
        retryAfterMs: Math.max(1_000, held.leaseExpiresAt - now),
      }),
      details: {
        idempotency_key: key,
        held_by: held.heldBy ?? null,
        lease_expires_at: until ?? null,
      },
    },
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
