import { rule, type ClauseRule } from './clauseRules';

/**
 * English phrasings, per clause type, on lower-case text. Gaps between words are bounded
 * (`.{0,n}?`) so each rule costs linear time on any sentence. The README lists them.
 */
export const ENGLISH_RULES: readonly ClauseRule[] = [
  rule(
    'parties.en.made_between',
    /\b(?:made|entered into|executed|concluded)\b.{0,200}?\bbetween\b/,
    0.85,
  ),
  rule('parties.en.agreement_between', /\b(?:agreement|contract)\b.{0,120}?\bbetween\b/, 0.75),
  rule('parties.en.parties_are', /\bthe parties to this (?:agreement|contract) are\b/, 0.8),

  rule('effective_date.en.effective_as_of', /\beffective (?:as of|on|from)\b/, 0.9),
  rule(
    'effective_date.en.effective_date_is',
    /\beffective date\b.{0,40}?(?:\b(?:means|is|shall be)\b|:)/,
    0.9,
  ),
  rule(
    'effective_date.en.made_on',
    /\b(?:made|entered into|executed|dated)\b.{0,100}?\b(?:as of|on|this)\b/,
    0.75,
  ),
  rule('effective_date.en.dated', /\bdated (?:as of )?/, 0.75),
  rule('effective_date.en.commences_on', /\b(?:commence|begin|start)s? on\b/, 0.7),

  rule('term.en.term_of_agreement', /\b(?:initial )?term of this (?:agreement|contract)\b/, 0.85),
  rule('term.en.initial_term', /\b(?:for|with) an? initial (?:term|period) of\b/, 0.8),
  rule(
    'term.en.agreement_continues',
    /\bthis (?:agreement|contract) (?:shall|will) (?:commence|begin|start|become effective)\b.{0,160}?\b(?:continue|remain)\b/,
    0.8,
  ),
  rule(
    'term.en.remains_in_force',
    /\bthis (?:agreement|contract) (?:shall|will) (?:continue|remain) in (?:full )?(?:force|effect)\b/,
    0.75,
  ),

  rule(
    'renewal.en.renews_automatically',
    /(?<!\bnot (?:be )?)\b(?:automatically renew|renew(?:s|ed)? automatically|auto(?:matic(?:ally)?)?[- ]?renew)/,
    0.9,
  ),
  rule(
    'renewal.en.not_renewed',
    /\b(?:shall|will|does|do) not (?:be )?(?:automatically )?renew(?:ed)?\b|\bno automatic renewal\b/,
    0.85,
  ),
  rule(
    'renewal.en.may_be_renewed',
    /\bmay be renewed\b|\brenew(?:ed|al)?\b.{0,80}?\b(?:successive|additional|further) (?:periods?|terms?)\b/,
    0.7,
  ),

  rule('termination.en.may_terminate', /\bmay terminate\b/, 0.85),
  rule('termination.en.right_to_terminate', /\b(?:right|entitled) to terminate\b/, 0.85),
  rule('termination.en.may_be_terminated', /\bmay be terminated\b/, 0.8),

  rule('governing_law.en.governed_by', /\bgoverned by\b.{0,80}?\blaws? of\b/, 0.95),
  rule(
    'governing_law.en.construed_under',
    /\bconstrued (?:in accordance with|under)\b.{0,60}?\blaws? of\b/,
    0.9,
  ),
  rule('governing_law.en.governing_law_is', /\bgoverning law\b.{0,40}?\blaws? of\b/, 0.85),

  rule(
    'liability_cap.en.shall_not_exceed',
    /\bliability\b.{0,200}?\b(?:shall|will|does|to) not (?:in the aggregate )?exceed\b/,
    0.9,
  ),
  rule(
    'liability_cap.en.in_no_event_exceed',
    /\bin no event shall\b.{0,160}?\bliability\b.{0,160}?\bexceed\b/,
    0.9,
  ),
  rule(
    'liability_cap.en.limited_to',
    /\bliability\b.{0,120}?\b(?:is|shall be|will be) (?:limited|capped) (?:to|at)\b/,
    0.85,
  ),

  rule('payment_terms.en.pay_within', /\b(?:shall|will|agrees? to) pay\b.{0,200}?\bwithin\b/, 0.9),
  rule(
    'payment_terms.en.due_within',
    /\b(?:invoices?|fees|payments?|amounts?)\b.{0,120}?\b(?:due|payable|paid)\b.{0,80}?\bwithin\b/,
    0.85,
  ),
  rule('payment_terms.en.net_days', /\bnet \d{1,3}\b/, 0.85),
  rule('payment_terms.en.payment_due', /(?<!\bno )\bpayment (?:is|shall be|will be) due\b/, 0.8),

  rule(
    'confidentiality.en.hold_in_confidence',
    /\b(?:shall|will|must|agrees? to|undertakes? to) (?:hold|keep|maintain|treat)\b.{0,100}?\bconfiden/,
    0.9,
  ),
  rule(
    'confidentiality.en.not_disclose',
    /\b(?:shall|will|may) not (?:disclose|divulge|reveal)\b.{0,160}?\bconfidential\b/,
    0.85,
  ),
  rule(
    'confidentiality.en.not_be_disclosed',
    /\bconfidential information\b.{0,160}?\b(?:shall|will|may) not be (?:disclosed|divulged|revealed)\b/,
    0.85,
  ),
  rule('confidentiality.en.strict_confidence', /\bin strict confidence\b/, 0.85),
];
