import { foldArabic } from './matchText';

/** A period a contract states ("thirty (30) days", "سنتين"), with the words it was read from. */
export interface Duration {
  amount: number;
  unit: 'days' | 'weeks' | 'months' | 'years';
  /** Where it stands in the match text: `[start, end)`. */
  start: number;
  end: number;
}

/** Number words the rules read (digits are always read, Western and Arabic-Indic alike). */
const ENGLISH_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  'twenty-four': 24,
  thirty: 30,
  'thirty-six': 36,
  forty: 40,
  'forty-five': 45,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  'one hundred twenty': 120,
  'one hundred and twenty': 120,
};

const ARABIC_NUMBERS: Record<string, number> = Object.fromEntries(
  (
    [
      ['واحد', 1],
      ['واحدة', 1],
      ['اثنين', 2],
      ['اثنان', 2],
      ['ثلاث', 3],
      ['ثلاثة', 3],
      ['أربع', 4],
      ['أربعة', 4],
      ['خمس', 5],
      ['خمسة', 5],
      ['ست', 6],
      ['ستة', 6],
      ['سبع', 7],
      ['سبعة', 7],
      ['ثماني', 8],
      ['ثمانية', 8],
      ['تسع', 9],
      ['تسعة', 9],
      ['عشر', 10],
      ['عشرة', 10],
      ['اثني عشر', 12],
      ['اثنا عشر', 12],
      ['أربعة عشر', 14],
      ['خمسة عشر', 15],
      ['أربعين', 40],
      ['أربعون', 40],
      ['عشرين', 20],
      ['عشرون', 20],
      ['ثلاثين', 30],
      ['ثلاثون', 30],
      ['خمسة وأربعين', 45],
      ['خمسة وأربعون', 45],
      ['ستين', 60],
      ['ستون', 60],
      ['تسعين', 90],
      ['تسعون', 90],
    ] as const
  ).map(([word, value]) => [foldArabic(word), value]),
);

const byLength = (words: string[]): string =>
  [...words].sort((a, b) => b.length - a.length).join('|');

const UNITS: ReadonlyArray<[RegExp, Duration['unit']]> = [
  [/^(?:business |calendar |working )?days?\b/, 'days'],
  [/^weeks?\b/, 'weeks'],
  [/^months?\b/, 'months'],
  [/^years?\b/, 'years'],
  [new RegExp(`^(?:${foldArabic('يوم|يوما|أيام|يوم عمل|أيام عمل')})(?![\\u0600-\\u06ff])`), 'days'],
  [new RegExp(`^(?:${foldArabic('أسبوع|أسبوعا|أسابيع')})(?![\\u0600-\\u06ff])`), 'weeks'],
  [new RegExp(`^(?:${foldArabic('شهر|شهرا|أشهر|شهور')})(?![\\u0600-\\u06ff])`), 'months'],
  [new RegExp(`^(?:${foldArabic('سنة|سنوات|سنين|عام|أعوام')})(?![\\u0600-\\u06ff])`), 'years'],
];

/** Arabic duals: the unit word alone says "two". */
const ARABIC_DUALS: ReadonlyArray<[string, Duration['unit']]> = (
  [
    ['يومين', 'days'],
    ['يومان', 'days'],
    ['أسبوعين', 'weeks'],
    ['أسبوعان', 'weeks'],
    ['شهرين', 'months'],
    ['شهران', 'months'],
    ['سنتين', 'years'],
    ['سنتان', 'years'],
    ['عامين', 'years'],
    ['عامان', 'years'],
  ] as const
).map(([word, unit]) => [foldArabic(word), unit]);

// A number: digits (thousands commas allowed), or a number word optionally followed by the
// same number in digits in brackets ("thirty (30)", "ثلاثين (30)").
const NUMBER = new RegExp(
  `(?<![\\w\\u0600-\\u06ff])(?:(\\d{1,4})|(${byLength(Object.keys(ENGLISH_NUMBERS))}|${byLength(Object.keys(ARABIC_NUMBERS))})(?:\\s*\\((\\d{1,4})\\))?|\\((\\d{1,4})\\))(?![\\w\\u0600-\\u06ff])`,
  'g',
);
const DUALS = new RegExp(
  `(?<![\\u0600-\\u06ff])(?:${ARABIC_DUALS.map(([w]) => w).join('|')})(?![\\u0600-\\u06ff])`,
  'g',
);
// "لمدة سنة" / "مدته شهر واحد": an Arabic unit alone after a word of duration means one.
const ARABIC_SINGLE = new RegExp(
  `(?:${foldArabic('لمدة|مدته|مدتها|لفترة')}) (${foldArabic('سنة|شهر|عام|أسبوع|يوم')})(?: ${foldArabic('واحدة|واحد')})?(?![\\u0600-\\u06ff])`,
  'g',
);

function unitAt(text: string, from: number): { unit: Duration['unit']; end: number } | undefined {
  // The unit follows the number after a space, a closing bracket or an apostrophe at most.
  const gap = /^[\s)'’-]{0,3}/.exec(text.slice(from))?.[0].length ?? 0;
  const rest = text.slice(from + gap, from + gap + 24);
  for (const [pattern, unit] of UNITS) {
    const hit = pattern.exec(rest);
    if (hit) return { unit, end: from + gap + hit[0].length };
  }
  return undefined;
}

/** Every duration stated in `text` (a match text), in order. Never throws. */
export function findDurations(text: string): Duration[] {
  const found: Duration[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const digits = m[1] ?? m[3] ?? m[4];
    const word = m[2];
    const amount =
      digits !== undefined
        ? Number(digits)
        : (ENGLISH_NUMBERS[word ?? ''] ?? ARABIC_NUMBERS[word ?? ''] ?? Number.NaN);
    const unit = unitAt(text, m.index + m[0].length);
    if (unit === undefined || !Number.isFinite(amount) || amount <= 0) continue;
    found.push({ amount, unit: unit.unit, start: m.index, end: unit.end });
  }
  for (const m of text.matchAll(DUALS)) {
    const unit = ARABIC_DUALS.find(([w]) => w === m[0])?.[1];
    if (unit) found.push({ amount: 2, unit, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(ARABIC_SINGLE)) {
    const word = m[1] ?? '';
    const unit = UNITS.find(([pattern]) => pattern.test(word))?.[1];
    const start = m.index + m[0].indexOf(word);
    if (unit) found.push({ amount: 1, unit, start, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The first duration that starts at or after `from` and within `window` characters of it. */
export function durationAfter(
  durations: readonly Duration[],
  from: number,
  window = 80,
): Duration | undefined {
  return durations.find((d) => d.start >= from && d.start <= from + window);
}
