import type { ConnectorNames } from '../connectorNames';

/** src/index.ts: the plugin the host loads, `connector = defineConnector(...)`. */
export function indexTemplate(names: ConnectorNames): string {
  return `import { defineConnector } from '@dealix/connector-core';
import { connectorConfig, type ConnectorState } from './connectorConfig';
import { checkHealth } from './healthCheck';
import { createItem } from './operations/createItem';
import { deleteItem } from './operations/deleteItem';
import { getItem } from './operations/getItem';

/** The ${names.displayName} connector plugin (key \`${names.key}\`). TODO: say what it does. */
export const connector = defineConnector({
  key: '${names.key}',
  config: connectorConfig,
  // The header that carries the runtime's idempotency key (drop it, and mark the operations
  // \`idempotent: false\` in connector.json, where the vendor has none) and the vendor's
  // request-id headers, kept on every error.
  http: { idempotencyHeader: 'Idempotency-Key', requestIdHeaders: ['x-request-id'] },
  initialize: async (): Promise<ConnectorState> => undefined,
  operations: {
    get_item: getItem,
    create_item: createItem,
    delete_item: deleteItem,
  },
  healthCheck: checkHealth,
});

export type { ConnectorConfig } from './connectorConfig';
`;
}
