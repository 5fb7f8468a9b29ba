import { findDates } from './dates';
import { findDurations } from './durations';
import { toMatchText } from './matchText';
import { findAmounts } from './money';
import { numberedParties, partyNames } from './partyNames';
import { SentenceView } from './sentenceView';

const durations = (text: string) =>
  findDurations(toMatchText(text).text).map((d) => [d.amount, d.unit]);
const dates = (text: string) => findDates(toMatchText(text).text).map((d) => d.iso);
const amounts = (text: string) =>
  findAmounts(toMatchText(text).text).map((a) => [a.value, a.currency]);
const view = (text: string) => {
  const m = toMatchText(text);
  return new SentenceView(m, 0, m.text.length);
};

describe('periods', () => {
  it.each([
    ["thirty (30) days' notice", [[30, 'days']]],
    [
      'a 30-day cure period and twelve (12) months',
      [
        [30, 'days'],
        [12, 'months'],
      ],
    ],
    [
      'one year, then (2) years, ten business days',
      [
        [1, 'years'],
        [2, 'years'],
        [10, 'days'],
      ],
    ],
    ['خمسة وأربعين (45) يوماً', [[45, 'days']]],
    [
      'سنتين ثم شهرين',
      [
        [2, 'years'],
        [2, 'months'],
      ],
    ],
    ['لمدة سنة واحدة', [[1, 'years']]],
    ['٣ أشهر', [[3, 'months']]],
    ['2024 dollars, section 12, the 30th', []],
  ])('%s', (text, expected) => {
    expect(durations(text)).toEqual(expected);
  });
});

describe('dates', () => {
  it.each([
    ['as of March 1, 2024', ['2024-03-01']],
    ['the 1st day of March, 2024', ['2024-03-01']],
    ['Jan. 5 2025 and 2024-07-01', ['2025-01-05', '2024-07-01']],
    ['١٥ فبراير ٢٠٢٤م', ['2024-02-15']],
    ['1 كانون الثاني 2024', ['2024-01-01']],
    ['10/03/2024', ['2024-03-10']],
    ['1445/06/19هـ and February 30, 2024 and 13/13/2024', []],
  ])('%s', (text, expected) => {
    expect(dates(text)).toEqual(expected);
  });
});

describe('amounts', () => {
  it.each([
    ['USD 250,000', [[250000, 'USD']]],
    [
      '$1,500.50 or GBP 100,000',
      [
        [1500.5, 'USD'],
        [100000, 'GBP'],
      ],
    ],
    ['500,000 ريال سعودي', [[500000, 'SAR']]],
    ['2,000,000 US dollars', [[2000000, 'USD']]],
    ['twelve (12) months of fees', []],
  ])('%s', (text, expected) => {
    expect(amounts(text)).toEqual(expected);
  });
});

describe('party names', () => {
  it('reads names before their roles, keeping company suffixes and dropping descriptions', () => {
    const text =
      'by and between Acme Cloud Services, Inc., a Delaware corporation ("Provider"), and Globex LLC ("Customer").';
    const v = view(text);
    expect(partyNames(v, v.text.indexOf('between') + 7)).toEqual([
      'Acme Cloud Services, Inc.',
      'Globex LLC',
    ]);
  });

  it('splits names without roles at the first "and" / "و"', () => {
    const en = view('made between Orion Labs Ltd and Vega GmbH.');
    expect(partyNames(en, en.text.indexOf('between') + 7)).toEqual(['Orion Labs Ltd', 'Vega GmbH']);
    const ar = view('أبرم هذا العقد بين شركة الأفق وشركة النخبة.');
    expect(partyNames(ar, ar.text.indexOf('بين') + 3)).toEqual(['شركة الأفق', 'شركة النخبة']);
  });

  it('reads الطرف الأول / الطرف الثاني, and gives nothing rather than one name', () => {
    expect(numberedParties(view('بين الطرف الأول: مؤسسة أ، والطرف الثاني: شركة ب.'))).toEqual([
      'مؤسسة أ',
      'شركة ب',
    ]);
    const one = view('made between Orion Labs Ltd.');
    expect(partyNames(one, one.text.indexOf('between') + 7)).toBeUndefined();
  });
});
