import type { ClauseType } from './contractSummary';
import { foldArabic } from './matchText';

export type ClauseLanguage = 'en' | 'ar';

/**
 * One phrasing of a clause type: a pattern over a sentence's match text (lower case, Arabic
 * folded) and how strongly it says "this is the clause" (the base of its confidence).
 */
export interface ClauseRule {
  /** `<type>.<language>.<name>`, reported with each found clause. */
  id: string;
  type: ClauseType;
  language: ClauseLanguage;
  pattern: RegExp;
  strength: number;
}

/** A word edge for Arabic (JavaScript's \b knows only ASCII letters). */
export const AR_BEFORE = '(?<![\\u0600-\\u06ff])';
export const AR_AFTER = '(?![\\u0600-\\u06ff])';

/**
 * A pattern written in ordinary Arabic, folded as the text is (hamza forms, taa marbuta, alif
 * maqsura, diacritics), so rules read like the contracts they match.
 */
export function ar(source: string): RegExp {
  return new RegExp(foldArabic(source));
}

export function rule(
  id: `${ClauseType}.${ClauseLanguage}.${string}`,
  pattern: RegExp,
  strength: number,
): ClauseRule {
  const [type, language] = id.split('.') as [ClauseType, ClauseLanguage];
  if (pattern.global || pattern.sticky) throw new TypeError(`rule ${id}: no g or y flag`);
  return { id, type, language, pattern, strength };
}

/** Whether a match text is Arabic (any Arabic letter): Arabic rules read it, English do not. */
export function languageOf(text: string): ClauseLanguage {
  return /[\u0600-\u06ff]/.test(text) ? 'ar' : 'en';
}
