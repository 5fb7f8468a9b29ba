import { findAmounts, type StatedAmount } from './money';
import { findDates, type StatedDate } from './dates';
import { findDurations, type Duration } from './durations';
import { sourceText, type MatchText } from './matchText';

/**
 * One sentence as the value readers see it: its match text, the periods, dates and amounts it
 * states (read once, on demand), and `cite()`, which returns the source text behind a part of
 * it, so every value string is a part of the document as written. Positions are local to the
 * sentence's match text.
 */
export class SentenceView {
  readonly text: string;
  private durationList?: Duration[];
  private dateList?: StatedDate[];
  private amountList?: StatedAmount[];

  constructor(
    private readonly match: MatchText,
    readonly start: number,
    readonly end: number,
  ) {
    this.text = match.text.slice(start, end);
  }

  durations(): Duration[] {
    return (this.durationList ??= findDurations(this.text));
  }

  dates(): StatedDate[] {
    return (this.dateList ??= findDates(this.text));
  }

  amounts(): StatedAmount[] {
    return (this.amountList ??= findAmounts(this.text));
  }

  /** The document's own text behind `[from, to)` of this sentence, trimmed. */
  cite(from: number, to: number): string {
    return sourceText(this.match, this.start + from, this.start + to);
  }

  /** Where `pattern` first matches at or after `from` (-1: nowhere), and how long the match is. */
  find(pattern: RegExp, from = 0): { index: number; length: number } {
    const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
    const search = new RegExp(pattern.source, flags);
    search.lastIndex = from;
    const hit = search.exec(this.text);
    return hit === null ? { index: -1, length: 0 } : { index: hit.index, length: hit[0].length };
  }
}
