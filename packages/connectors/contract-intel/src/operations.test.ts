import {
  API_KEY,
  PARTITION_ROUTE,
  documentInput,
  outputOf,
  useContractHarness,
} from './__fixtures__/contractHarness';
import { NORTHWIND_MSA } from './__fixtures__/corpus/englishPdfs';
import { MAPLE_CONSULTING } from './__fixtures__/corpus/englishTexts';
import type { ContractSummary } from './extraction/contractSummary';

interface Extracted {
  document: Record<string, unknown>;
  elements: Array<{ type: string; element_id: string; text: string; metadata: object }>;
  summary: ContractSummary;
}

const msa = () => documentInput(NORTHWIND_MSA.bytes(), 'northwind-msa.pdf', 'application/pdf');

describe('extract_contract against the Unstructured simulator', () => {
  const harness = useContractHarness();

  it('asks for approval first, then uploads the document once as multipart with the key', async () => {
    const h = harness();
    expect(await h.call('extract_contract', msa(), 'dd-msa-1')).toMatchObject({
      status: 'approval_required',
    });
    expect(h.vendor.server.requests).toHaveLength(0);

    const result = await h.approved(
      'extract_contract',
      { ...msa(), strategy: 'hi_res' },
      'dd-msa-2',
    );
    const out = outputOf<Extracted>(result);
    expect(out.document).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      size_bytes: NORTHWIND_MSA.bytes().length,
      page_count: 3,
      content_type: 'application/pdf',
      filename: 'northwind-msa.pdf',
    });
    expect(out.elements.map((e) => e.type)).toContain('Title');
    expect(out.summary.missing).toEqual([]);

    const [sent] = h.vendor.server.requestsTo(PARTITION_ROUTE);
    expect(sent!.headers['unstructured-api-key']).toBe(API_KEY);
    expect(sent!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = sent!.rawBody.toString('latin1');
    expect(body).toContain('name="files"; filename="northwind-msa.pdf"');
    expect(body).toContain('Content-Type: application/pdf');
    expect(body).toMatch(/name="strategy"\r\n\r\nhi_res\r\n/);
    expect(h.vendor.counters.get('documents_partitioned')).toBe(1);
  });

  it("replays the stored result under the caller's key: no second upload, no second approval", async () => {
    const h = harness();
    const first = await h.approved('extract_contract', msa(), 'dd-msa-3');
    const again = await h.call('extract_contract', msa(), 'dd-msa-3');
    expect(again).toMatchObject({ status: 'ok', replayed: true });
    expect(outputOf(again)).toEqual(outputOf(first));
    expect(h.vendor.counters.get('documents_partitioned')).toBe(1);
    expect(h.vendor.server.requests).toHaveLength(1);
  });

  it('sends the OCR languages and reads a text file by pages', async () => {
    const h = harness();
    const input = documentInput(MAPLE_CONSULTING.bytes(), 'maple.txt', 'text/plain', {
      languages: ['eng', 'ara'],
    });
    const out = outputOf<Extracted>(await h.approved('extract_contract', input));
    expect(out.document).toMatchObject({ page_count: 2, content_type: 'text/plain' });
    // The service read them: its elements carry the languages given.
    expect(out.elements[0]!.metadata).toMatchObject({ languages: ['eng', 'ara'] });
    expect(h.vendor.server.requestsTo(PARTITION_ROUTE)[0]!.rawBody.toString()).toMatch(
      /name="languages\[\]"\r\n\r\neng\r\n.*name="languages\[\]"\r\n\r\nara\r\n/s,
    );
    expect(out.summary.clauses.governing_law).toMatchObject({ status: 'found', page: 2 });
  });

  it.each([
    ['not base64', { document_base64: 'not base64!' }, 'standard base64'],
    ['a PDF declared as text', { content_type: 'text/plain', filename: 'msa.txt' }, 'are a PDF'],
    [
      'text declared as a PDF',
      { document_base64: Buffer.from('plain words').toString('base64') },
      'no %PDF- header',
    ],
    ['a name that disagrees with the type', { filename: 'msa.txt' }, 'ends in .txt'],
    [
      'bytes that are not UTF-8',
      {
        document_base64: Buffer.from([0xc3, 0x28, 0x41]).toString('base64'),
        content_type: 'text/plain',
        filename: 'x.txt',
      },
      'not UTF-8',
    ],
    ['an unknown strategy', { strategy: 'fastest' }, 'strategy'],
    ['a path as file name', { filename: '../secret.pdf' }, 'without a path'],
  ])('refuses %s before any upload', async (_label, change, message) => {
    const h = harness();
    const error = await h.rejection(() => h.call('extract_contract', { ...msa(), ...change }));
    expect(error).toMatchObject({ code: 'DLX_E_RUNTIME_INPUT_INVALID' });
    expect(String(error.message)).toContain(message);
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it("retries a 503 once and a rate limit after the service's wait, partitioning once", async () => {
    const h = harness();
    h.vendor.injectFault({
      route: PARTITION_ROUTE,
      fault: { kind: 'status', status: 503 },
      times: 1,
    });
    expect(await h.approved('extract_contract', msa())).toMatchObject({
      status: 'ok',
      attempts: 2,
    });
    h.vendor.injectFault({
      route: PARTITION_ROUTE,
      // Within the deadline, which timeoutScale shrinks to 2.42 s here.
      fault: { kind: 'rate_limit', retryAfterSeconds: 2 },
      times: 1,
    });
    expect(await h.approved('extract_contract', msa())).toMatchObject({
      status: 'ok',
      attempts: 2,
    });
    expect(h.clock.sleeps).toContain(2000);
    expect(h.vendor.counters.get('documents_partitioned')).toBe(2);
  });

  it.each([
    [401, 'DLX_E_VENDOR_AUTH'],
    [422, 'DLX_E_VENDOR_PERMANENT'],
    [400, 'DLX_E_VENDOR_PERMANENT'],
  ] as const)('maps a %d to %s and sends it once', async (status, code) => {
    const h = harness();
    h.vendor.injectFault({ route: PARTITION_ROUTE, fault: { kind: 'status', status }, times: 2 });
    const error = await h.rejection(() => h.approved('extract_contract', msa()));
    expect(error).toMatchObject({ code });
    expect(h.vendor.server.requests).toHaveLength(1);
  });

  it('maps a refused form field with its location, never echoing the value', async () => {
    const h = harness();
    h.vendor.injectFault({
      route: PARTITION_ROUTE,
      fault: {
        kind: 'status',
        status: 422,
        body: {
          detail: [{ type: 'enum', loc: ['body', 'strategy'], msg: 'bad', input: 'Globex' }],
        },
      },
      times: 1,
    });
    const error = await h.rejection(() => h.approved('extract_contract', msa()));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'enum',
      details: expect.objectContaining({ field: 'body.strategy' }),
    });
    expect(JSON.stringify(error)).not.toContain('Globex');
  });

  it('times an attempt out and partitions again within the deadline', async () => {
    const h = harness();
    h.vendor.injectFault({ route: PARTITION_ROUTE, fault: { kind: 'delay', ms: 5_000 }, times: 1 });
    const result = await h.approved('extract_contract', msa());
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    const failed = (await h.stores.audit.list()).find((r) => r.event === 'attempt_failed');
    expect(JSON.stringify(failed?.payload)).toContain('DLX_E_RUNTIME_TIMEOUT');
  });
});

