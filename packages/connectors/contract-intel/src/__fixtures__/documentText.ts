import type { CorpusDocument } from './corpus';

/**
 * Names, places and phrases of the Northwind PDF and the Alofoq text file: document text that
 * may appear in the execute result returned to its caller and nowhere else.
 */
export const DOCUMENT_TEXT = [
  'Northwind Analytics',
  'Globex Retail',
  'State of New York',
  'strict confidence',
  'شركة الأفق',
  'المملكة العربية السعودية',
  '500,000',
];

/** Every line of a text document of at least 30 characters: its own words, not a heading. */
export function linesOf(doc: CorpusDocument): string[] {
  if (doc.contentType !== 'text/plain') throw new Error(`${doc.filename} is not a text file`);
  return doc
    .bytes()
    .toString('utf8')
    .split(/[\n\f]/)
    .filter((line) => line.length >= 30);
}

/** The pieces of `text` found in `visible`: empty when nothing leaked. */
export function leakedText(visible: string, text: readonly string[]): string[] {
  return text.filter((piece) => visible.includes(piece));
}
