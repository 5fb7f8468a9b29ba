import type { ClauseType } from './contractSummary';
import { foldArabic } from './matchText';

/** Headings longer than this are not headings (a Title element may be a short sentence). */
const MAX_HEADING = 80;

/**
 * Section headings that announce a clause type, English and Arabic ("12. Governing Law",
 * "المادة (5): مدة العقد"). A clause under its own heading is found with more confidence.
 */
const HEADINGS: Record<ClauseType, RegExp> = {
  parties: new RegExp(`\\bparties\\b|${foldArabic('أطراف|الأطراف')}`),
  effective_date: new RegExp(
    `\\beffective date\\b|\\bcommencement\\b|${foldArabic('تاريخ السريان|تاريخ النفاذ|سريان العقد')}`,
  ),
  term: new RegExp(`\\bterm\\b|\\bduration\\b|${foldArabic('مدة العقد|المدة')}`),
  renewal: new RegExp(`\\brenewal\\b|${foldArabic('التجديد|تجديد')}`),
  termination: new RegExp(`\\btermination\\b|${foldArabic('إنهاء|الإنهاء|فسخ|الفسخ')}`),
  governing_law: new RegExp(
    `\\bgoverning law\\b|\\bapplicable law\\b|\\bjurisdiction\\b|${foldArabic('القانون الواجب التطبيق|النظام الواجب التطبيق|القانون المطبق|الأنظمة المطبقة')}`,
  ),
  liability_cap: new RegExp(`\\bliability\\b|${foldArabic('المسؤولية')}`),
  payment_terms: new RegExp(
    `\\bpayments?\\b|\\bfees\\b|\\binvoic|${foldArabic('الدفع|السداد|المقابل المالي|الرسوم')}`,
  ),
  confidentiality: new RegExp(`\\bconfidential|${foldArabic('السرية')}`),
};

/** The clause types a heading (a Title element's match text) announces. */
export function headingTypes(matchText: string): Set<ClauseType> {
  const types = new Set<ClauseType>();
  if (matchText.length > MAX_HEADING) return types;
  for (const [type, pattern] of Object.entries(HEADINGS) as [ClauseType, RegExp][]) {
    if (pattern.test(matchText)) types.add(type);
  }
  return types;
}