describe('classify_clauses', () => {
  const harness = useContractHarness();

  it('reads the same summary from given elements, without approval or any vendor request', async () => {
    const h = harness();
    const extracted = outputOf<Extracted>(await h.approved('extract_contract', msa()));
    const before = h.vendor.server.requests.length;
    const result = await h.call('classify_clauses', { elements: extracted.elements });
    expect(result).toMatchObject({ status: 'ok', attempts: 1 });
    expect(outputOf<{ summary: ContractSummary }>(result).summary).toEqual(extracted.summary);
    expect(h.vendor.server.requests).toHaveLength(before);
  });

  it('reports every clause missing for a document that states none, inventing nothing', async () => {
    const h = harness();
    const elements = [
      { type: 'Title', element_id: 'e1', text: 'Meeting notes', metadata: { page_number: 1 } },
      {
        type: 'NarrativeText',
        element_id: 'e2',
        text: 'We discussed the terms of a possible agreement and its governing principles.',
        metadata: { page_number: 1 },
      },
    ];
    const { summary } = outputOf<{ summary: ContractSummary }>(
      await h.call('classify_clauses', { elements }),
    );
    expect(summary.found).toEqual([]);
    expect(Object.values(summary.clauses).every((c) => c.status === 'missing')).toBe(true);
  });

  it('refuses elements that are not an array, with no vendor request', async () => {
    const h = harness();
    const error = await h.rejection(() => h.call('classify_clauses', { elements: 'text' }));
    expect(error).toMatchObject({ code: 'DLX_E_RUNTIME_INPUT_INVALID' });
    expect(h.vendor.server.requests).toHaveLength(0);
  });
});

describe('the health probe', () => {
  const harness = useContractHarness();

  it('checks the key with a form that partitions nothing: ok, then error once the key is refused', async () => {
    const h = harness();
    expect(await h.runtime.probe(h.tenant, 'contract_intel')).toMatchObject({ status: 'ok' });
    expect(h.vendor.counters.get('documents_partitioned')).toBe(0);
    h.vendor.injectFault({
      route: PARTITION_ROUTE,
      fault: { kind: 'status', status: 401 },
      times: 1,
    });
    expect(await h.runtime.probe(h.tenant, 'contract_intel')).toMatchObject({
      status: 'error',
      detail: 'partition probe failed: DLX_E_VENDOR_AUTH',
    });
  });
});
