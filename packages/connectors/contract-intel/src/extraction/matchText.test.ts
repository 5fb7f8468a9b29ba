import fc from 'fast-check';
import { foldArabic, sourceRange, toMatchText } from './matchText';
import { MAX_SENTENCE, splitSentences } from './sentences';

describe('match text', () => {
  it('folds Arabic spelling, digits, punctuation, quotes and case', () => {
    expect(toMatchText('إنهاءُ العقدِ «فوراً»، خلال ١٥ يوماً؟ Governing  LAW').text).toBe(
      'انهاء العقد "فورا", خلال 15 يوما? governing law',
    );
    expect(foldArabic('المسؤوليّة الأقصى')).toBe('المسؤوليه الاقصي');
  });

  it('maps every character back to the source character it came from', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (source) => {
        const m = toMatchText(source);
        expect(m.origin).toHaveLength(m.text.length);
        m.origin.forEach((at, i) => {
          expect(at).toBeGreaterThanOrEqual(0);
          expect(at).toBeLessThan(source.length);
          if (i > 0) expect(at).toBeGreaterThan(m.origin[i - 1]!);
        });
        for (const s of splitSentences(m.text)) {
          const range = sourceRange(m, s.start, s.end);
          expect(range.start).toBeLessThan(range.end);
          expect(range.end).toBeLessThanOrEqual(source.length);
        }
      }),
    );
  });

  it('keeps the diacritics after a cited word in the citation', () => {
    const m = toMatchText('مدة العقد سنتانِ');
    const range = sourceRange(m, 10, m.text.length);
    expect(m.source.slice(range.start, range.end)).toBe('سنتانِ');
  });
});

describe('sentences', () => {
  const sentences = (text: string) =>
    splitSentences(text).map(({ start, end }) => text.slice(start, end));

  it('end at . ! ? except after abbreviations, single letters and inside numbers', () => {
    expect(
      sentences(
        'acme, inc. and beta co. agree. fees are usd 1.5 million! is it due? see sec. 4 and e.g. clause a. done',
      ),
    ).toEqual([
      'acme, inc. and beta co. agree.',
      'fees are usd 1.5 million!',
      'is it due?',
      'see sec. 4 and e.g. clause a. done',
    ]);
  });

  it('cuts a sentence without an end at a space past the length bound', () => {
    const long = `${'word '.repeat(1000)}end`;
    const parts = splitSentences(long);
    expect(parts.length).toBeGreaterThan(1);
    // Cut at the first space past the bound: at most one word longer.
    for (const { start, end } of parts) expect(end - start).toBeLessThanOrEqual(MAX_SENTENCE + 5);
  });
});
