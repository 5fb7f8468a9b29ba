import { AR_AFTER, AR_BEFORE, ar, rule, type ClauseRule } from './clauseRules';

const CONTRACT = '(?:العقد|الاتفاقية|الاتفاق)';
const THIS = '(?:هذا|هذه)';
const TERMINATE = '(?:إنهاء|فسخ)';
const LAW = '(?:لأنظمة|للأنظمة|لقوانين|للقوانين|لنظام|للنظام|لأحكام|لقانون|للقانون)';

/**
 * Arabic phrasings, per clause type, written in ordinary Arabic and folded like the text (so
 * "إنهاء" also matches "انهاء" and "إِنْهَاء"). Gaps are bounded. The README lists them.
 */
export const ARABIC_RULES: readonly ClauseRule[] = [
  rule(
    'parties.ar.concluded_between',
    ar(`(?:أبرم|حرر|تم|اتفق).{0,80}?${AR_BEFORE}بين${AR_AFTER}`),
    0.85,
  ),
  rule('parties.ar.first_second_party', ar('الطرف الأول.{0,300}?الطرف الثاني'), 0.8),

  rule(
    'effective_date.ar.in_force_from',
    ar(
      `(?:يسري|يبدأ سريان|يبدأ العمل ب|يعمل ب)(?: ${THIS})? ${CONTRACT}.{0,60}?(?:اعتبارا من|من تاريخ|بتاريخ|من)`,
    ),
    0.9,
  ),
  rule(
    'effective_date.ar.effective_date_label',
    ar('تاريخ (?:السريان|النفاذ|بدء السريان|بدء العمل)'),
    0.9,
  ),
  rule(
    'effective_date.ar.concluded_on',
    ar(`(?:أبرم|حرر|وقع|أبرمت|حررت|وقعت) ${THIS} ${CONTRACT}.{0,60}?(?:في|بتاريخ|يوم)`),
    0.75,
  ),

  rule('term.ar.contract_duration', ar(`مدة (?:${THIS} )?${CONTRACT}`), 0.85),
  rule(
    'term.ar.in_force_for',
    ar(`(?:يسري|يستمر|يظل|تسري|تستمر|تظل) (?:${THIS} )?(?:${CONTRACT} )?(?:ساريا )?(?:لمدة|لفترة)`),
    0.8,
  ),

  rule('renewal.ar.automatic', ar('(?:يتجدد|يجدد|تتجدد|تجدد|تجديد).{0,40}?تلقائي'), 0.9),
  rule('renewal.ar.not_renewed', ar('(?:لا|ولا) (?:يتجدد|يجدد|تتجدد|تجدد)'), 0.85),
  rule(
    'renewal.ar.may_be_renewed',
    ar(`(?:يجوز|يمكن) تجديد|(?:يتجدد|تتجدد) (?:${THIS} )?${CONTRACT} لمدد? مماثلة`),
    0.7,
  ),

  rule('termination.ar.may_terminate', ar(`(?:يحق|يجوز).{0,60}?${TERMINATE}`), 0.85),
  rule('termination.ar.right_to_terminate', ar(`الحق في ${TERMINATE}`), 0.85),

  rule(
    'governing_law.ar.subject_to',
    ar(`(?:يخضع|تخضع) (?:${THIS} )?${CONTRACT}.{0,30}?${LAW}`),
    0.95,
  ),
  rule(
    'governing_law.ar.applies_to',
    ar(
      `(?:تسري|يسري|تطبق|يطبق) على (?:${THIS} )?${CONTRACT} (?:أنظمة|الأنظمة|قوانين|القوانين|أحكام|نظام|قانون)`,
    ),
    0.9,
  ),

  rule('liability_cap.ar.maximum', ar('الحد الأقصى (?:ل|لل)?مسؤولية'), 0.9),
  rule(
    'liability_cap.ar.shall_not_exceed',
    ar('مسؤولية.{0,160}?(?:لا|لن) (?:تتجاوز|يتجاوز|تزيد|يزيد)'),
    0.9,
  ),
  rule(
    'liability_cap.ar.not_exceed_liability',
    ar('(?:لا|لن) (?:تتجاوز|يتجاوز|تزيد|يزيد) (?:قيمة )?(?:ال)?مسؤولية'),
    0.9,
  ),
  rule('liability_cap.ar.limited_to', ar('(?:تقتصر|تنحصر|يقتصر) (?:ال)?مسؤولية'), 0.85),

  rule('payment_terms.ar.undertakes_to_pay', ar('(?:يلتزم|يتعهد).{0,60}?(?:بسداد|بدفع)'), 0.9),
  rule(
    'payment_terms.ar.paid_within',
    ar('(?:تسدد|تدفع|يتم سداد|يتم دفع|تستحق).{0,100}?خلال'),
    0.85,
  ),

  rule('confidentiality.ar.keep_secret', ar('(?:بالحفاظ|بالمحافظة|المحافظة|الحفاظ) على سرية'), 0.9),
  rule(
    'confidentiality.ar.not_disclose',
    ar('(?:بعدم|عدم) (?:إفشاء|الإفصاح|كشف)|لا يجوز.{0,40}?(?:إفشاء|الإفصاح)'),
    0.85,
  ),
];
