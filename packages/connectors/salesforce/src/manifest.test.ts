import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkPluginAgainstManifest,
  committedSchemaFiles,
  renderOperationSchemas,
  resolveOperationPolicy,
  validateManifest,
} from '@dealix/connector-core';
import { PACKAGE_DIR } from './__fixtures__/salesforceHarness';
import { connector } from './index';

const manifestJson = JSON.parse(
  readFileSync(join(PACKAGE_DIR, 'connector.json'), 'utf8'),
) as Record<string, unknown>;

describe('connector.json', () => {
  const result = validateManifest(manifestJson, { file: 'salesforce/connector.json' });
  const manifest = result.ok ? result.manifest : undefined;

  it("passes core's manifest schema and agrees with the code", () => {
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(checkPluginAgainstManifest(connector, manifest!)).toEqual([]);
  });

  it('needs approval only to delete, and a caller key only to create', () => {
    const policies = Object.fromEntries(
      Object.keys(manifest!.operations).map((name) => {
        const policy = resolveOperationPolicy(manifest!, name);
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
    expect(manifest!.allowed_hosts).toEqual(['${config.login_url}']);
    expect(manifest!.config.login_url?.host_pattern).toBe('*.my.salesforce.com');
    expect(manifest!.webhook_events ?? []).toEqual([]);
  });
});

describe('schemas/', () => {
  const expected = new Map(Object.entries(renderOperationSchemas(connector)));

  it('holds exactly one input and one output schema per operation', () => {
    expect(committedSchemaFiles(PACKAGE_DIR).sort()).toEqual([...expected.keys()].sort());
  });

  it.each([...expected.keys()])('%s is fresh (run `npm run generate` if not)', (name) => {
    expect(readFileSync(join(PACKAGE_DIR, 'schemas', name), 'utf8')).toBe(expected.get(name));
  });

  it('marks record field values, queries and external ids as personal', () => {
    const input = (op: string) =>
      JSON.parse(expected.get(`${op}.input.json`)!) as {
        properties: Record<
          string,
          { personal?: boolean; additionalProperties?: { personal?: boolean } }
        >;
      };
    expect(input('create_record').properties.fields?.additionalProperties?.personal).toBe(true);
    expect(input('query').properties.soql?.personal).toBe(true);
    expect(input('upsert_by_external_id').properties.external_id_value?.personal).toBe(true);
  });
});
