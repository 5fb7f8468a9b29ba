import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMinimalPdf, type UnstructuredSimulator } from '@dealix/connector-testkit';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';
import { rawDatabase } from './__fixtures__/rawDatabase';

// Issue 14 (contract_intel), through the host in sandbox mode: the board shows it ok, one
// extraction runs over the execute route with approval, hostile documents (wrong type, over
// 10 MiB, over the body limit) and a partition answer over its cap are refused with coded
// errors, and no document text appears in the SQLite file, the logs or any HTTP answer but the
// execute result returned to its own caller.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const TENANT = '/api/v1/tenants/sandbox';
const EXTRACT = `${TENANT}/connectors/contract_intel/operations/extract_contract`;
const PAGES = [
  [
    'Charter Services Agreement',
    'This Charter Services Agreement is made and entered into as of April 2, 2024 by and between Kestrel Maritime Holdings Ltd ("Owner") and Osprey Freight LLC ("Charterer").',
    'Charterer shall pay each invoice within twenty (20) days of the invoice date.',
  ],
  [
    'Governing Law',
    'This Agreement shall be governed by the laws of the Emirate of Dubai.',
    "Each party shall keep the other party's Confidential Information in strict confidence.",
  ],
];
/** The body limit the operator raised for documents: a 10 MiB document fits, base64. */
const API_BODY_BYTES = 15 * 1024 * 1024;
/** The connector's document limit and the partition answer cap of extract_contract. */
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Every line of the document, and the names and places read from it. */
const DOCUMENT_TEXT = [
  ...PAGES.flat().filter((line) => line.length > 30),
  'Kestrel Maritime',
  'Osprey Freight',
  'Emirate of Dubai',
  'strict confidence',
];

/** `size` bytes of the document's lines as a text file. */
function textDocument(size: number): Buffer {
  const text = Buffer.from(`${PAGES.flat().join('\n')}\n`);
  const doc = Buffer.alloc(size);
  for (let at = 0; at < size; at += text.length) text.copy(doc, at);
  return doc;
}

/**
 * POSTs `body` as JSON, declaring its whole length but sending only its first 64 KiB, and
 * reads the answer: a host that refuses a body by its declared length answers at once. (A
 * client that went on sending could find its socket reset before it read that answer.)
 */
function postUnread(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const bytes = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(bytes.length),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(bytes.subarray(0, 64 * 1024));
  });
}

