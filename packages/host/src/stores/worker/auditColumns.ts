import type { AuditEventInput } from '@dealix/connector-core/stores';
import { ENTRY_LENGTH, toAuditEntry, type AuditEntry } from '../auditEntry';
import type { AuditLink } from '../tables/auditTable';

/**
 * A batch's audit appends as they cross to the store worker: fixed columns in typed arrays and
 * every text value of every append in ONE string. A structured clone copies that as a few
 * buffers and one string; writing and reading it costs a fraction of a v8 serialization of
 * each append's values, which was most of the crossing's CPU (bench/auditAppend.bench.js).
 */
export interface AuditColumns {
  /** Each append's call id, in call order. */
  ids: Float64Array;
  /** Each append's attempt, duration_ms and its link's seq (0: no link), three per append. */
  numbers: Float64Array;
  /**
   * Each append's text lengths in `text` (UTF-16 units; -1 for null): its TEXT_COLUMNS, then its
   * link's prev_hash and hash (null: no link).
   */
  lengths: Int32Array;
  /** Every non-null text value, in that order, one after another. */
  text: string;
}

/** The AuditEntry positions that hold text (or null): every one but attempt and duration_ms. */
const TEXT_COLUMNS = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17] as const;
const ATTEMPT = 7;
const DURATION = 8;
const NULL_LENGTH = -1;
const NUMBERS_PER_APPEND = 3;
const TEXTS_PER_APPEND = TEXT_COLUMNS.length + 2;

/**
 * Builds AuditColumns on the host thread. An append's values are copied into the columns when
 * it is added (later changes by the caller never reach the store). The event must have passed
 * checkStorableAuditEvent: text fields text or null, the two numbers finite.
 */
export class AuditColumnsWriter {
  private readonly ids: number[] = [];
  private readonly numbers: number[] = [];
  private readonly lengths: number[] = [];
  private readonly texts: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** Adds an append, with where the host thread chained it (AuditLink) if it did. */
  add(id: number, event: AuditEventInput, payloadText: string, link: AuditLink | undefined): void {
    this.ids.push(id);
    this.numbers.push(event.attempt, event.duration_ms, link?.seq ?? 0);
    // The entry gives the column order (the worker reads the columns back into one).
    const entry = toAuditEntry(event, payloadText);
    for (const position of TEXT_COLUMNS) this.text(entry[position] as string | null);
    this.text(link?.prevHash);
    this.text(link?.hash);
  }

  take(): AuditColumns {
    return {
      ids: Float64Array.from(this.ids),
      numbers: Float64Array.from(this.numbers),
      lengths: Int32Array.from(this.lengths),
      text: this.texts.join(''),
    };
  }

  private text(value: string | null | undefined): void {
    if (value === null || value === undefined) {
      this.lengths.push(NULL_LENGTH);
      return;
    }
    this.lengths.push(value.length);
    this.texts.push(value);
  }
}

/** An append as the worker reads it: its call id, its entry, and its link if it has one. */
export interface ReadAuditAppend {
  id: number;
  entry: AuditEntry;
  link: AuditLink | undefined;
}

/**
 * Reads AuditColumns in the worker, in call order. Columns that do not fit together (a length
 * past the text, counts that disagree) read as no appends: `undefined`, and the caller fails
 * every id as unreadable.
 */
export function readAuditColumns(columns: AuditColumns): ReadAuditAppend[] | undefined {
  const { ids, numbers, lengths, text } = columns;
  const count = ids.length;
  if (
    numbers.length !== count * NUMBERS_PER_APPEND ||
    lengths.length !== count * TEXTS_PER_APPEND
  ) {
    return undefined;
  }
  const read: ReadAuditAppend[] = [];
  let at = 0;
  let column = 0;
  const next = (): string | null | undefined => {
    const length = lengths[column++]!;
    if (length === NULL_LENGTH) return null;
    if (length < 0 || at + length > text.length) return undefined;
    const value = text.slice(at, at + length);
    at += length;
    return value;
  };
  for (let i = 0; i < count; i++) {
    const entry = new Array<unknown>(ENTRY_LENGTH);
    for (const position of TEXT_COLUMNS) {
      const value = next();
      if (value === undefined) return undefined;
      entry[position] = value;
    }
    entry[ATTEMPT] = numbers[i * NUMBERS_PER_APPEND];
    entry[DURATION] = numbers[i * NUMBERS_PER_APPEND + 1];
    const seq = numbers[i * NUMBERS_PER_APPEND + 2]!;
    const prevHash = next();
    const hash = next();
    if (prevHash === undefined || hash === undefined) return undefined;
    const link =
      seq > 0 && prevHash !== null && hash !== null ? { seq, prevHash, hash } : undefined;
    read.push({ id: ids[i]!, entry: entry as AuditEntry, link });
  }
  return at === text.length ? read : undefined;
}
