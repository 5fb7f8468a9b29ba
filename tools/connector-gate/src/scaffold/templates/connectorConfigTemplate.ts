/** src/connectorConfig.ts: the zod config (secret fields marked) and the context types. */
export function connectorConfigTemplate(): string {
  return `import { secret, z, type OperationContext } from '@dealix/connector-core';

/** The tenant config, field for field as connector.json declares it. */
export const connectorConfig = z.object({
  api_key: secret(z.string().min(1)),
  base_url: z.url({ protocol: /^https?$/ }),
});

export type ConnectorConfig = z.output<typeof connectorConfig>;

/** The connector keeps no per-tenant state: every call authenticates with the API key. */
export type ConnectorState = undefined;

export type ConnectorOperationContext = OperationContext<ConnectorConfig, ConnectorState>;
`;
}
