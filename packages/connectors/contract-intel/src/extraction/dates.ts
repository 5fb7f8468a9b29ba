import { foldArabic } from './matchText';

/** A Gregorian calendar date a contract states, with where it stands in the match text. */
export interface StatedDate {
  /** ISO 8601 (YYYY-MM-DD). */
  iso: string;
  start: number;
  end: number;
}

const ENGLISH_MONTHS = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

/** Gulf (Egyptian-derived) names, then Levantine names, per month. */
const ARABIC_MONTHS = [
  ['يناير', 'كانون الثاني'],
  ['فبراير', 'شباط'],
  ['مارس', 'آذار'],
  ['أبريل', 'إبريل', 'نيسان'],
  ['مايو', 'أيار'],
  ['يونيو', 'يونيه', 'حزيران'],
  ['يوليو', 'يوليه', 'تموز'],
  ['أغسطس', 'آب'],
  ['سبتمبر', 'أيلول'],
  ['أكتوبر', 'تشرين الأول'],
  ['نوفمبر', 'تشرين الثاني'],
  ['ديسمبر', 'كانون الأول'],
].map((names) => names.map(foldArabic));

const monthNumber = new Map<string, number>();
[...ENGLISH_MONTHS, ...ARABIC_MONTHS].forEach((names, index) => {
  for (const name of names) monthNumber.set(name, (index % 12) + 1);
});

const MONTH = [...monthNumber.keys()].sort((a, b) => b.length - a.length).join('|');
const EDGE_BEFORE = '(?<![\\w\\u0600-\\u06ff])';
const EDGE_AFTER = '(?![\\w\\u0600-\\u06ff])';
const ORDINAL = '(?:st|nd|rd|th)?';
// A numeric date followed by هـ (folded to ه) is Hijri: left unread rather than misread.
const NOT_HIJRI = `(?!\\s*ه${EDGE_AFTER})`;
// A Gregorian year may carry م (ميلادي) straight after it.
const YEAR_END = `(?:م)?${EDGE_AFTER}`;

/** Each pattern names the groups it fills: day, month (name or number) and year. */
const DATE_PATTERNS: ReadonlyArray<{ pattern: RegExp; order: ('d' | 'm' | 'y')[] }> = [
  // January 1, 2024 / Jan. 1st 2024
  {
    pattern: new RegExp(
      `${EDGE_BEFORE}(${MONTH})\\.? (\\d{1,2})${ORDINAL},? (\\d{4})${YEAR_END}`,
      'g',
    ),
    order: ['m', 'd', 'y'],
  },
  // 1 January 2024 / 1st day of January, 2024 / 1 يناير 2024 / 1 من يناير عام 2024
  {
    pattern: new RegExp(
      `${EDGE_BEFORE}(\\d{1,2})${ORDINAL} (?:day of |${foldArabic('من ')})?(${MONTH}),? (?:${foldArabic('عام |سنة ')})?(\\d{4})${YEAR_END}`,
      'g',
    ),
    order: ['d', 'm', 'y'],
  },
  // 2024-01-01 / 2024/01/01
  {
    pattern: new RegExp(
      `${EDGE_BEFORE}(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${NOT_HIJRI}${YEAR_END}`,
      'g',
    ),
    order: ['y', 'm', 'd'],
  },
  // 01/02/2024 is read day first, as Arabic and most non-US contracts write it.
  {
    pattern: new RegExp(`${EDGE_BEFORE}(\\d{1,2})/(\\d{1,2})/(\\d{4})${NOT_HIJRI}${YEAR_END}`, 'g'),
    order: ['d', 'm', 'y'],
  },
];

function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return undefined;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Every valid Gregorian date stated in `text` (a match text), in order. Never throws. */
export function findDates(text: string): StatedDate[] {
  const found: StatedDate[] = [];
  for (const { pattern, order } of DATE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const parts: Record<'d' | 'm' | 'y', string> = { d: '', m: '', y: '' };
      order.forEach((part, i) => (parts[part] = m[i + 1] ?? ''));
      const month = monthNumber.get(parts.m) ?? Number(parts.m);
      const iso = isoDate(Number(parts.y), month, Number(parts.d));
      const overlaps = found.some((f) => m.index < f.end && f.start < m.index + m[0].length);
      if (iso !== undefined && !overlaps) {
        found.push({ iso, start: m.index, end: m.index + m[0].length });
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