describe('contract_intel through the host in sandbox mode', () => {
  let h: HostHarness;
  const dir = mkdtempSync(join(tmpdir(), 'dlx-contract-intel-'));
  let service: UnstructuredSimulator;
  let op: string;
  let ap: string;
  /** Every HTTP answer of the run, except the execute results returned to their caller. */
  const answers: string[] = [];
  const call = async (...args: Parameters<HostHarness['call']>) => {
    const answer = await h.call(...args);
    answers.push(answer.text);
    return answer;
  };

  beforeAll(async () => {
    // No keys in the environment: sandbox mode generates DLX_AUDIT_KEY and DLX_DATA_KEYS.
    h = await startHarness({
      rootDir: REPO_ROOT,
      dir,
      env: { DLX_AUDIT_KEY: undefined, DLX_DATA_KEYS: undefined },
      extraConfig: { limits: { api_body_bytes: API_BODY_BYTES } },
    });
    service = h.host.sandbox!.simulators.contract_intel;
    op = h.host.sandboxTokens!.operator;
    ap = h.host.sandboxTokens!.approver;
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows it ok on the board and extracts one contract over the execute route with approval', async () => {
    const board = await call('GET', '/api/v1/connectors/governance?tenant=sandbox');
    const row = board.json.tenants[0].connectors.find(
      (c: { connector_key: string }) => c.connector_key === 'contract_intel',
    );
    expect(row).toMatchObject({ status: 'ok', approval_policy: 'per_operation' });

    const pdf = buildMinimalPdf(PAGES);
    const input = {
      document_base64: pdf.toString('base64'),
      filename: 'charter.pdf',
      content_type: 'application/pdf',
    };
    const headers = { 'idempotency-key': 'dd-charter-1' };
    const asked = await call('POST', EXTRACT, { token: op, body: input, headers });
    expect(asked.status).toBe(202);
    expect(service.counters.get('documents_partitioned')).toBe(0);

    const pending = await call('GET', `${TENANT}/approvals?status=pending`, { token: ap });
    expect(pending.json.approvals[0]).toMatchObject({
      id: asked.json.approval_id,
      computed_preview: { filename: 'charter.pdf', size_bytes: pdf.length, page_count: 2 },
    });
    const grant = await call('POST', `${TENANT}/approvals/${asked.json.approval_id}/grant`, {
      token: ap,
    });
    expect(grant.status).toBe(200);

    const path = `${EXTRACT}?approval_id=${asked.json.approval_id}`;
    const run = await h.call('POST', path, { token: op, body: input, headers });
    expect(run.status).toBe(200);
    expect(run.json.output.summary).toMatchObject({
      clauses: {
        parties: {
          status: 'found',
          page: 1,
          values: { names: ['Kestrel Maritime Holdings Ltd', 'Osprey Freight LLC'] },
        },
        effective_date: { status: 'found', values: { date: { date: '2024-04-02' } } },
        payment_terms: { status: 'found', values: { due_within: { amount: 20 } } },
        governing_law: { status: 'found', page: 2, values: { jurisdiction: 'Emirate of Dubai' } },
        confidentiality: { status: 'found', page: 2 },
      },
      missing: ['term', 'renewal', 'termination', 'liability_cap'],
    });
    // The caller's key replays the sealed result: the service partitions (and bills) once.
    const replay = await h.call('POST', path, { token: op, body: input, headers });
    expect(replay.json).toMatchObject({ status: 'ok', replayed: true });
    expect(replay.json.output).toEqual(run.json.output);
    expect(service.counters.get('documents_partitioned')).toBe(1);

    // What others read back: the approval, the audit trail, the board, metrics, outcomes.
    await call('GET', `${TENANT}/approvals`, { token: ap });
    const audit = await call('GET', `${TENANT}/audit?limit=500`, { token: op });
    const extracted = audit.json.records.find(
      (r: { event: string }) => r.event === 'contract_extracted',
    );
    expect(extracted.payload.output.safe.summary.found).toEqual([
      'parties',
      'effective_date',
      'governing_law',
      'payment_terms',
      'confidentiality',
    ]);
    expect(extracted.payload.output.safe.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    await call('GET', `${TENANT}/unknown-outcomes?status=all`, { token: op });
    await call('GET', `${TENANT}/events?after=0`, { token: op });
    await call('GET', '/api/v1/connectors/governance');
    await call('GET', '/metrics');
    await call('GET', '/api/v1/sandbox', { token: op });
  }, 60_000);

  it('refuses hostile documents and an oversize partition answer with coded errors', async () => {
    const before = service.server.requests.length;
    const refuse = async (input: Record<string, unknown>) => {
      const answer = await call('POST', EXTRACT, { token: op, body: input });
      return { status: answer.status, error: answer.json.error };
    };
    // Text declared as a PDF: the content check refuses it before any approval or upload.
    const asText = textDocument(2_000).toString('base64');
    const as = { filename: 'charter.pdf', content_type: 'application/pdf' };
    expect(await refuse({ ...as, document_base64: asText })).toMatchObject({
      status: 400,
      error: { code: 'DLX_E_RUNTIME_INPUT_INVALID', message: expect.stringContaining('%PDF-') },
    });
    // A document one byte over the connector's limit, in a body the host reads.
    const over = {
      document_base64: textDocument(MAX_DOCUMENT_BYTES + 1).toString('base64'),
      filename: 'charter.txt',
      content_type: 'text/plain',
    };
    expect(await refuse(over)).toMatchObject({
      status: 400,
      error: {
        code: 'DLX_E_RUNTIME_INPUT_INVALID',
        message: expect.stringContaining(`at most ${MAX_DOCUMENT_BYTES}`),
      },
    });
    // A body just over limits.api_body_bytes (its base64 alone fills it): refused unread.
    const huge = {
      ...over,
      document_base64: textDocument(API_BODY_BYTES * 0.75).toString('base64'),
    };
    const tooLarge = await postUnread(`${h.host.url}${EXTRACT}`, op, huge);
    answers.push(tooLarge.text);
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.text).error).toMatchObject({ code: 'DLX_E_HOST_BODY_TOO_LARGE' });
    expect(service.server.requests.length).toBe(before);
    const pending = await call('GET', `${TENANT}/approvals?status=pending`, { token: ap });
    expect(pending.json.approvals).toEqual([]);

    // A partition answer over the operation's max_response_bytes, full of the document's text.
    const text = PAGES.flat().join(' ').repeat(50);
    const elements = Array.from(
      { length: Math.ceil(MAX_RESPONSE_BYTES / text.length) + 1 },
      (_, i) => ({
        type: 'NarrativeText',
        element_id: `e${i}`,
        text,
        metadata: { page_number: 1 },
      }),
    );
    service.injectFault({
      route: 'unstructured.partition',
      fault: { kind: 'status', status: 200, body: elements },
      times: 2,
    });
    const input = { ...as, document_base64: buildMinimalPdf(PAGES).toString('base64') };
    const asked = await call('POST', EXTRACT, { token: op, body: input });
    expect(asked.status).toBe(202);
    await call('POST', `${TENANT}/approvals/${asked.json.approval_id}/grant`, { token: ap });
    const path = `${EXTRACT}?approval_id=${asked.json.approval_id}`;
    // The repeat runs under the key its request was given (the grant is bound to it).
    const headers = { 'idempotency-key': asked.json.idempotency_key as string };
    expect(await call('POST', path, { token: op, body: input, headers })).toMatchObject({
      status: 502,
      json: {
        error: {
          code: 'DLX_E_VENDOR_PERMANENT',
          details: expect.objectContaining({ max_response_bytes: MAX_RESPONSE_BYTES }),
        },
      },
    });
    // Refused once: an answer too large is not asked for again.
    expect(service.server.requests.length).toBe(before + 1);
  }, 60_000);

  it('keeps the document text out of the SQLite file, the logs and every other answer', async () => {
    await h.stop();
    const scanned = {
      database: rawDatabase(dir, 'sandbox.db'),
      logs: [...h.logs, ...h.printed].join('\n'),
      answers: answers.join('\n'),
    };
    expect(scanned.database).toContain('aes-256-gcm');
    expect(scanned.answers).toContain('charter.pdf');
    for (const [where, text] of Object.entries(scanned)) {
      const leaked = DOCUMENT_TEXT.filter((words) => text.includes(words));
      expect({ where, leaked }).toEqual({ where, leaked: [] });
    }
  });
});
