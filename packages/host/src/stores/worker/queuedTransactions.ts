import type { CallBatch } from './callBatch';

/**
 * The batches that queued in the store worker while its last commit ran, grouped into the
 * transactions that run them, in order: consecutive batches share one (one fsync), but a
 * transaction holds at most one batch with audit appends. The host thread splits a burst of
 * appends into groups and keeps two in flight so that it chains the next while the worker
 * commits one (batchesInFlight.ts); one transaction for both would undo that.
 */
export function transactionsOf(batches: readonly CallBatch[]): CallBatch[][] {
  const transactions: CallBatch[][] = [];
  let current: CallBatch[] | undefined;
  let hasAppends = false;
  for (const batch of batches) {
    const appends = batch.audit !== undefined;
    if (current === undefined || (appends && hasAppends)) {
      current = [];
      transactions.push(current);
      hasAppends = false;
    }
    current.push(batch);
    hasAppends ||= appends;
  }
  return transactions;
}
