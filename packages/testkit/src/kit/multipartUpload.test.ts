import {
  defineConnector,
  defineOperation,
  secret,
  validateManifest,
  vendorRequest,
  z,
  type ConnectorManifest,
  type OperationContext,
} from '@dealix/connector-core';
import { useConnectorHarness, outputOf } from '@dealix/connector-core/testing';
import { buildMinimalPdf } from '../simulators/unstructured/minimalPdf';
import {
  createUnstructuredSimulator,
  type UnstructuredSimulator,
} from '../simulators/unstructured/unstructuredSimulator';

// A document connector written the kit's way: one vendorRequest with a multipart body.
const config = z.object({ base_url: z.url(), api_key: secret(z.string().min(1)) });
type Ctx = OperationContext<z.output<typeof config>, undefined>;
const element = z.object({
  type: z.string(),
  text: z.string(),
  metadata: z.object({ filename: z.string(), page_number: z.number().optional() }).loose(),
});

const documents = defineConnector({
  key: 'documents',
  config,
  operations: {
    partition: defineOperation({
      input: z.object({ filename: z.string(), pdf_base64: z.string(), strategy: z.string() }),
      output: z.object({ elements: z.array(element) }),
      run: async (input, ctx: Ctx) => ({
        elements: await vendorRequest(ctx, {
          method: 'POST',
          url: `${ctx.config.base_url}/general/v0/general`,
          headers: { 'unstructured-api-key': ctx.config.api_key },
          multipart: {
            files: {
              content: Buffer.from(input.pdf_base64, 'base64'),
              filename: input.filename,
              contentType: 'application/pdf',
            },
            strategy: input.strategy,
            'languages[]': ['eng', 'ara'],
          },
          schema: z.array(element),
        }),
      }),
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});

const manifest = ((): ConnectorManifest => {
  const result = validateManifest({
    manifest_version: 1,
    connector_key: 'documents',
    display_name: 'Documents (test)',
    display_name_ar: 'المستندات',
    contract_url: 'https://docs.unstructured.io/api-reference',
    owners: ['platform-team'],
    approval_policy: 'auto',
    data_classification: 'internal',
    idempotent: true,
    retry_max: 0,
    retry_backoff_ms: [],
    timeout_ms: 10_000,
    audit_events: ['document_partitioned', 'document_partition_failed'],
    allowed_hosts: ['${config.base_url}'],
    operations: {
      partition: {
        kind: 'read',
        description: 'Partitions a PDF into elements.',
        audit_events: { success: 'document_partitioned', failure: 'document_partition_failed' },
      },
    },
    config: {
      base_url: {
        type: 'url',
        required: true,
        description: 'Partition API base URL.',
        host_pattern: 'api.unstructuredapp.io',
      },
      api_key: { type: 'secret', required: true, description: 'API key.' },
    },
  });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.manifest;
})();

describe('a multipart upload through vendorRequest and ctx.http', () => {
  const harness = useConnectorHarness<UnstructuredSimulator>({
    plugin: documents,
    manifest,
    startSimulator: async () => {
      const sim = createUnstructuredSimulator({ apiKey: 'unstructured-KIT-secret-key-0042' });
      await sim.start();
      return {
        simulator: sim,
        config: { base_url: sim.baseUrl, api_key: sim.apiKey },
        stop: () => sim.stop(),
      };
    },
  });

  it('is read back by the Unstructured simulator: the file, its name and the form fields', async () => {
    const h = harness();
    const pdf = buildMinimalPdf([['Master Services Agreement'], ['Term: 12 months']]);
    const result = await h.call('partition', {
      filename: 'msa final 2024.pdf',
      pdf_base64: pdf.toString('base64'),
      strategy: 'fast',
    });
    const { elements } = outputOf<{ elements: z.output<typeof element>[] }>(result);
    expect(elements.map((e) => e.text)).toEqual(['Master Services Agreement', 'Term: 12 months']);
    expect(elements.map((e) => e.metadata.page_number)).toEqual([1, 2]);
    expect(elements[0]!.metadata.filename).toBe('msa final 2024.pdf');
    expect(h.vendor.counters.get('documents_partitioned')).toBe(1);
    const [sent] = h.vendor.requestsTo('unstructured.partition');
    expect(sent!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('lets the simulator refuse a form field, as the vendor would', async () => {
    const h = harness();
    const error = await h.rejection(() =>
      h.call('partition', { filename: 'a.pdf', pdf_base64: '', strategy: 'slowest' }),
    );
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorStatus: 422 });
  });
});
