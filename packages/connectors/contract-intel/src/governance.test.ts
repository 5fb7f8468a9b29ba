import { createHash } from 'node:crypto';
import { documentInput, outputOf, useContractHarness } from './__fixtures__/contractHarness';
import { ALOFOQ_SERVICES } from './__fixtures__/corpus/arabicTexts';
import { NORTHWIND_MSA } from './__fixtures__/corpus/englishPdfs';
import { DOCUMENT_TEXT } from './__fixtures__/documentText';

const msa = () => documentInput(NORTHWIND_MSA.bytes(), 'northwind-msa.pdf', 'application/pdf');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// Governance of issue 14: restricted data, approval with a preview that shows the file and
// never its text, audit records with the digest and the clause types only, sealed results.
describe('contract_intel governance', () => {
  const harness = useContractHarness();

  it("shows the approver the file's name, type, size, pages and digest, never its text", async () => {
    const h = harness();
    const asked = await h.call('extract_contract', msa(), 'dd-1');
    if (asked.status !== 'approval_required') throw new Error('expected approval_required');
    const approval = await h.runtime.approvals.get(h.tenant, asked.approval_id);
    expect(approval.computed_preview).toEqual({
      filename: 'northwind-msa.pdf',
      content_type: 'application/pdf',
      size_bytes: NORTHWIND_MSA.bytes().length,
      page_count: 3,
      document_sha256: sha256(NORTHWIND_MSA.bytes()),
    });
    expect(approval.payload_preview).toEqual({
      redacted: 'restricted',
      digest: expect.stringMatching(/^sha256:/),
      safe: { content_type: 'application/pdf', strategy: 'auto' },
    });
    const [stored] = await h.stores.approvals.list(h.tenant);
    expect(stored!.computed_preview).toMatchObject({ $sealed: 'aes-256-gcm' });
    for (const text of DOCUMENT_TEXT) expect(JSON.stringify(approval)).not.toContain(text);
  });

  it('counts the pages of a text file for the preview by its form feeds', async () => {
    const h = harness();
    const input = documentInput(ALOFOQ_SERVICES.bytes(), 'alofoq.txt', 'text/plain');
    const asked = await h.call('extract_contract', input);
    if (asked.status !== 'approval_required') throw new Error('expected approval_required');
    const approval = await h.runtime.approvals.get(h.tenant, asked.approval_id);
    expect(approval.computed_preview).toMatchObject({ page_count: 2, content_type: 'text/plain' });
  });

  it('audits the document digest and the clause types found, and no document text', async () => {
    const h = harness();
    await h.approved('extract_contract', msa(), 'dd-2');
    await h.approved(
      'extract_contract',
      documentInput(ALOFOQ_SERVICES.bytes(), 'alofoq.txt', 'text/plain'),
      'dd-3',
    );
    const audit = await h.stores.audit.list({ tenant: h.tenant });
    const extracted = audit.filter((r) => r.event === 'contract_extracted');
    expect(extracted).toHaveLength(2);
    expect(extracted[0]!.payload).toMatchObject({
      input: { redacted: 'restricted', safe: { content_type: 'application/pdf' } },
      output: {
        redacted: 'restricted',
        safe: {
          document: {
            sha256: sha256(NORTHWIND_MSA.bytes()),
            size_bytes: NORTHWIND_MSA.bytes().length,
            page_count: 3,
            content_type: 'application/pdf',
          },
          summary: { found: expect.arrayContaining(['parties', 'governing_law']), missing: [] },
        },
      },
    });
    const visible = [JSON.stringify(audit), ...h.logLines].join('\n');
    for (const text of DOCUMENT_TEXT) expect(visible).not.toContain(text);
  });

  it('stores the result sealed, and opens it for a replay', async () => {
    const h = harness();
    const first = outputOf(await h.approved('extract_contract', msa(), 'dd-4'));
    const record = await h.stores.idempotency.get(
      { tenant: h.tenant, connector: 'contract_intel', operation: 'extract_contract' },
      'dd-4',
      h.clock.now(),
    );
    expect(record!.result).toMatchObject({ $sealed: 'aes-256-gcm' });
    for (const text of DOCUMENT_TEXT) expect(JSON.stringify(record)).not.toContain(text);
    expect(outputOf(await h.call('extract_contract', msa(), 'dd-4'))).toEqual(first);
  });

  it('audits classify_clauses with the clause types and without the elements', async () => {
    const h = harness();
    const { elements } = outputOf<{ elements: unknown[] }>(
      await h.approved('extract_contract', msa()),
    );
    await h.call('classify_clauses', { elements });
    const classified = (await h.stores.audit.list()).find((r) => r.event === 'clauses_classified');
    expect(classified!.payload).toMatchObject({
      output: { redacted: 'restricted', safe: { summary: { missing: [] } } },
    });
    for (const text of DOCUMENT_TEXT) expect(JSON.stringify(classified)).not.toContain(text);
  });
});
