import type { ConnectorHarness, UnstructuredSimulator } from '@dealix/connector-testkit';
import {
  PARTITION_ROUTE,
  documentInput,
  loadManifest,
  useContractHarness,
} from './__fixtures__/contractHarness';
import { NORTHWIND_MSA } from './__fixtures__/corpus/englishPdfs';
import { MAPLE_CONSULTING } from './__fixtures__/corpus/englishTexts';
import { DOCUMENT_TEXT, leakedText, linesOf } from './__fixtures__/documentText';
import { MAX_DOCUMENT_BYTES } from './document/documentFile';
import { MAX_ELEMENTS, MAX_ELEMENT_TEXT } from './partitionElements';

const MAPLE_TEXT = linesOf(MAPLE_CONSULTING);
/** What a leak would look like: the document's words, or its bytes as sent (base64). */
const visibleText = (input: Record<string, unknown>) => [
  ...DOCUMENT_TEXT,
  ...MAPLE_TEXT,
  String(input.document_base64).slice(0, 64),
];

/** Refused before any upload or approval, with no document text in any error, audit or log. */
async function expectRefusedUnseen(
  h: ConnectorHarness<UnstructuredSimulator>,
  input: Record<string, unknown>,
  message: string,
): Promise<void> {
  const error = await h.rejection(() => h.call('extract_contract', input, 'dd-hostile'));
  expect(error).toMatchObject({ code: 'DLX_E_RUNTIME_INPUT_INVALID' });
  expect(String(error.message)).toContain(message);
  expect(h.vendor.server.requests).toHaveLength(0);
  expect(await h.stores.approvals.list(h.tenant)).toEqual([]);
  expect(leakedText(await h.everythingVisible(), visibleText(input))).toEqual([]);
}

describe('hostile documents: refused before any upload, their text nowhere', () => {
  const harness = useContractHarness();

  it.each([
    [
      'a text file declared as a PDF',
      documentInput(MAPLE_CONSULTING.bytes(), 'maple.pdf', 'application/pdf'),
      'no %PDF- header',
    ],
    [
      'a PDF declared as a text file',
      documentInput(NORTHWIND_MSA.bytes(), 'northwind.txt', 'text/plain'),
      'are a PDF',
    ],
    [
      'text holding NUL bytes',
      documentInput(
        Buffer.concat([MAPLE_CONSULTING.bytes(), Buffer.from([0])]),
        'maple.txt',
        'text/plain',
      ),
      'NUL bytes',
    ],
    [
      'a content type it does not read',
      documentInput(MAPLE_CONSULTING.bytes(), 'maple.doc', 'application/msword'),
      'content_type',
    ],
  ])('%s', async (_label, input, message) => {
    await expectRefusedUnseen(harness(), input, message);
  });

  it('a document one byte over 10 MiB (the limit checked on the decoded bytes)', async () => {
    const page = Buffer.from(`${MAPLE_TEXT.join('\n')}\n`);
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    for (let at = 0; at < big.length; at += page.length) page.copy(big, at);
    await expectRefusedUnseen(
      harness(),
      documentInput(big, 'maple.txt', 'text/plain'),
      `the document is ${MAX_DOCUMENT_BYTES + 1} bytes; at most ${MAX_DOCUMENT_BYTES}`,
    );
  });

  it('a document far over 10 MiB, refused by the length of its base64', async () => {
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 3, 0x41);
    big.write('%PDF-1.4\n');
    await expectRefusedUnseen(
      harness(),
      documentInput(big, 'big.pdf', 'application/pdf'),
      `${MAX_DOCUMENT_BYTES} bytes`,
    );
  });
});

/** A partition answer of `count` elements, each holding `text`. */
const elementsOf = (count: number, text: string) =>
  Array.from({ length: count }, (_, i) => ({
    type: 'NarrativeText',
    element_id: `e${i}`,
    text,
    metadata: { page_number: 1 },
  }));

const msa = () => documentInput(NORTHWIND_MSA.bytes(), 'northwind-msa.pdf', 'application/pdf');

describe('hostile partition answers: refused once, their text nowhere', () => {
  const harness = useContractHarness();

  it.each([
    [`more than ${MAX_ELEMENTS} elements`, elementsOf(MAX_ELEMENTS + 1, DOCUMENT_TEXT[0]!)],
    [
      `an element text over ${MAX_ELEMENT_TEXT} characters`,
      elementsOf(1, `${DOCUMENT_TEXT[1]} `.repeat(MAX_ELEMENT_TEXT / 10)),
    ],
    ['an object instead of the element array', { elements: elementsOf(1, DOCUMENT_TEXT[2]!) }],
  ])('an answer with %s', async (_label, body) => {
    const h = harness();
    h.vendor.injectFault({
      route: PARTITION_ROUTE,
      fault: { kind: 'status', status: 200, body },
      times: 2,
    });
    const error = await h.rejection(() => h.approved('extract_contract', msa(), 'dd-answer'));
    // The service acted (and billed) but its answer cannot be read: a person resolves the key.
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: expect.objectContaining({ cause_code: 'DLX_E_RUNTIME_OUTPUT_INVALID' }),
    });
    expect(h.vendor.server.requestsTo(PARTITION_ROUTE)).toHaveLength(1);
    const unknown = await h.runtime.unknownOutcomes.list(h.tenant);
    expect(unknown).toHaveLength(1);
    const visible = `${await h.everythingVisible()}${JSON.stringify(unknown)}`;
    expect(leakedText(visible, DOCUMENT_TEXT)).toEqual([]);
  });
});

describe('a partition answer over max_response_bytes', () => {
  const harness = useContractHarness(() => {
    const manifest = loadManifest();
    const extract = { ...manifest.operations.extract_contract!, max_response_bytes: 512 };
    return loadManifest({ operations: { ...manifest.operations, extract_contract: extract } });
  });

  it('is refused once without a retry, and none of its text is kept', async () => {
    const h = harness();
    const error = await h.rejection(() => h.approved('extract_contract', msa()));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      details: expect.objectContaining({ max_response_bytes: 512 }),
    });
    expect(h.vendor.server.requests).toHaveLength(1);
    // The service partitioned the document: its answer held the text the cap refused.
    expect(h.vendor.counters.get('documents_partitioned')).toBe(1);
    expect(leakedText(await h.everythingVisible(), DOCUMENT_TEXT)).toEqual([]);
  });
});
