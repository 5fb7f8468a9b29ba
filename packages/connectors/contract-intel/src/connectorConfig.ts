import { secret, z, type OperationContext } from '@dealix/connector-core';

/** The tenant config, field for field as connector.json declares it. */
export const connectorConfig = z.object({
  api_key: secret(z.string().min(1)),
  base_url: z.url({ protocol: /^https?$/ }),
});

export type ContractIntelConfig = z.output<typeof connectorConfig>;

/** The connector keeps no per-tenant state: every call authenticates with the API key. */
export type ContractIntelState = undefined;

export type ContractIntelContext = OperationContext<ContractIntelConfig, ContractIntelState>;
