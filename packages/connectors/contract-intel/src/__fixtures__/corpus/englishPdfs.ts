import { buildMinimalPdf } from '@dealix/connector-testkit';
import type { CorpusDocument } from './corpusDocument';

/** Every clause type, one page of headings and sentences at a time (one element per line). */
export const NORTHWIND_MSA: CorpusDocument = {
  filename: 'northwind-msa.pdf',
  contentType: 'application/pdf',
  language: 'en',
  bytes: () =>
    buildMinimalPdf([
      [
        'Master Services Agreement',
        'This Master Services Agreement is made and entered into as of March 1, 2024 by and between Northwind Analytics, Inc., a Delaware corporation ("Provider"), and Globex Retail LLC, a New York limited liability company ("Customer").',
        'Services',
        'Provider will deliver the analytics services described in each statement of work.',
        'Fees and Payment',
        'Customer shall pay each undisputed invoice within thirty (30) days of the invoice date.',
      ],
      [
        'Term and Renewal',
        'The initial term of this Agreement is three (3) years from the Effective Date.',
        'This Agreement shall renew automatically for successive one (1) year periods unless either party gives notice of non-renewal at least sixty (60) days before the end of the current term.',
        'Termination',
        "Either party may terminate this Agreement for convenience upon ninety (90) days' prior written notice, or immediately if the other party materially breaches this Agreement.",
        'Upon termination, Customer shall pay all fees accrued up to the termination date.',
        'Confidentiality',
        "Each party shall hold the other party's Confidential Information in strict confidence and these obligations survive for five (5) years after termination.",
      ],
      [
        'Limitation of Liability',
        "In no event shall either party's aggregate liability under this Agreement exceed the fees paid by Customer in the twelve (12) months preceding the claim.",
        'Governing Law',
        'This Agreement shall be governed by and construed in accordance with the laws of the State of New York, without regard to its conflict of laws rules.',
        'Signatures',
        'Northwind Analytics, Inc.',
      ],
    ]),
  expected: {
    parties: {
      page: 1,
      quote: 'by and between Northwind',
      values: { names: ['Northwind Analytics, Inc.', 'Globex Retail LLC'] },
    },
    effective_date: {
      page: 1,
      quote: 'as of March 1, 2024',
      values: { 'date.date': '2024-03-01' },
    },
    term: {
      page: 2,
      quote: 'initial term of this Agreement',
      values: { 'duration.amount': 3, 'duration.unit': 'years' },
    },
    renewal: {
      page: 2,
      quote: 'renew automatically',
      values: {
        automatic: true,
        'renewal_period.amount': 1,
        'renewal_period.unit': 'years',
        'notice_period.amount': 60,
        'notice_period.unit': 'days',
      },
    },
    termination: {
      page: 2,
      quote: 'may terminate this Agreement for convenience',
      values: { for_convenience: true, for_cause: true, 'notice_period.amount': 90 },
    },
    governing_law: { page: 3, quote: 'governed by', values: { jurisdiction: 'State of New York' } },
    liability_cap: {
      page: 3,
      quote: 'aggregate liability',
      values: { amount: undefined, 'fees_period.amount': 12, 'fees_period.unit': 'months' },
    },
    payment_terms: {
      page: 1,
      quote: 'within thirty (30) days',
      values: { 'due_within.amount': 30, 'due_within.unit': 'days' },
    },
    confidentiality: {
      page: 2,
      quote: 'in strict confidence',
      values: { 'survival_period.amount': 5, 'survival_period.unit': 'years' },
    },
  },
};

/** FlateDecode content streams, ISO dates, Net days, a definition that is not an obligation. */
export const HELIOS_SUBSCRIPTION: CorpusDocument = {
  filename: 'helios-subscription.pdf',
  contentType: 'application/pdf',
  language: 'en',
  bytes: () =>
    buildMinimalPdf(
      [
        [
          'Cloud Subscription Agreement',
          'This Cloud Subscription Agreement is entered into between Helios Software Ltd ("Vendor") and Tern Logistics S.A. ("Subscriber").',
          'Definitions',
          '"Confidential Information" means any non-public information that a party marks as confidential.',
          'The Effective Date of this Agreement is 2024-07-01.',
          'Subscription Term',
          'The Subscription begins on the Effective Date for an initial term of twelve (12) months.',
          "The Subscription renews automatically for additional twelve (12) month terms unless the Subscriber cancels with thirty (30) days' notice.",
        ],
        [
          'Fees',
          'Invoices are payable Net 45 from the invoice date.',
          'Termination',
          'Vendor may terminate this Agreement if Subscriber fails to pay any invoice and does not cure the breach within fifteen (15) days.',
          'Liability',
          "Each party's total liability under this Agreement shall not exceed USD 250,000.",
          'Governing Law',
          'This Agreement is governed by the laws of England and Wales.',
        ],
      ],
      { compress: true },
    ),
  expected: {
    parties: {
      page: 1,
      quote: 'entered into between Helios',
      values: { names: ['Helios Software Ltd', 'Tern Logistics S.A.'] },
    },
    effective_date: { page: 1, quote: 'is 2024-07-01', values: { 'date.date': '2024-07-01' } },
    term: {
      page: 1,
      quote: 'initial term of twelve (12) months',
      values: { 'duration.amount': 12, 'duration.unit': 'months' },
    },
    renewal: {
      page: 1,
      quote: 'renews automatically',
      values: {
        automatic: true,
        'renewal_period.amount': 12,
        'renewal_period.unit': 'months',
        'notice_period.amount': 30,
      },
    },
    termination: {
      page: 2,
      quote: 'Vendor may terminate',
      values: { for_convenience: false, for_cause: true, notice_period: undefined },
    },
    governing_law: {
      page: 2,
      quote: 'laws of England',
      values: { jurisdiction: 'England and Wales' },
    },
    liability_cap: {
      page: 2,
      quote: 'shall not exceed USD 250,000',
      values: { 'amount.value': 250000, 'amount.currency': 'USD' },
    },
    payment_terms: {
      page: 2,
      quote: 'Net 45',
      values: { 'due_within.amount': 45, 'due_within.unit': 'days' },
    },
    confidentiality: 'missing',
  },
};

/** Most clauses absent; sentences that name renewal, termination and delivery times. */
export const QUILL_ORDER_FORM: CorpusDocument = {
  filename: 'quill-order-form.pdf',
  contentType: 'application/pdf',
  language: 'en',
  bytes: () =>
    buildMinimalPdf([
      [
        'Order Form',
        'This Order Form is entered into on June 3, 2024 between Quill Office Supply Co. ("Seller") and Brightpath Schools ("Buyer").',
        'Payment Terms',
        'All amounts are payable Net 60.',
        'Renewal pricing will be quoted on request.',
        'Termination fees do not apply to this order.',
        'Delivery',
        'Seller will deliver the goods within ten (10) business days.',
      ],
    ]),
  expected: {
    parties: {
      page: 1,
      quote: 'between Quill',
      values: { names: ['Quill Office Supply Co.', 'Brightpath Schools'] },
    },
    effective_date: { page: 1, quote: 'on June 3, 2024', values: { 'date.date': '2024-06-03' } },
    term: 'missing',
    renewal: 'missing',
    termination: 'missing',
    governing_law: 'missing',
    liability_cap: 'missing',
    payment_terms: { page: 1, quote: 'Net 60', values: { 'due_within.amount': 60 } },
    confidentiality: 'missing',
  },
};
