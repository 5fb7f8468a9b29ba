import { CLAUSE_TYPES, type ContractSummary } from '../../extraction/contractSummary';
import type { CorpusDocument } from './corpusDocument';

/** Field counts for precision (correct / predicted) and recall (correct / expected). */
export interface FieldTally {
  expected: number;
  predicted: number;
  correct: number;
  /** One line per field that differs: `file type.field: expected X, got Y`. */
  mismatches: string[];
}

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined,
      value,
    );
}

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/**
 * Scores one document's summary on the asserted fields. A clause the document states
 * contributes its page, its quote and each asserted value; a clause found where the document
 * states none contributes a predicted field that cannot be correct.
 */
export function scoreDocument(doc: CorpusDocument, summary: ContractSummary): FieldTally {
  const tally: FieldTally = { expected: 0, predicted: 0, correct: 0, mismatches: [] };
  for (const type of CLAUSE_TYPES) {
    const want = doc.expected[type];
    const got = summary.clauses[type];
    if (want === 'missing') {
      if (got.status === 'found') {
        tally.predicted += 1;
        tally.mismatches.push(`${doc.filename} ${type}: expected missing, found "${got.text}"`);
      }
      continue;
    }
    const fields: Array<[string, unknown, unknown]> = [
      ['page', want.page, got.status === 'found' ? got.page : undefined],
      [
        'quote',
        want.quote,
        got.status === 'found' && got.text.includes(want.quote)
          ? want.quote
          : got.status === 'found'
            ? got.text
            : undefined,
      ],
      ...Object.entries(want.values).map(([path, value]): [string, unknown, unknown] => [
        `values.${path}`,
        value,
        got.status === 'found' ? at(got.values, path) : undefined,
      ]),
    ];
    for (const [field, expected, actual] of fields) {
      tally.expected += 1;
      if (got.status === 'found') tally.predicted += 1;
      if (got.status === 'found' && show(expected) === show(actual)) tally.correct += 1;
      else
        tally.mismatches.push(
          `${doc.filename} ${type}.${field}: expected ${show(expected)}, got ${got.status === 'found' ? show(actual) : 'missing'}`,
        );
    }
  }
  return tally;
}
