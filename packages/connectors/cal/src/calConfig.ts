import { secret, z, type OperationContext } from '@dealix/connector-core';

/** The tenant config, field for field as connector.json declares it. */
export const calConfig = z.object({
  api_key: secret(
    z.string().regex(/^cal_/, 'must be a Cal.com API key (cal_live_... or cal_test_...)'),
  ),
  webhook_secret: secret(z.string().min(1)),
  base_url: z.url({ protocol: /^https?$/ }),
});

export type CalConfig = z.output<typeof calConfig>;

/** The connector keeps no per-tenant state: every call authenticates with the API key. */
export type CalState = undefined;

export type CalOperationContext = OperationContext<CalConfig, CalState>;
