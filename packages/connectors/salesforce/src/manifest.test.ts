import { renderOperationSchemas, resolveOperationPolicy } from '@dealix/connector-core';
import { loadManifest } from './__fixtures__/salesforceHarness';
import { connector } from './index';

// The conformance suite checks that connector.json passes the loader, matches the code and that
// schemas/ is fresh; these are the governance choices particular to Salesforce.
describe('connector.json', () => {
  const manifest = loadManifest();

  it('needs approval only to delete, and a caller key only to create', () => {
    const policies = Object.fromEntries(
      Object.keys(manifest.operations).map((name) => {
        const policy = resolveOperationPolicy(manifest, name);
        return [name, [policy.approval_policy, policy.idempotent]];
      }),
    );
    expect(policies).toEqual({
      create_record: ['auto', false],
      update_record: ['auto', true],
      upsert_by_external_id: ['auto', true],
      query: ['auto', true],
      delete_record: ['approval_required', true],
    });
  });

  it('reaches only the configured My Domain host and declares no webhooks', () => {
    expect(manifest.allowed_hosts).toEqual(['${config.login_url}']);
    expect(manifest.config.login_url?.host_pattern).toBe('*.my.salesforce.com');
    expect(manifest.webhook_events ?? []).toEqual([]);
  });
});

describe('schemas/', () => {
  const rendered = renderOperationSchemas(connector);
  const input = (op: string) =>
    JSON.parse(rendered[`${op}.input.json`]!) as {
      properties: Record<
        string,
        { personal?: boolean; additionalProperties?: { personal?: boolean } }
      >;
    };

  it('marks record field values, queries and external ids as personal', () => {
    expect(input('create_record').properties.fields?.additionalProperties?.personal).toBe(true);
    expect(input('update_record').properties.fields?.additionalProperties?.personal).toBe(true);
    expect(input('query').properties.soql?.personal).toBe(true);
    expect(input('upsert_by_external_id').properties.external_id_value?.personal).toBe(true);
  });
});
