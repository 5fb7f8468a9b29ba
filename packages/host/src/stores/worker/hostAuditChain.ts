import {
  chainCanonicalRecord,
  type AuditChainFormat,
  type AuditChainKey,
  type AuditEventInput,
  type AuditHead,
} from '@dealix/connector-core/stores';
import type { AuditLink } from '../tables/auditTable';
import type { AuditGroupEnd } from './protocol';

/**
 * The audit chain's head as the host thread holds it, so that it hashes the appends (the keyed
 * chain is sequential: each hash covers the one before it) and the store worker only inserts
 * and commits them. The head moves when a group is sent: it is where the worker's head will be
 * once every group sent so far has committed, so the next group is chained while the worker
 * still commits the one before (batchesInFlight.ts keeps at most two in flight).
 *
 * The worker takes a hash only where its record lands exactly (AuditLink); where it does not
 * (a group before it failed, another writer on the file) it hashes the record itself, and its
 * answer says so (AuditGroupEnd.asChained false). The groups sent after that one were chained
 * onto a head that will never be: the head is then unknown, no group is chained (canChain)
 * until every group in flight has settled, and it restarts from the last committed head the
 * worker reported. So after a failure the next group chains onto what is durable.
 */
export class HostAuditChain {
  /** Where the next append lands if every group in flight commits; undefined: not known. */
  private head: AuditHead | undefined;
  /** The committed head the worker reported last (undefined: it could not read it). */
  private committed: AuditHead | undefined;
  private groupsInFlight = 0;
  private readonly format: AuditChainFormat;

  constructor(position: { head: AuditHead; keyedFromSeq: number }, key: AuditChainKey) {
    this.head = position.head;
    this.committed = position.head;
    this.format = { keyedFromSeq: position.keyedFromSeq, key };
  }

  /**
   * Whether a group may be sent now: the head is known, or no group is in flight (then, with
   * no committed head reported either, the group goes unchained and the worker hashes it).
   */
  get canChain(): boolean {
    return this.head !== undefined || this.groupsInFlight === 0;
  }

  /** Chains an append of the group being sent onto the head (undefined: the worker hashes it). */
  readonly link = (record: AuditEventInput, payloadText: string): AuditLink | undefined => {
    const head = this.head;
    if (head === undefined) return undefined;
    const seq = head.seq + 1;
    if (seq < this.format.keyedFromSeq) return undefined;
    try {
      const { hash } = chainCanonicalRecord(head, record, payloadText, this.format);
      this.head = { seq, hash };
      return { seq, prevHash: head.hash, hash };
    } catch {
      return undefined; // the worker hashes it, or refuses it with the cause
    }
  };

  /** A group (a batch with appends, chained by link()) went to the worker. */
  sent(): void {
    this.groupsInFlight++;
  }

  /**
   * A group settled (`end` missing: the worker's answer said nothing of the chain). Not as
   * chained: the head is unknown until the groups in flight settle; then the last committed one.
   */
  settled(end: AuditGroupEnd | undefined): void {
    this.groupsInFlight--;
    this.committed = end?.end;
    if (end?.asChained !== true) this.head = undefined;
    if (this.head === undefined && this.groupsInFlight === 0) this.head = this.committed;
  }
}
