import { secret, z, type OperationContext } from '@dealix/connector-core';
import { isRsaPrivateKey } from './jwtAssertion';

/** The most records one query may return, whatever a tenant configures. */
export const MAX_RECORDS_CEILING = 50_000;

/**
 * The tenant config, field for field as connector.json declares it. Exactly one way to sign in:
 * `client_secret` (OAuth 2.0 client credentials) or `username` with `private_key` (the JWT
 * bearer flow).
 */
export const salesforceConfig = z
  .object({
    client_id: z.string().min(1),
    client_secret: secret(z.string().min(1)).optional(),
    login_url: z.url({ protocol: /^https?$/ }),
    api_version: z.string().regex(/^v\d{2,3}\.0$/, 'must be a REST API version such as v60.0'),
    username: z.string().min(1).optional(),
    private_key: secret(
      z.string().refine(isRsaPrivateKey, 'must be a PEM-encoded RSA private key'),
    ).optional(),
    jwt_audience: z.url({ protocol: /^https$/ }),
    max_records: z.number().int().min(1).max(MAX_RECORDS_CEILING),
  })
  .superRefine((config, ctx) => {
    const jwt = config.username !== undefined || config.private_key !== undefined;
    if (jwt && config.username === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'is required with private_key (the JWT bearer flow)',
      });
    }
    if (jwt && config.private_key === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['private_key'],
        message: 'is required with username (the JWT bearer flow)',
      });
    }
    if (jwt && config.client_secret !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['client_secret'],
        message: 'must be unset when username and private_key select the JWT bearer flow',
      });
    }
    if (!jwt && config.client_secret === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['client_secret'],
        message: 'is required unless username and private_key select the JWT bearer flow',
      });
    }
  });

export type SalesforceConfig = z.output<typeof salesforceConfig>;

/** The connector keeps no per-tenant state: the runtime's token cache holds the session. */
export type SalesforceState = undefined;

export type SalesforceOperationContext = OperationContext<SalesforceConfig, SalesforceState>;
