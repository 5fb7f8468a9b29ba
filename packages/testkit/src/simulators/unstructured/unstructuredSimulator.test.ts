import { encodeMultipart } from '@dealix/connector-core';
import { rawHttpRequest } from '../../http/rawHttpRequest';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { buildMinimalPdf } from './minimalPdf';
import { createUnstructuredSimulator } from './unstructuredSimulator';
import type { UnstructuredSimulator } from './unstructuredSimulator';

interface Upload {
  filename: string;
  type: string;
  data: Buffer | string;
}

interface PartitionCall {
  files?: Upload[];
  fields?: Record<string, string>;
  apiKey?: string | null;
  timeoutMs?: number;
}

/** Serialises a multipart body as ctx.http does, without opening a connection. */
function multipart(files: Upload[], fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files)
    form.append('files', new Blob([file.data], { type: file.type }), file.filename);
  return encodeMultipart(form);
}

async function partition(
  sim: UnstructuredSimulator,
  call: PartitionCall = {},
): Promise<RawHttpResponse> {
  const { body, contentType } = await multipart(call.files ?? [], call.fields ?? {});
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    Accept: 'application/json',
  };
  const key = call.apiKey === undefined ? sim.apiKey : call.apiKey;
  if (key !== null) headers['unstructured-api-key'] = key;
  return rawHttpRequest(`${sim.baseUrl}/general/v0/general`, {
    method: 'POST',
    headers,
    body,
    timeoutMs: call.timeoutMs,
  });
}

interface Element {
  type: string;
  element_id: string;
  text: string;
  metadata: Record<string, unknown>;
}

function elements(response: RawHttpResponse): Element[] {
  return JSON.parse(response.body) as Element[];
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string };
  }
  throw new Error('expected the request to fail');
}

const notes: Upload = {
  filename: 'notes.txt',
  type: 'text/plain',
  data: [
    'Quarterly Report',
    '',
    'Revenue grew by twelve percent this quarter.',
    'Margins improved as well.',
    '',
    '- Hire two engineers',
    '* Renew the office lease',
    '1. Close the audit',
  ].join('\n'),
};

