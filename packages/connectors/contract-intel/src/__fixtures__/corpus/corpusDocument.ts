import type { ClauseType } from '../../extraction/contractSummary';

/** A clause the document states: its page, words of its sentence, and the values read. */
export interface ExpectedClause {
  page: number;
  /** A part of the sentence the clause must be cited from. */
  quote: string;
  /** Values by path under `values` ("duration.amount"); undefined: must be absent. */
  values: Record<string, unknown>;
}

/** A sample contract written for the tests, with the clauses a reader finds in it. */
export interface CorpusDocument {
  filename: string;
  contentType: 'application/pdf' | 'text/plain';
  language: 'en' | 'ar';
  bytes(): Buffer;
  /** Every clause type: what the document states, or 'missing'. */
  expected: Record<ClauseType, ExpectedClause | 'missing'>;
}

/** A text file; `\f` separates pages. */
export function textFile(pages: readonly string[]): () => Buffer {
  return () => Buffer.from(pages.join('\f'), 'utf8');
}
