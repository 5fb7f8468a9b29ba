import { GENESIS_HASH, type AuditEventInput } from '@dealix/connector-core/stores';
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
  /** Each append's text lengths in `text` (UTF-16 units; -1 for null): its TEXT_COLUMNS. */
  lengths: Int32Array;
  /** Every non-null text value, in that order, one after another. */
  text: string;
  /**
   * The links' prev_hash and hash (HASH_LENGTH characters each), one pair per append with a
   * link (seq > 0), in call order.
   */
  links: string;
}

/** The AuditEntry positions that hold text (or null): every one but attempt and duration_ms. */
const TEXT_COLUMNS = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17] as const;
const ATTEMPT = 7;
const DURATION = 8;
const NULL_LENGTH = -1;
const NUMBERS_PER_APPEND = 3;
const LINK_SEQ = 2;
const TEXTS_PER_APPEND = TEXT_COLUMNS.length;
/** The length of every chain hash (hex SHA-256 or HMAC-SHA256). */
export const HASH_LENGTH = GENESIS_HASH.length;

/**
 * Where an append is chained, asked when its batch is sent (see hostAuditChain.ts): the link,
 * or undefined for the worker to hash it.
 */
export type ChainAppend = (event: AuditEventInput, payloadText: string) => AuditLink | undefined;

/**
 * Builds AuditColumns on the host thread. An append's values are copied into the columns when
 * it is added (later changes by the caller never reach the store); it is chained only when the
 * batch is taken to be sent, onto the head as it is then (take()). The event must have passed
 * checkStorableAuditEvent: text fields text or null, the two numbers finite.
 */
export class AuditColumnsWriter {
  private readonly ids: number[] = [];
  private readonly numbers: number[] = [];
  private readonly lengths: number[] = [];
  private readonly texts: string[] = [];
  /** Each append's event and payload text, kept to chain it at take(). */
  private readonly events: AuditEventInput[] = [];
  private readonly payloadTexts: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(id: number, event: AuditEventInput, payloadText: string): void {
    this.ids.push(id);
    this.numbers.push(event.attempt, event.duration_ms, 0);
    this.events.push(event);
    this.payloadTexts.push(payloadText);
    // The entry gives the column order (the worker reads the columns back into one).
    const entry = toAuditEntry(event, payloadText);
    for (const position of TEXT_COLUMNS) this.text(entry[position] as string | null);
  }

  /** The columns, each append chained by `chain` in call order (as the worker will land them). */
  take(chain: ChainAppend): AuditColumns {
    let links = '';
    for (let i = 0; i < this.events.length; i++) {
      const link = chain(this.events[i]!, this.payloadTexts[i]!);
      if (link === undefined) continue;
      this.numbers[i * NUMBERS_PER_APPEND + LINK_SEQ] = link.seq;
      links += link.prevHash + link.hash;
    }
    return {
      ids: Float64Array.from(this.ids),
      numbers: Float64Array.from(this.numbers),
      lengths: Int32Array.from(this.lengths),
      text: this.texts.join(''),
      links,
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
  const { ids, numbers, lengths, text, links } = columns;
  const count = ids.length;
  if (
    numbers.length !== count * NUMBERS_PER_APPEND ||
    lengths.length !== count * TEXTS_PER_APPEND ||
    typeof links !== 'string'
  ) {
    return undefined;
  }
  const read: ReadAuditAppend[] = [];
  let at = 0;
  let column = 0;
  let linkAt = 0;
  for (let i = 0; i < count; i++) {
    const entry = new Array<unknown>(ENTRY_LENGTH);
    for (const position of TEXT_COLUMNS) {
      const length = lengths[column++]!;
      if (length === NULL_LENGTH) {
        entry[position] = null;
        continue;
      }
      if (length < 0 || at + length > text.length) return undefined;
      entry[position] = text.slice(at, at + length);
      at += length;
    }
    entry[ATTEMPT] = numbers[i * NUMBERS_PER_APPEND];
    entry[DURATION] = numbers[i * NUMBERS_PER_APPEND + 1];
    const seq = numbers[i * NUMBERS_PER_APPEND + LINK_SEQ]!;
    let link: AuditLink | undefined;
    if (seq > 0) {
      if (linkAt + 2 * HASH_LENGTH > links.length) return undefined;
      const prevHash = links.slice(linkAt, linkAt + HASH_LENGTH);
      const hash = links.slice(linkAt + HASH_LENGTH, linkAt + 2 * HASH_LENGTH);
      linkAt += 2 * HASH_LENGTH;
      link = { seq, prevHash, hash };
    }
    read.push({ id: ids[i]!, entry: entry as AuditEntry, link });
  }
  return at === text.length && linkAt === links.length ? read : undefined;
}
