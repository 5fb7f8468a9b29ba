import type { ConnectorNames } from '../connectorNames';

/** From packages/connectors/<name>/ to core's committed JSON Schema, for editors. */
export const MANIFEST_SCHEMA_REF = '../../core/connector-manifest.schema.json';

/** Placeholder vendor host; the README's TODO list asks for the real one. */
export const PLACEHOLDER_HOST = 'api.example.com';

/**
 * connector.json of a new connector: the sample API's three operations (a read, a write
 * compensated by a delete, and the delete, which nothing undoes), conservative defaults, an
 * API key and a base URL pinned to one host.
 */
export function manifestTemplate(names: ConnectorNames): Record<string, unknown> {
  return {
    $schema: MANIFEST_SCHEMA_REF,
    manifest_version: 1,
    connector_key: names.key,
    display_name: names.displayName,
    display_name_ar: names.displayNameAr,
    contract_url: `https://${PLACEHOLDER_HOST}/docs`,
    owners: [names.owner],
    approval_policy: 'auto',
    data_classification: 'confidential',
    idempotent: true,
    retry_max: 2,
    retry_backoff_ms: [500, 2000],
    timeout_ms: 10000,
    deadline_ms: 30000,
    audit_events: [
      'item_read',
      'item_read_failed',
      'item_created',
      'item_create_failed',
      'item_deleted',
      'item_delete_failed',
    ],
    allowed_hosts: ['${config.base_url}'],
    operations: {
      get_item: {
        kind: 'read',
        description: 'Reads one item as the vendor has it now.',
        audit_events: { success: 'item_read', failure: 'item_read_failed' },
      },
      create_item: {
        kind: 'write',
        description:
          'Creates an item. The vendor de-duplicates on Idempotency-Key, so a retry after a lost answer returns the same item; delete_item undoes it.',
        audit_events: { success: 'item_created', failure: 'item_create_failed' },
        compensation: 'delete_item',
      },
      delete_item: {
        kind: 'write',
        description: 'Deletes an item; the compensation of create_item.',
        audit_events: { success: 'item_deleted', failure: 'item_delete_failed' },
        compensation: 'none',
        compensation_note:
          'The vendor cannot restore a deleted item; create a new one with the same fields instead.',
      },
    },
    config: {
      api_key: {
        type: 'secret',
        required: true,
        description: "API key of the tenant's account, sent as a Bearer token.",
      },
      base_url: {
        type: 'url',
        required: false,
        description: 'API base URL; change it only for the sandbox simulator.',
        default: `https://${PLACEHOLDER_HOST}`,
        host_pattern: PLACEHOLDER_HOST,
      },
    },
  };
}
