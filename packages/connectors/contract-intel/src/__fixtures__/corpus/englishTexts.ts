import { textFile, type CorpusDocument } from './corpusDocument';

/** Parties without roles, a date written day first, "at any time", a payment that is not due. */
export const ORION_NDA: CorpusDocument = {
  filename: 'orion-vega-nda.txt',
  contentType: 'text/plain',
  language: 'en',
  bytes: textFile([
    [
      'Mutual Non-Disclosure Agreement',
      '',
      'This Mutual Non-Disclosure Agreement is made between Orion Labs Ltd and Vega Analytics GmbH.',
      '',
      'This Agreement is effective as of 5 May 2024.',
      '',
      '"Confidential Information" means any information disclosed by one party to the other.',
      '',
      "Each party shall keep the other party's Confidential Information confidential for three (3) years after the date of termination of this Agreement.",
      '',
      'This Agreement shall remain in effect for a period of two (2) years.',
      '',
      "Either party may terminate this Agreement at any time upon thirty (30) days' written notice.",
      '',
      'No payment is due under this Agreement.',
      '',
      'This Agreement shall be construed under the laws of the State of Delaware.',
    ].join('\n'),
  ]),
  expected: {
    parties: {
      page: 1,
      quote: 'made between Orion',
      values: { names: ['Orion Labs Ltd', 'Vega Analytics GmbH'] },
    },
    effective_date: { page: 1, quote: 'effective as of', values: { 'date.date': '2024-05-05' } },
    term: {
      page: 1,
      quote: 'remain in effect',
      values: { 'duration.amount': 2, 'duration.unit': 'years' },
    },
    renewal: 'missing',
    termination: {
      page: 1,
      quote: 'at any time',
      values: { for_convenience: true, for_cause: false, 'notice_period.amount': 30 },
    },
    governing_law: {
      page: 1,
      quote: 'construed under',
      values: { jurisdiction: 'State of Delaware' },
    },
    liability_cap: 'missing',
    payment_terms: 'missing',
    confidentiality: {
      page: 1,
      quote: 'keep the other party',
      values: { 'survival_period.amount': 3, 'survival_period.unit': 'years' },
    },
  },
};

/** Two pages (a form feed), "dated", a renewal the contract rules out, a cap in GBP. */
export const MAPLE_CONSULTING: CorpusDocument = {
  filename: 'maple-consulting.txt',
  contentType: 'text/plain',
  language: 'en',
  bytes: textFile([
    [
      'Consulting Agreement',
      '',
      'This Consulting Agreement is dated 10 January 2025 and is made between Maple Advisory LLP ("Consultant") and Cobalt Energy PLC ("Client").',
      '',
      'Payment',
      '',
      'Invoices are payable within fifteen (15) days of receipt.',
      '',
    ].join('\n'),
    [
      '',
      'Liability',
      '',
      "The Consultant's total liability shall be limited to GBP 100,000.",
      '',
      'This Agreement will not renew automatically.',
      '',
      "The Client may terminate this Agreement by giving fourteen (14) days' written notice.",
      '',
      'This Agreement is governed by the laws of England and Wales.',
    ].join('\n'),
  ]),
  expected: {
    parties: {
      page: 1,
      quote: 'made between Maple',
      values: { names: ['Maple Advisory LLP', 'Cobalt Energy PLC'] },
    },
    effective_date: {
      page: 1,
      quote: 'dated 10 January 2025',
      values: { 'date.date': '2025-01-10' },
    },
    term: 'missing',
    renewal: {
      page: 2,
      quote: 'will not renew automatically',
      values: { automatic: false, renewal_period: undefined, notice_period: undefined },
    },
    termination: {
      page: 2,
      quote: 'Client may terminate',
      values: { for_convenience: false, for_cause: false, 'notice_period.amount': 14 },
    },
    governing_law: { page: 2, quote: 'governed by', values: { jurisdiction: 'England and Wales' } },
    liability_cap: {
      page: 2,
      quote: 'limited to GBP 100,000',
      values: { 'amount.value': 100000, 'amount.currency': 'GBP' },
    },
    payment_terms: {
      page: 1,
      quote: 'payable within fifteen (15) days',
      values: { 'due_within.amount': 15, 'due_within.unit': 'days' },
    },
    confidentiality: 'missing',
  },
};
