import { ALOFOQ_SERVICES, ALRIYADA_NDA } from './arabicTexts';
import type { CorpusDocument } from './corpusDocument';
import { HELIOS_SUBSCRIPTION, NORTHWIND_MSA, QUILL_ORDER_FORM } from './englishPdfs';
import { MAPLE_CONSULTING, ORION_NDA } from './englishTexts';

export type { CorpusDocument, ExpectedClause } from './corpusDocument';

/** The sample contracts: three English PDFs, two English and two Arabic text files. */
export const CORPUS: readonly CorpusDocument[] = [
  NORTHWIND_MSA,
  HELIOS_SUBSCRIPTION,
  QUILL_ORDER_FORM,
  ORION_NDA,
  MAPLE_CONSULTING,
  ALOFOQ_SERVICES,
  ALRIYADA_NDA,
];
