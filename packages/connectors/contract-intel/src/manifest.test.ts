import { resolveOperationPolicy } from '@dealix/connector-core';
import { loadManifest } from './__fixtures__/contractHarness';

describe('connector.json governance', () => {
  const manifest = loadManifest();
  const extract = resolveOperationPolicy(manifest, 'extract_contract');
  const classify = resolveOperationPolicy(manifest, 'classify_clauses');

  it('classifies every operation restricted; the upload needs approval, the local read not', () => {
    expect(manifest.data_classification).toBe('restricted');
    expect(extract).toMatchObject({
      kind: 'write',
      data_classification: 'restricted',
      approval_policy: 'approval_required',
    });
    expect(classify).toMatchObject({
      kind: 'read',
      data_classification: 'restricted',
      approval_policy: 'auto',
      vendor_call: false,
    });
  });

  it('gives large documents their own timeout and response cap, with one bounded retry', () => {
    expect(extract).toMatchObject({
      timeout_ms: 120_000,
      max_response_bytes: 32 * 1024 * 1024,
      retry_max: 1,
      vendor_call: true,
    });
    expect(classify).toMatchObject({ timeout_ms: 10_000, retry_max: 0 });
  });

  it("leaves the service's host to each tenant's operator", () => {
    expect(manifest.allowed_hosts).toEqual(['${config.base_url}']);
    expect(manifest.config.base_url).toMatchObject({
      host_pattern: '${tenant}',
      default: 'https://api.unstructuredapp.io',
    });
  });
});
