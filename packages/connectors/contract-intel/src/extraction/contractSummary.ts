import { safe, z } from '@dealix/connector-core';

/** The clause types the extractor looks for, in the order a summary lists them. */
export const CLAUSE_TYPES = [
  'parties',
  'effective_date',
  'term',
  'renewal',
  'termination',
  'governing_law',
  'liability_cap',
  'payment_terms',
  'confidentiality',
] as const;

export type ClauseType = (typeof CLAUSE_TYPES)[number];

export const clauseType = z.enum(CLAUSE_TYPES);

/** A period the clause states, read from `text` (a part of the clause's text). */
export const citedDuration = z.object({
  amount: z.number().positive(),
  unit: z.enum(['days', 'weeks', 'months', 'years']),
  text: z.string(),
});

export const citedDate = z.object({
  /** ISO 8601 (YYYY-MM-DD), Gregorian. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  text: z.string(),
});

export const citedAmount = z.object({
  value: z.number().nonnegative(),
  /** ISO 4217. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  text: z.string(),
});

/** What each clause type reports besides its text; every string is a part of the clause's text. */
export const CLAUSE_VALUES = {
  parties: z.object({ names: z.array(z.string()).min(2) }),
  effective_date: z.object({ date: citedDate }),
  term: z.object({ duration: citedDuration.optional() }),
  renewal: z.object({
    /** true: renews unless a party objects; false: the contract says it does not; null: unsaid. */
    automatic: z.boolean().nullable(),
    renewal_period: citedDuration.optional(),
    notice_period: citedDuration.optional(),
  }),
  termination: z.object({
    for_convenience: z.boolean(),
    for_cause: z.boolean(),
    notice_period: citedDuration.optional(),
  }),
  governing_law: z.object({ jurisdiction: z.string().min(1) }),
  liability_cap: z.object({
    amount: citedAmount.optional(),
    /** A cap stated as the fees of a period ("fees paid in the twelve (12) months before"). */
    fees_period: citedDuration.optional(),
  }),
  payment_terms: z.object({ due_within: citedDuration.optional() }),
  confidentiality: z.object({ survival_period: citedDuration.optional() }),
} satisfies Record<ClauseType, z.ZodType>;

export type ClauseValues<T extends ClauseType> = z.output<(typeof CLAUSE_VALUES)[T]>;

/** Where a clause was read: `elements[element_index].text.slice(start, end)` is its text. */
export const clauseSpan = z.object({
  element_id: z.string().nullable(),
  element_index: z.number().int().nonnegative(),
  /** UTF-16 code unit offsets into the element's text (JavaScript string indices). */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});

function clauseOf<T extends ClauseType>(type: T) {
  return z.discriminatedUnion('status', [
    z.object({
      status: z.literal('found'),
      /** The sentence the clause was read from, exactly as the document has it. */
      text: z.string(),
      span: clauseSpan,
      page: z.number().int().positive().nullable(),
      /** 0..1: how strongly the wording (and its heading) says this is the clause. */
      confidence: z.number().min(0).max(1),
      language: z.enum(['en', 'ar']),
      /** The rule that matched (README, "Clause types and phrasings"). */
      rule: z.string(),
      values: CLAUSE_VALUES[type],
    }),
    z.object({ status: z.literal('missing') }),
  ]);
}

export const contractSummary = z.object({
  clauses: z.object({
    parties: clauseOf('parties'),
    effective_date: clauseOf('effective_date'),
    term: clauseOf('term'),
    renewal: clauseOf('renewal'),
    termination: clauseOf('termination'),
    governing_law: clauseOf('governing_law'),
    liability_cap: clauseOf('liability_cap'),
    payment_terms: clauseOf('payment_terms'),
    confidentiality: clauseOf('confidentiality'),
  }),
  /** The clause types found and missing: safe to show (audit records keep them). */
  found: safe(z.array(clauseType)),
  missing: safe(z.array(clauseType)),
});

export type ContractSummary = z.output<typeof contractSummary>;
export type Clause<T extends ClauseType> = ContractSummary['clauses'][T];
export type FoundClause<T extends ClauseType> = Extract<Clause<T>, { status: 'found' }>;
