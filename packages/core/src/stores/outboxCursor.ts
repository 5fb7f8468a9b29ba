import { DlxError } from '../errors/dlxError';

/** The longest cursor any store gives out, with room to spare (a `?after=` is bounded by it). */
export const MAX_OUTBOX_CURSOR_LENGTH = 64;

/**
 * The cursor of an outbox whose one writer commits events in the order it numbers them
 * (memory, SQLite): the number in decimal. Consumers treat it as opaque all the same.
 */
export function countingCursor(position: number): string {
  return String(position);
}

/**
 * The position after which to list: 0 for the start (no cursor, or `"0"`). With `lastGiven`
 * (the largest position the outbox ever gave out, pruned or not), a position past it is refused
 * too: it was never given out, and listing after it would skip every event up to it.
 */
export function parseCountingCursor(after: string | undefined, lastGiven?: () => number): number {
  if (after === undefined || after === '' || after === '0') return 0;
  if (!/^[1-9][0-9]{0,15}$/.test(after)) throw invalidOutboxCursor(after);
  const position = Number(after);
  if (lastGiven !== undefined && position > lastGiven()) throw invalidOutboxCursor(after);
  return position;
}

/** A cursor the outbox never gave out: 400, and nothing is listed. */
export function invalidOutboxCursor(after: string): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_INPUT_INVALID',
    `"${after.slice(0, MAX_OUTBOX_CURSOR_LENGTH)}" is not a cursor of this outbox: send the cursor of the last event you read (next_after), or none to start from the oldest event kept`,
    { details: { reason: 'cursor_invalid' } },
  );
}
