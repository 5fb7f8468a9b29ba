import { ARABIC_RULES } from './arabicRules';
import { languageOf, type ClauseLanguage, type ClauseRule } from './clauseRules';
import { VALUE_READERS } from './clauseValues';
import {
  CLAUSE_TYPES,
  type ClauseType,
  type ContractSummary,
  type FoundClause,
} from './contractSummary';
import { ENGLISH_RULES } from './englishRules';
import { headingTypes } from './headings';
import { sourceRange, toMatchText } from './matchText';
import { splitSentences } from './sentences';
import { SentenceView } from './sentenceView';

/** An element as the extractor reads it (anything else in the input is ignored). */
export interface ReadElement {
  element_id: string | null;
  type: string;
  text: string;
  page: number | null;
}

/** A found clause of any type (each type's values are checked by the output schema). */
type FoundAny = Omit<FoundClause<ClauseType>, 'values'> & { values: object };

/** How much a heading that announces the clause's type adds to its confidence. */
const HEADING_BOOST = 0.05;
/** A Title names a clause more often than it states it ("مدة العقد"): the text under it wins. */
const TITLE_PENALTY = 0.1;
const MAX_CONFIDENCE = 0.99;
const RULES: Record<ClauseLanguage, readonly ClauseRule[]> = {
  en: ENGLISH_RULES,
  ar: ARABIC_RULES,
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The elements of a partition answer that carry text: `{ text, element_id?, type?,
 * metadata.page_number? }`. Anything else (not an array, an item without text) is skipped, so
 * arbitrary input gives a summary instead of an error.
 */
export function readElements(elements: unknown): ReadElement[] {
  if (!Array.isArray(elements)) return [];
  return elements.map((item: unknown): ReadElement => {
    if (!isRecord(item) || typeof item.text !== 'string') {
      return { element_id: null, type: '', text: '', page: null };
    }
    const page = isRecord(item.metadata) ? item.metadata.page_number : undefined;
    return {
      element_id: typeof item.element_id === 'string' ? item.element_id : null,
      type: typeof item.type === 'string' ? item.type : '',
      text: item.text,
      page: typeof page === 'number' && Number.isSafeInteger(page) && page > 0 ? page : null,
    };
  });
}

/**
 * The contract summary of partitioned elements: for each clause type, the sentence that says
 * it most strongly (the earliest among equals) with its span, page, confidence and values, or
 * `missing` when no sentence does. Deterministic; never throws; every text it reports is cut
 * from the elements' own text.
 */
export function extractClauses(elements: unknown): ContractSummary {
  const best = new Map<ClauseType, FoundAny>();
  let headings = new Set<ClauseType>();
  readElements(elements).forEach((element, index) => {
    const match = toMatchText(element.text);
    const isTitle = element.type === 'Title';
    for (const sentence of splitSentences(match.text)) {
      const view = new SentenceView(match, sentence.start, sentence.end);
      const language = languageOf(view.text);
      for (const rule of RULES[language]) {
        const adjust = isTitle ? -TITLE_PENALTY : headings.has(rule.type) ? HEADING_BOOST : 0;
        const confidence = Math.round(Math.min(MAX_CONFIDENCE, rule.strength + adjust) * 100) / 100;
        const current = best.get(rule.type);
        if (current !== undefined && current.confidence >= confidence) continue;
        const hit = rule.pattern.exec(view.text);
        if (hit === null) continue;
        const read = VALUE_READERS[rule.type] as (
          v: SentenceView,
          h: { index: number; end: number },
        ) => object | undefined;
        const values = read(view, { index: hit.index, end: hit.index + hit[0].length });
        if (values === undefined) continue;
        const span = sourceRange(match, sentence.start, sentence.end);
        best.set(rule.type, {
          status: 'found',
          text: element.text.slice(span.start, span.end),
          span: { element_id: element.element_id, element_index: index, ...span },
          page: element.page,
          confidence,
          language,
          rule: rule.id,
          values,
        });
      }
    }
    // A heading announces the sections after it, up to the next Title.
    if (isTitle) headings = headingTypes(match.text);
  });
  return summaryOf(best);
}

function summaryOf(best: ReadonlyMap<ClauseType, FoundAny>): ContractSummary {
  const clauses = Object.fromEntries(
    CLAUSE_TYPES.map((type) => [type, best.get(type) ?? { status: 'missing' }]),
  ) as unknown as ContractSummary['clauses'];
  return {
    clauses,
    found: CLAUSE_TYPES.filter((type) => best.has(type)),
    missing: CLAUSE_TYPES.filter((type) => !best.has(type)),
  };
}
