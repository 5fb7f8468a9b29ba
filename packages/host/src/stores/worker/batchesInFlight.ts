import { CallBatchWriter } from './callBatch';

/**
 * At most this many batches that write are sent to the store worker and not yet settled: one
 * commits while the host thread chains and sends the next (the keyed hash of group N+1 runs on
 * this thread while the worker inserts and fsyncs group N). More would only make groups smaller
 * (more commits for the same records); calls made meanwhile wait here and go as one batch.
 */
export const WRITE_BATCHES_IN_FLIGHT = 2;

/**
 * A batch holds at most this many audit appends; the next append starts a new batch. Under
 * heavy load (256 appenders waiting on one group) the appends then form two groups that
 * overlap (one chained while the other commits) instead of one that nothing overlaps.
 */
export const SPLIT_APPENDS_FROM = 128;

/** What the window remembers of a batch sent, until the worker settles it. */
export interface SentBatch {
  writes: boolean;
  appends: number;
}

/**
 * The host thread's batches to the store worker, in call order: those being gathered (the last
 * takes new calls; an append past SPLIT_APPENDS_FROM opens a new one) and those sent and not
 * yet settled. Batches go out in order; one that writes waits while WRITE_BATCHES_IN_FLIGHT
 * that write are in flight, and one with appends while the caller cannot chain them (see
 * HostAuditChain.canChain). A batch of reads alone waits only for the batches before it.
 */
export class BatchesInFlight {
  private readonly gathering: CallBatchWriter[] = [];
  private readonly sent: SentBatch[] = [];
  private writing = 0;

  /** The batch a call joins. */
  forCall(): CallBatchWriter {
    return this.gathering.at(-1) ?? this.open();
  }

  /** The batch an audit append joins: a new one once the last holds SPLIT_APPENDS_FROM. */
  forAppend(): CallBatchWriter {
    const last = this.gathering.at(-1);
    return last === undefined || last.appends >= SPLIT_APPENDS_FROM ? this.open() : last;
  }

  /** Whether calls are gathered and not sent yet. */
  get waiting(): boolean {
    return this.gathering.length > 0;
  }

  /** Whether nothing is gathered or in flight. */
  get idle(): boolean {
    return this.gathering.length === 0 && this.sent.length === 0;
  }

  /**
   * The next batch to send, taken out of the gathered ones and counted in flight; undefined
   * when none may go now (or none is gathered). `canChain`: whether appends may be sent now.
   */
  next(canChain: boolean): CallBatchWriter | undefined {
    const first = this.gathering[0];
    if (first === undefined) return undefined;
    if (first.writes && this.writing >= WRITE_BATCHES_IN_FLIGHT) return undefined;
    if (first.appends > 0 && !canChain) return undefined;
    this.gathering.shift();
    if (first.size === 0) return this.next(canChain);
    this.sent.push({ writes: first.writes, appends: first.appends });
    if (first.writes) this.writing++;
    return first;
  }

  /** The worker settled the oldest batch in flight (it answers them in order): that batch. */
  settled(): SentBatch | undefined {
    const batch = this.sent.shift();
    if (batch?.writes === true) this.writing--;
    return batch;
  }

  /** Forgets every batch (the worker stopped: their calls were failed by the caller). */
  clear(): void {
    this.gathering.length = 0;
    this.sent.length = 0;
    this.writing = 0;
  }

  private open(): CallBatchWriter {
    const batch = new CallBatchWriter();
    this.gathering.push(batch);
    return batch;
  }
}
