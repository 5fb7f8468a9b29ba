/**
 * Sentences of an element's match text. A clause is cited as the sentence it was found in, so
 * a sentence ends at `.`, `!` or `?` (Arabic `؟` is folded to `?`) followed by a space or the end,
 * except after a known abbreviation ("Inc.", "No.", "U.S.") or a single letter ("a."). A very
 * long sentence is cut at a space past MAX_SENTENCE characters, which bounds the work each rule
 * does on hostile input.
 */
export const MAX_SENTENCE = 2000;

const ABBREVIATIONS = new Set([
  'inc',
  'ltd',
  'llc',
  'l.l.c',
  'co',
  'corp',
  'plc',
  'no',
  'nos',
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'u.a.e',
  'st',
  'mr',
  'mrs',
  'ms',
  'dr',
  'art',
  'sec',
  'vs',
  'etc',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  's.a',
  'b.v',
  'n.v',
  'w.l.l',
]);

/** A sentence as `[start, end)` of the match text, white space trimmed. */
export interface SentenceBounds {
  start: number;
  end: number;
}

function endsWithAbbreviation(text: string, dotAt: number): boolean {
  let from = dotAt;
  while (from > 0 && /[a-z.]/.test(text[from - 1] as string)) from -= 1;
  const word = text.slice(from, dotAt).replace(/^\.+/, '');
  return word.length === 1 || ABBREVIATIONS.has(word);
}

function pushTrimmed(out: SentenceBounds[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && text[s] === ' ') s += 1;
  while (e > s && text[e - 1] === ' ') e -= 1;
  if (e > s) out.push({ start: s, end: e });
}

/** The sentences of `text` (a match text: single spaces, folded punctuation), in order. */
export function splitSentences(text: string): SentenceBounds[] {
  const out: SentenceBounds[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const atBoundary =
      (c === '.' || c === '!' || c === '?') &&
      (i + 1 === text.length || text[i + 1] === ' ') &&
      !(c === '.' && endsWithAbbreviation(text, i));
    if (atBoundary) {
      pushTrimmed(out, text, start, i + 1);
      start = i + 1;
    } else if (i - start >= MAX_SENTENCE && c === ' ') {
      pushTrimmed(out, text, start, i);
      start = i;
    }
  }
  pushTrimmed(out, text, start, text.length);
  return out;
}
