import {
  applySyncStateUpdate,
  type SyncState,
  type SyncStateStore,
  type SyncStateUpdate,
} from '@dealix/connector-core/stores';
import { sortStates } from './syncStateRows';
import type { SqliteSyncStateTable } from './tables/syncStateTable';
import type { Remote } from './worker/remoteStore';

/** How long a sync-state change may wait for a batch to ride with before it is sent alone. */
export const SYNC_STATE_FLUSH_MS = 100;

interface Waiting {
  change: SyncStateUpdate;
  resolve: (state: SyncState) => void;
  reject: (error: unknown) => void;
}

/**
 * The SQLite sync state, written behind. One host process is the only writer of its SQLite
 * file, so this host's view of each (tenant, connector) state is the truth: an update applies
 * core's rules to that view at once (the row is read from the database the first time) and
 * answers; the changed states are written with the next batch the store worker runs (any
 * call's) or, with none, after SYNC_STATE_FLUSH_MS, and always before the stores close.
 * get() and list() answer from this view, so they see every update already answered.
 *
 * What that trades: a call no longer waits for a commit of its sync state (it was a durable
 * transaction after every call, a third of the host's time at c=32), and a host killed
 * without a shutdown may lose its last SYNC_STATE_FLUSH_MS of sync-state changes (its last
 * success/attempt times and failure count; the next call or probe writes them again). Audit
 * records, idempotency records and approvals are never written behind.
 */
export class SqliteSyncStateWriteBehind implements SyncStateStore {
  /** The state of each pair read or changed so far (undefined: no row yet). */
  private readonly known = new Map<string, SyncState | undefined>();
  private readonly loading = new Map<string, { waiting: Waiting[]; done: Promise<void> }>();
  private dirty = new Map<string, SyncState>();
  private timer: NodeJS.Timeout | undefined;
  private writing = new Set<Promise<void>>();
  /** Whether the last write failed: a run of failures is reported once. */
  private failing = false;

  constructor(
    private readonly table: Remote<SqliteSyncStateTable>,
    private readonly onWriteFailure: (error: unknown) => void = () => undefined,
  ) {}

  update(tenant: string, connector: string, change: SyncStateUpdate): Promise<SyncState> {
    const id = pairId(tenant, connector);
    if (this.known.has(id)) return Promise.resolve(this.apply(id, tenant, connector, change));
    return new Promise((resolve, reject) => {
      this.load(id, tenant, connector).waiting.push({ change, resolve, reject });
    });
  }

  async get(tenant: string, connector: string): Promise<SyncState | undefined> {
    const id = pairId(tenant, connector);
    const loading = this.loading.get(id);
    if (loading !== undefined) await loading.done.catch(() => undefined);
    if (this.known.has(id)) return copy(this.known.get(id));
    return this.table.get(tenant, connector);
  }

  /** Ordered by tenant, then connector: the committed rows with this host's newer view over them. */
  async list(tenant?: string): Promise<SyncState[]> {
    await Promise.all([...this.loading.values()].map((l) => l.done.catch(() => undefined)));
    const rows = await this.table.list(tenant);
    const byPair = new Map(rows.map((row) => [pairId(row.tenant, row.connector), row]));
    for (const [id, state] of this.known) {
      if (state !== undefined && (tenant === undefined || state.tenant === tenant)) {
        byPair.set(id, copy(state)!);
      }
    }
    return sortStates([...byPair.values()]);
  }

  /**
   * Sends the changed states now (into the batch of this turn when one is being gathered);
   * resolves once every change answered so far is committed. A failed write keeps the states
   * to send again, and rejects.
   */
  async flush(): Promise<void> {
    this.send();
    await Promise.all([...this.writing]);
  }

  /** Puts the changed states into the store worker's batch of this turn (called for each batch). */
  send(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty.size === 0) return;
    const sent = this.dirty;
    this.dirty = new Map();
    const write: Promise<void> = this.table.put([...sent.values()]).then(
      () => {
        this.writing.delete(write);
        this.failing = false;
      },
      (error: unknown) => {
        this.writing.delete(write);
        // Sent again with the next batch, unless a newer state of the pair is waiting already.
        for (const [id, state] of sent) if (!this.dirty.has(id)) this.dirty.set(id, state);
        if (!this.failing) this.onWriteFailure(error);
        this.failing = true;
        throw error;
      },
    );
    this.writing.add(write);
    // The caller of flush() hears of a failure; a write sent with a batch reports it above.
    write.catch(() => undefined);
  }

  private apply(id: string, tenant: string, connector: string, change: SyncStateUpdate) {
    const next = applySyncStateUpdate(this.known.get(id), tenant, connector, change);
    this.known.set(id, next);
    this.dirty.set(id, next);
    this.timer ??= setTimeout(() => this.send(), SYNC_STATE_FLUSH_MS).unref();
    return copy(next)!;
  }

  /** Reads the pair's row once; the updates made meanwhile apply in call order once it is in. */
  private load(id: string, tenant: string, connector: string) {
    const current = this.loading.get(id);
    if (current !== undefined) return current;
    const waiting: Waiting[] = [];
    const done = this.table.get(tenant, connector).then(
      (row) => {
        this.loading.delete(id);
        this.known.set(id, row);
        for (const w of waiting) w.resolve(this.apply(id, tenant, connector, w.change));
      },
      (error: unknown) => {
        this.loading.delete(id);
        for (const w of waiting) w.reject(error);
        throw error;
      },
    );
    const entry = { waiting, done };
    this.loading.set(id, entry);
    return entry;
  }
}

function copy(state: SyncState | undefined): SyncState | undefined {
  if (state === undefined) return undefined;
  return { ...state, last_error: state.last_error === null ? null : { ...state.last_error } };
}

/** Tenant and connector joined without ambiguity: the tenant is prefixed with its length. */
function pairId(tenant: string, connector: string): string {
  return `${tenant.length}:${tenant}${connector}`;
}
