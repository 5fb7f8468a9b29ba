import { secret, z, type OperationContext } from '@dealix/connector-core';

/** The tenant config, field for field as connector.json declares it. */
export const whatsAppConfig = z.object({
  access_token: secret(z.string().min(1)),
  app_secret: secret(z.string().min(1)),
  verify_token: secret(z.string().min(1)),
  phone_number_id: z.string().regex(/^\d{1,32}$/, 'must be the numeric id of the phone number'),
  api_version: z.string().regex(/^v\d+\.\d+$/, 'must be a Graph API version such as v21.0'),
  base_url: z.url({ protocol: /^https?$/ }),
});

export type WhatsAppConfig = z.output<typeof whatsAppConfig>;

/** The connector keeps no per-tenant state: every call authenticates with the access token. */
export type WhatsAppState = undefined;

export type WhatsAppOperationContext = OperationContext<WhatsAppConfig, WhatsAppState>;
