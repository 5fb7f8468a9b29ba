/** A valid manifest as plain JSON data, for tests to change field by field. */
export interface SampleManifest {
  [field: string]: unknown;
  connector_key: string;
  operations: Record<string, Record<string, unknown>>;
  config: Record<string, Record<string, unknown>>;
  allowed_hosts: string[];
  audit_events: string[];
}

export function sampleManifest(key: string): SampleManifest {
  return {
    manifest_version: 1,
    connector_key: key,
    display_name: `Sample ${key}`,
    display_name_ar: 'موصل تجريبي',
    contract_url: 'https://docs.example.com/api',
    owners: ['team-a'],
    approval_policy: 'auto',
    data_classification: 'confidential',
    idempotent: false,
    retry_max: 2,
    retry_backoff_ms: [100, 200],
    timeout_ms: 5000,
    audit_events: ['charge_created', 'charge_failed', 'charge_read', 'charge_read_failed'],
    allowed_hosts: ['api.example.com', '${config.base_url}'],
    operations: {
      create_charge: {
        kind: 'write',
        description: 'Creates a charge.',
        approval_policy: 'approval_required',
        audit_events: { success: 'charge_created', failure: 'charge_failed' },
        compensation: 'none',
        compensation_note: 'Refunds are a separate process.',
      },
      get_charge: {
        kind: 'read',
        description: 'Reads a charge.',
        audit_events: { success: 'charge_read', failure: 'charge_read_failed' },
      },
    },
    config: {
      api_key: { type: 'secret', required: true, description: 'API key.' },
      base_url: {
        type: 'url',
        required: false,
        description: 'Base URL.',
        default: 'https://api.example.com',
        host_pattern: 'api.example.com',
      },
    },
  };
}

/** Input schemas as zod 4 renders them for `get_charge` and `create_charge`. */
export const sampleInputSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    amount: { type: 'number', minimum: 1 },
    currency: { type: 'string' },
    note: { type: 'string' },
  },
  required: ['amount', 'currency'],
};

export const sampleOutputSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
  additionalProperties: false,
};