describe('Unstructured simulator', () => {
  let sim: UnstructuredSimulator;
  beforeEach(async () => {
    sim = createUnstructuredSimulator();
    await sim.start();
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('partitions plain text into Title, NarrativeText and ListItem elements', async () => {
    const response = await partition(sim, { files: [notes] });
    expect(response.status).toBe(200);
    const result = elements(response);
    expect(result.map((e) => [e.type, e.text])).toEqual([
      ['Title', 'Quarterly Report'],
      ['NarrativeText', 'Revenue grew by twelve percent this quarter. Margins improved as well.'],
      ['ListItem', 'Hire two engineers'],
      ['ListItem', 'Renew the office lease'],
      ['ListItem', 'Close the audit'],
    ]);
    const [title, narrative] = result;
    expect(title?.element_id).toMatch(/^[0-9a-f]{32}$/);
    expect(narrative?.metadata).toEqual({
      filename: 'notes.txt',
      filetype: 'text/plain',
      languages: ['eng'],
      page_number: 1,
      parent_id: title?.element_id,
    });
    expect(sim.counters.get('documents_partitioned')).toBe(1);
  });

  it('starts a new page of a text file at each form feed, Arabic text included', async () => {
    const contract: Upload = {
      filename: 'عقد.txt',
      type: 'text/plain',
      data: 'عقد تقديم خدمات\n\nيخضع هذا العقد لأنظمة المملكة.\f\nالتوقيعات\n\n- الطرف الأول',
    };
    const response = await partition(sim, { files: [contract], fields: { languages: 'ara' } });
    expect(response.status).toBe(200);
    expect(
      elements(response).map((e) => [e.type, e.text, e.metadata.page_number, e.metadata.languages]),
    ).toEqual([
      ['Title', 'عقد تقديم خدمات', 1, ['ara']],
      ['NarrativeText', 'يخضع هذا العقد لأنظمة المملكة.', 1, ['ara']],
      ['Title', 'التوقيعات', 2, ['ara']],
      ['ListItem', 'الطرف الأول', 2, ['ara']],
    ]);
  });

  it('gives the same element ids for the same document', async () => {
    const first = elements(await partition(sim, { files: [notes] }));
    const second = elements(await partition(sim, { files: [notes] }));
    expect(second.map((e) => e.element_id)).toEqual(first.map((e) => e.element_id));
  });

  it('partitions a PDF one element per text line, with page numbers in page order', async () => {
    const pdf = buildMinimalPdf([
      ['Master Services Agreement', 'This agreement is made between the parties named below.'],
      ['Termination', '- Either party may terminate with thirty days notice.'],
    ]);
    const response = await partition(sim, {
      files: [{ filename: 'msa.pdf', type: 'application/octet-stream', data: pdf }],
      fields: { strategy: 'hi_res' },
    });
    expect(response.status).toBe(200);
    expect(
      elements(response).map((e) => [e.type, e.text, e.metadata.page_number, e.metadata.filetype]),
    ).toEqual([
      ['Title', 'Master Services Agreement', 1, 'application/pdf'],
      [
        'NarrativeText',
        'This agreement is made between the parties named below.',
        1,
        'application/pdf',
      ],
      ['Title', 'Termination', 2, 'application/pdf'],
      ['ListItem', 'Either party may terminate with thirty days notice.', 2, 'application/pdf'],
    ]);
  });

  it('answers 422 in FastAPI shape when files is missing', async () => {
    const response = await partition(sim, { fields: { strategy: 'fast' } });
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'files'], msg: 'Field required', input: null }],
    });
    expect(sim.counters.get('documents_partitioned')).toBe(0);
  });

  it('answers 422 for an unknown strategy', async () => {
    const response = await partition(sim, { files: [notes], fields: { strategy: 'fastest' } });
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toMatchObject({
      detail: [{ type: 'enum', loc: ['body', 'strategy'], input: 'fastest' }],
    });
  });

  it('answers 400 with a detail for an unsupported file type or an unreadable PDF', async () => {
    const image = await partition(sim, {
      files: [{ filename: 'logo.png', type: 'image/png', data: 'x' }],
    });
    expect(image.status).toBe(400);
    expect(JSON.parse(image.body)).toEqual({ detail: expect.stringContaining('image/png') });
    const broken = await partition(sim, {
      files: [{ filename: 'a.pdf', type: 'application/pdf', data: 'not a pdf' }],
    });
    expect(broken.status).toBe(400);
    expect(sim.counters.get('documents_partitioned')).toBe(0);
  });

  it('requires the unstructured-api-key header, except on /healthcheck', async () => {
    for (const apiKey of [null, 'wrong-key']) {
      const response = await partition(sim, { files: [notes], apiKey });
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toEqual({ detail: expect.any(String) });
    }
    const health = await rawHttpRequest(`${sim.baseUrl}/healthcheck`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ healthcheck: 'HEALTHCHECK STATUS: EVERYTHING OK!' });
  });

  it('accepts requests without a key when apiKey is null (self-hosted)', async () => {
    const open = createUnstructuredSimulator({ apiKey: null });
    await open.start();
    const response = await partition(open, { files: [notes], apiKey: null });
    await open.stop();
    expect(response.status).toBe(200);
  });

  it('answers an unknown path with 404 {"detail":"Not Found"}', async () => {
    const response = await rawHttpRequest(`${sim.baseUrl}/general/v1/general`, {
      method: 'POST',
      body: '',
    });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ detail: 'Not Found' });
  });

  describe('faults on the partition route', () => {
    it('a 429 with Retry-After partitions nothing', async () => {
      sim.injectFault({
        route: 'unstructured.partition',
        fault: { kind: 'rate_limit', retryAfterSeconds: 2 },
        times: 1,
      });
      const response = await partition(sim, { files: [notes] });
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('2');
      expect(sim.counters.get('documents_partitioned')).toBe(0);
      expect((await partition(sim, { files: [notes] })).status).toBe(200);
    });

    it('a connection reset fails the call and partitions nothing', async () => {
      sim.injectFault({ route: 'unstructured.partition', fault: { kind: 'reset' }, times: 1 });
      expect((await rejection(partition(sim, { files: [notes] }))).code).toBe('ECONNRESET');
      expect(sim.counters.get('documents_partitioned')).toBe(0);
    });

    it('a 503 answers in FastAPI shape', async () => {
      sim.injectFault({
        route: 'unstructured.partition',
        fault: { kind: 'status', status: 503 },
        times: 1,
      });
      const response = await partition(sim, { files: [notes] });
      expect(response.status).toBe(503);
      expect(JSON.parse(response.body)).toEqual({ detail: expect.any(String) });
    });

    it('a delay longer than the client timeout times the client out', async () => {
      sim.injectFault({
        route: 'unstructured.partition',
        fault: { kind: 'delay', ms: 2000 },
        times: 1,
      });
      const err = await rejection(partition(sim, { files: [notes], timeoutMs: 100 }));
      expect(err.code).toBe('ETIMEDOUT');
    });
  });
});
