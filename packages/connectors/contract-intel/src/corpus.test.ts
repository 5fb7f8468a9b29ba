import type { ConnectorHarness, UnstructuredSimulator } from '@dealix/connector-testkit';
import { documentInput, outputOf, startContractHarness } from './__fixtures__/contractHarness';
import { CORPUS } from './__fixtures__/corpus';
import { scoreDocument, type FieldTally } from './__fixtures__/corpus/corpusScore';
import type { ContractSummary } from './extraction/contractSummary';

interface Extracted {
  document: { page_count: number | null; sha256: string };
  elements: Array<{ text: string; metadata: { page_number?: number } }>;
  summary: ContractSummary;
}

// Must show (issue 14): sample contracts written for the tests (English PDFs built by the
// testkit's PDF writer, English and Arabic text), partitioned by the Unstructured simulator
// through the governance runtime, each clause found on its page, the absent ones missing.
describe('the sample contract corpus through extract_contract', () => {
  let h: ConnectorHarness<UnstructuredSimulator>;
  const results = new Map<string, Extracted>();

  beforeAll(async () => {
    h = await startContractHarness();
    for (const doc of CORPUS) {
      const input = documentInput(doc.bytes(), doc.filename, doc.contentType);
      results.set(doc.filename, outputOf<Extracted>(await h.approved('extract_contract', input)));
    }
  }, 60_000);
  afterAll(async () => {
    expect(await h.leakedSecrets()).toEqual([]);
    await h.stop();
  });

  it('holds at least six contracts: two Arabic text files and at least two English PDFs', () => {
    const kinds = CORPUS.map((doc) => `${doc.language} ${doc.contentType}`);
    expect(CORPUS.length).toBeGreaterThanOrEqual(6);
    expect(kinds.filter((k) => k === 'ar text/plain').length).toBeGreaterThanOrEqual(2);
    expect(kinds.filter((k) => k === 'en application/pdf').length).toBeGreaterThanOrEqual(2);
    expect(h.vendor.counters.get('documents_partitioned')).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((doc) => [doc.filename, doc] as const))(
    '%s: every stated clause on its page with its values, every other one missing',
    (filename, doc) => {
      const { summary } = results.get(filename)!;
      expect(scoreDocument(doc, summary).mismatches).toEqual([]);
      const missing = Object.entries(doc.expected)
        .filter(([, want]) => want === 'missing')
        .map(([type]) => type);
      expect(summary.missing).toEqual(missing);
      for (const type of missing) {
        expect(summary.clauses[type as keyof ContractSummary['clauses']]).toEqual({
          status: 'missing',
        });
      }
    },
  );

  it('cites each clause from the element it names, on that element page', () => {
    for (const { elements, summary } of results.values()) {
      for (const clause of Object.values(summary.clauses)) {
        if (clause.status !== 'found') continue;
        const element = elements[clause.span.element_index]!;
        expect(element.text.slice(clause.span.start, clause.span.end)).toBe(clause.text);
        expect(clause.page).toBe(element.metadata.page_number);
      }
    }
  });

  it('prints precision and recall on the asserted fields: both 1.0', () => {
    const total: FieldTally = { expected: 0, predicted: 0, correct: 0, mismatches: [] };
    const lines = CORPUS.map((doc) => {
      const tally = scoreDocument(doc, results.get(doc.filename)!.summary);
      total.expected += tally.expected;
      total.predicted += tally.predicted;
      total.correct += tally.correct;
      total.mismatches.push(...tally.mismatches);
      return `  ${doc.filename.padEnd(26)} ${String(tally.correct).padStart(3)}/${String(tally.expected).padEnd(3)} fields`;
    });
    const precision = total.predicted === 0 ? 0 : total.correct / total.predicted;
    const recall = total.expected === 0 ? 0 : total.correct / total.expected;
    process.stdout.write(
      [
        `contract_intel corpus: ${CORPUS.length} contracts, ${total.expected} asserted fields`,
        ...lines,
        `  precision ${precision.toFixed(3)} (${total.correct}/${total.predicted}), recall ${recall.toFixed(3)} (${total.correct}/${total.expected})`,
        '',
      ].join('\n'),
    );
    expect(total.mismatches).toEqual([]);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });
});
