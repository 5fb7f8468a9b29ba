/**
 * Text as the clause rules read it, with a way back to the source. Contracts write the same
 * word many ways (Arabic with or without diacritics and hamza forms, Arabic-Indic digits,
 * curly quotes, upper case); the rules are written once against one form. Every character of
 * the normalized text remembers where it came from, so a match is always cited from the
 * source text exactly as it was.
 */
export interface MatchText {
  /** The normalized text the rules run on. */
  readonly text: string;
  /** `origin[i]` is the source index of `text[i]`. */
  readonly origin: readonly number[];
  readonly source: string;
}

/** A range of the source text: `source.slice(start, end)`. */
export interface SourceRange {
  start: number;
  end: number;
}

const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/;

/** One character in the rules' form ('' drops it); the same for rule sources and text. */
function foldChar(c: string): string {
  if (ARABIC_MARKS.test(c)) return '';
  const code = c.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  switch (c) {
    case 'أ':
    case 'إ':
    case 'آ':
    case 'ٱ':
      return 'ا';
    case 'ة':
      return 'ه';
    case 'ى':
      return 'ي';
    case '،':
    case '٬':
      return ',';
    case '؛':
      return ';';
    case '؟':
      return '?';
    case '٫':
      return '.';
    case '\u2018':
    case '\u2019':
      return "'";
    case '\u201c':
    case '\u201d':
    case '«':
    case '»':
      return '"';
    case '\u2013':
    case '\u2014':
      return '-';
    default:
      return c;
  }
}

/**
 * Arabic letters, digits and punctuation folded as the text is, for writing rule patterns in
 * ordinary Arabic. Case and regex escapes are left alone.
 */
export function foldArabic(pattern: string): string {
  let out = '';
  for (const c of pattern) out += foldChar(c);
  return out;
}

/**
 * The text the rules read: Arabic folded (diacritics and tatweel dropped, hamza forms of alif
 * as alif, taa marbuta as haa, alif maqsura as yaa, Arabic-Indic digits as 0-9, Arabic
 * punctuation as Latin), quotes and dashes plain, every run of white space one space, lower
 * case where lower-casing keeps the length. Never throws.
 */
export function toMatchText(source: string): MatchText {
  let text = '';
  const origin: number[] = [];
  let spaced = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      if (!spaced) {
        text += ' ';
        origin.push(i);
        spaced = true;
      }
      continue;
    }
    const folded = foldChar(c);
    if (folded === '') continue;
    const lower = folded.toLowerCase();
    text += lower.length === folded.length ? lower : folded;
    origin.push(i);
    spaced = false;
  }
  return { text, origin, source };
}

/**
 * The source range behind `[start, end)` of the match text (end > start), with the marks
 * (diacritics, tatweel) that follow its last letter, which the match text dropped.
 */
export function sourceRange(m: MatchText, start: number, end: number): SourceRange {
  const from = m.origin[start] ?? m.source.length;
  let to = Math.max(from, (m.origin[end - 1] ?? from) + 1);
  while (to < m.source.length && ARABIC_MARKS.test(m.source[to] as string)) to += 1;
  return { start: from, end: to };
}

/** The source text behind `[start, end)` of the match text, trimmed. */
export function sourceText(m: MatchText, start: number, end: number): string {
  const range = sourceRange(m, start, end);
  return m.source.slice(range.start, range.end).trim();
}
