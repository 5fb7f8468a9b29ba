import { foldArabic } from './matchText';

/** An amount of money a contract states, with where it stands in the match text. */
export interface StatedAmount {
  value: number;
  /** ISO 4217. */
  currency: string;
  start: number;
  end: number;
}

const SYMBOLS: ReadonlyArray<[string, string]> = [
  ['us$', 'USD'],
  ['usd', 'USD'],
  ['$', 'USD'],
  ['eur', 'EUR'],
  ['€', 'EUR'],
  ['gbp', 'GBP'],
  ['£', 'GBP'],
  ['sar', 'SAR'],
  ['aed', 'AED'],
];

const WORDS: ReadonlyArray<[string, string]> = [
  ['us dollars', 'USD'],
  ['u.s. dollars', 'USD'],
  ['dollars', 'USD'],
  ['euros', 'EUR'],
  ['pounds sterling', 'GBP'],
  ['saudi riyals', 'SAR'],
  ['riyals', 'SAR'],
  ['dirhams', 'AED'],
  [foldArabic('ريال سعودي'), 'SAR'],
  [foldArabic('ريالا سعوديا'), 'SAR'],
  [foldArabic('ريال'), 'SAR'],
  [foldArabic('دولار أمريكي'), 'USD'],
  [foldArabic('دولار'), 'USD'],
  [foldArabic('درهم إماراتي'), 'AED'],
  [foldArabic('درهم'), 'AED'],
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (pairs: ReadonlyArray<[string, string]>): string =>
  [...pairs]
    .map(([text]) => text)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

const AMOUNT = '(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?';
const EDGE_AFTER = '(?![\\w\\u0600-\\u06ff])';
const BEFORE = new RegExp(`(?<![\\w])(${alternatives(SYMBOLS)}) ?${AMOUNT}${EDGE_AFTER}`, 'g');
const AFTER = new RegExp(
  `(?<![\\w,.])${AMOUNT} (${alternatives(WORDS)}|${alternatives(SYMBOLS)})${EDGE_AFTER}`,
  'g',
);

function currencyOf(text: string): string {
  return (
    SYMBOLS.find(([symbol]) => symbol === text)?.[1] ??
    WORDS.find(([word]) => word === text)?.[1] ??
    'XXX'
  );
}

function valueOf(whole: string, cents: string | undefined): number {
  return Number(whole.replace(/,/g, '')) + (cents === undefined ? 0 : Number(`0.${cents}`));
}

/** Every amount with a currency stated in `text` (a match text), in order. Never throws. */
export function findAmounts(text: string): StatedAmount[] {
  const found: StatedAmount[] = [];
  for (const m of text.matchAll(BEFORE)) {
    found.push({
      value: valueOf(m[2] ?? '0', m[3]),
      currency: currencyOf(m[1] ?? ''),
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const m of text.matchAll(AFTER)) {
    const overlaps = found.some((f) => m.index < f.end && f.start < m.index + m[0].length);
    if (overlaps) continue;
    found.push({
      value: valueOf(m[1] ?? '0', m[2]),
      currency: currencyOf(m[3] ?? ''),
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return found.filter((f) => Number.isFinite(f.value)).sort((a, b) => a.start - b.start);
}
