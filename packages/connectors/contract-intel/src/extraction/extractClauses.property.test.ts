import fc from 'fast-check';
import { CLAUSE_TYPES, contractSummary, type ContractSummary } from './contractSummary';
import { extractClauses } from './extractClauses';

/** Contract words in both languages, so the rules fire; the rest of the text is arbitrary. */
const FRAGMENTS = [
  'This Agreement',
  'is made and entered into as of March 1, 2024',
  'by and between',
  'Acme, Inc., a Delaware corporation',
  '("Provider")',
  'and',
  'Beta LLC',
  'shall be governed by the laws of',
  'the State of',
  'may terminate',
  "for convenience upon thirty (30) days' written notice",
  'shall renew automatically for successive one (1) year periods',
  'liability shall not exceed USD 1,000',
  'shall pay within Net 30',
  'in strict confidence',
  'for five (5) years after termination',
  '.',
  ',',
  '(',
  ')',
  '"',
  'أبرم هذا العقد بين',
  'شركة الأفق',
  '("العميل")',
  'و',
  'يخضع هذا العقد لأنظمة',
  'المملكة',
  'يتجدد تلقائياً',
  'بإشعار خطي قبل ستين (60) يوماً',
  'لا تتجاوز المسؤولية',
  '500,000 ريال',
  'يلتزم العميل بسداد',
  'خلال ١٥ يوماً',
  'الطرف الأول:',
  'الطرف الثاني:',
  'تاريخ السريان: 2024/03/10',
  '\u064b\u0651',
  '\u0640',
  '\n',
  '\u00a0',
];

const contractText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string(), fc.string({ unit: 'binary' })), {
    maxLength: 16,
  })
  .chain((parts) => fc.constantFrom(parts.join(' '), parts.join('')));

const elementLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom('Title', 'NarrativeText', 'ListItem'), fc.string()),
    element_id: fc.string(),
    text: contractText,
    metadata: fc.oneof(
      fc.record({ page_number: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
      fc.anything(),
    ),
  },
  { requiredKeys: ['text'] },
);

const elementArrays = fc.array(fc.oneof(elementLike, fc.anything()), { maxLength: 12 });

/** The values that quote the document: names, jurisdictions, and each value's `text`. */
const QUOTING = new Set(['names', 'jurisdiction', 'text']);

function quotedTexts(values: unknown, quoting = false): string[] {
  if (typeof values === 'string') return quoting ? [values] : [];
  if (Array.isArray(values)) return values.flatMap((v) => quotedTexts(v, quoting));
  if (typeof values !== 'object' || values === null) return [];
  return Object.entries(values).flatMap(([key, v]) => quotedTexts(v, QUOTING.has(key)));
}

describe('extractClauses (property tests)', () => {
  it('never throws on arbitrary input, and always answers in the output schema', () => {
    fc.assert(
      fc.property(fc.oneof(elementArrays, fc.anything()), (input) => {
        const summary = extractClauses(input);
        expect(contractSummary.safeParse(summary).success).toBe(true);
        expect([...summary.found, ...summary.missing].sort()).toEqual([...CLAUSE_TYPES].sort());
      }),
      { numRuns: 400 },
    );
  });

  it('only cites text present in the input: each clause is its element text at its span', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(elementArrays, (elements) => {
        const summary: ContractSummary = extractClauses(elements);
        for (const type of CLAUSE_TYPES) {
          const clause = summary.clauses[type];
          expect(summary.found.includes(type)).toBe(clause.status === 'found');
          if (clause.status !== 'found') continue;
          const element = elements[clause.span.element_index] as { text: string };
          seen.add(clause.rule);
          expect(clause.text.length).toBeGreaterThan(0);
          expect(element.text.slice(clause.span.start, clause.span.end)).toBe(clause.text);
          // Names, jurisdictions and the words a period, date or amount was read from.
          const quoted = quotedTexts(clause.values);
          if (type === 'parties') expect(quoted.length).toBeGreaterThanOrEqual(2);
          for (const text of quoted) {
            expect(text.length).toBeGreaterThan(0);
            expect(clause.text).toContain(text);
          }
        }
      }),
      { numRuns: 400 },
    );
    // The generated text does make rules fire, in both languages: the property is not vacuous.
    expect([...seen].filter((rule) => rule.includes('.en.')).length).toBeGreaterThanOrEqual(5);
    expect([...seen].filter((rule) => rule.includes('.ar.')).length).toBeGreaterThanOrEqual(5);
  });

  it('is deterministic: the same elements give the same summary', () => {
    fc.assert(
      fc.property(elementArrays, (elements) => {
        expect(extractClauses(structuredClone(elements))).toEqual(extractClauses(elements));
      }),
      { numRuns: 100 },
    );
  });
});
