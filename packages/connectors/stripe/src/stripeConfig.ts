import { secret, z, type OperationContext } from '@dealix/connector-core';

/** The tenant config, field for field as connector.json declares it. */
export const stripeConfig = z.object({
  api_key: secret(z.string().min(1)),
  webhook_secret: secret(z.string().min(1)),
  base_url: z.url({ protocol: /^https?$/ }),
});

export type StripeConfig = z.output<typeof stripeConfig>;

/** The connector keeps no per-tenant state: every call authenticates with the API key. */
export type StripeState = undefined;

export type StripeOperationContext = OperationContext<StripeConfig, StripeState>;
