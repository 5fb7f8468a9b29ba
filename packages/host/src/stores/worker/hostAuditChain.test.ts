import { EMPTY_AUDIT_HEAD, chainCanonicalRecord, type AuditHead } from '@dealix/connector-core';
import { CONTRACT_AUDIT_KEY, auditEventFixture } from '@dealix/connector-core/testing';
import { HostAuditChain } from './hostAuditChain';

const event = (n: number) => auditEventFixture(n);
const format = { keyedFromSeq: 1, key: CONTRACT_AUDIT_KEY };

/** Chains `count` appends as one group sent, and answers where the group ends. */
function sendGroup(chain: HostAuditChain, from: number, count: number): AuditHead {
  let end: AuditHead | undefined;
  for (let n = from; n < from + count; n++) {
    const link = chain.link(event(n), '{}')!;
    end = { seq: link.seq, hash: link.hash };
  }
  chain.sent();
  return end!;
}

describe('the audit chain head the host thread holds', () => {
  it('chains each group sent onto the end of the one before, as the worker will land them', () => {
    const chain = new HostAuditChain(
      { head: EMPTY_AUDIT_HEAD, keyedFromSeq: 1 },
      CONTRACT_AUDIT_KEY,
    );
    const firstEnd = sendGroup(chain, 1, 2);
    const link = chain.link(event(3), '{}');
    const expected = chainCanonicalRecord(firstEnd, event(3), '{}', format);
    expect(link).toEqual({ seq: 3, prevHash: firstEnd.hash, hash: expected.hash });
  });

  it('after a group that did not land as chained, chains nothing until the groups in flight settle, then restarts from the last committed head', () => {
    const chain = new HostAuditChain(
      { head: EMPTY_AUDIT_HEAD, keyedFromSeq: 1 },
      CONTRACT_AUDIT_KEY,
    );
    sendGroup(chain, 1, 2); // N: its commit fails
    sendGroup(chain, 3, 2); // N+1: chained on N's end, in flight
    chain.settled({ asChained: false, end: EMPTY_AUDIT_HEAD });
    expect(chain.canChain).toBe(false);
    expect(chain.link(event(5), '{}')).toBeUndefined();
    // N+1 landed on the durable head, hashed by the worker: its end is the head to chain on.
    const landed = { seq: 2, hash: 'c'.repeat(64) };
    chain.settled({ asChained: false, end: landed });
    expect(chain.canChain).toBe(true);
    expect(chain.link(event(5), '{}')).toMatchObject({ seq: 3, prevHash: landed.hash });
  });

  it('sends a group unchained (the worker hashes it) when the worker could not say where the chain is', () => {
    const chain = new HostAuditChain(
      { head: EMPTY_AUDIT_HEAD, keyedFromSeq: 1 },
      CONTRACT_AUDIT_KEY,
    );
    sendGroup(chain, 1, 1);
    chain.settled({ asChained: false });
    expect(chain.canChain).toBe(true);
    expect(chain.link(event(2), '{}')).toBeUndefined();
    chain.sent();
    expect(chain.canChain).toBe(false);
    chain.settled({ asChained: false, end: { seq: 2, hash: 'd'.repeat(64) } });
    expect(chain.link(event(3), '{}')).toMatchObject({ seq: 3, prevHash: 'd'.repeat(64) });
  });

  it('leaves records before the keyed format starts to the worker', () => {
    const chain = new HostAuditChain(
      { head: EMPTY_AUDIT_HEAD, keyedFromSeq: 2 },
      CONTRACT_AUDIT_KEY,
    );
    expect(chain.link(event(1), '{}')).toBeUndefined();
  });
});
