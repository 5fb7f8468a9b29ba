import {
  defineConnector,
  defineOperation,
  defineVendorErrors,
  pathSegment,
  secret,
  validateManifest,
  vendorRequest,
  z,
  type ConnectorContext,
  type ConnectorManifest,
  type OperationContext,
} from '@dealix/connector-core';
import type { ConnectorHarnessOptions } from '@dealix/connector-core/testing';
import {
  createSalesforceSimulator,
  type SalesforceSimulator,
} from '../../simulators/salesforce/salesforceSimulator';

// A Salesforce-shaped connector written the kit's way, for the kit's own tests: a token source
// (OAuth client credentials), one error table, vendorRequest for every call.
const config = z.object({
  login_url: z.url(),
  client_id: z.string().min(1),
  client_secret: secret(z.string().min(1)),
});
type Config = z.output<typeof config>;
type Ctx = OperationContext<Config, undefined>;

/** Salesforce errors are a JSON array of { errorCode, message, fields? }. */
export const crmErrors = defineVendorErrors({
  vendor: 'Salesforce',
  read: (body) => {
    const parsed = z
      .array(z.object({ errorCode: z.string() }))
      .min(1)
      .safeParse(body);
    return parsed.success ? { code: parsed.data[0]!.errorCode } : undefined;
  },
  rules: [
    { code: 'INVALID_SESSION_ID', to: 'DLX_E_VENDOR_AUTH' },
    { code: 'REQUEST_LIMIT_EXCEEDED', to: 'DLX_E_VENDOR_RATE_LIMITED' },
    { code: ['NOT_FOUND', 'ENTITY_IS_DELETED'], to: 'DLX_E_VENDOR_PERMANENT' },
  ],
});

const SESSION_MS = 2 * 3_600_000;

async function fetchToken(ctx: ConnectorContext<Config>) {
  const answer = await vendorRequest(ctx, {
    method: 'POST',
    url: `${ctx.config.login_url}/services/oauth2/token`,
    form: {
      grant_type: 'client_credentials',
      client_id: ctx.config.client_id,
      client_secret: ctx.config.client_secret,
    },
    schema: z.object({ access_token: z.string(), instance_url: z.url() }),
    errors: crmErrors,
  });
  return {
    token: answer.access_token,
    // Client-credentials tokens carry no expiry: Salesforce ends the session after its timeout.
    expiresAt: ctx.clock.now() + SESSION_MS,
    extra: { instance_url: answer.instance_url },
  };
}

/** `Sforce-Limit-Info: api-usage=18/5000`: the org's API use, on every REST answer. */
const LIMIT_INFO = /(?:^|;\s*)([\w-]+)=(\d+)\/(\d+)/g;

async function rest<S extends z.ZodType>(ctx: ConnectorContext<Config>, path: string, schema: S) {
  const { token, extra } = await ctx.token();
  return vendorRequest(ctx, {
    url: `${extra!.instance_url}/services/data/v60.0${path}`,
    headers: { authorization: `Bearer ${token}` },
    schema,
    errors: crmErrors,
    onResponse: (response) => {
      for (const [, limit, used, max] of (response.headers['sforce-limit-info'] ?? '').matchAll(
        LIMIT_INFO,
      )) {
        ctx.metrics.set('crm_api_requests_used', Number(used), { limit: limit! });
        ctx.metrics.set('crm_api_requests_limit', Number(max), { limit: limit! });
      }
    },
  });
}

export const crmConnector = defineConnector({
  key: 'crm',
  config,
  token: { fetch: fetchToken },
  operations: {
    get_lead: defineOperation({
      input: z.object({ id: z.string() }),
      output: z.object({ Id: z.string(), LastName: z.string() }),
      run: (input, ctx: Ctx) =>
        rest(
          ctx,
          `/sobjects/Lead/${pathSegment(input.id)}`,
          z.object({ Id: z.string(), LastName: z.string() }).loose(),
        ),
    }),
    // A careless operation: it hands the token back. Audit records must not show it.
    leak_token: defineOperation({
      input: z.object({}),
      output: z.object({ token: z.string() }),
      run: async (_input, ctx: Ctx) => ({ token: (await ctx.token()).token }),
    }),
  },
  // An auth error thrown here gets the runtime's refresh-once, as an operation's does.
  healthCheck: async (ctx) => {
    await rest(ctx, '/limits', z.object({ DailyApiRequests: z.object({ Max: z.number() }) }));
    return { status: 'ok' };
  },
});

export const crmManifest = ((): ConnectorManifest => {
  const result = validateManifest({
    manifest_version: 1,
    connector_key: 'crm',
    display_name: 'CRM (test)',
    display_name_ar: 'إدارة العملاء',
    contract_url: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/',
    owners: ['platform-team'],
    approval_policy: 'auto',
    data_classification: 'confidential',
    idempotent: true,
    retry_max: 1,
    retry_backoff_ms: [100],
    timeout_ms: 10_000,
    audit_events: ['lead_read', 'lead_read_failed', 'token_leaked', 'token_leak_failed'],
    metrics: [
      { name: 'crm_api_requests_used', type: 'gauge', unit: 'requests', labels: ['limit'] },
      { name: 'crm_api_requests_limit', type: 'gauge', unit: 'requests', labels: ['limit'] },
    ],
    allowed_hosts: ['${config.login_url}'],
    operations: {
      get_lead: {
        kind: 'read',
        description: 'Reads a lead.',
        audit_events: { success: 'lead_read', failure: 'lead_read_failed' },
      },
      leak_token: {
        kind: 'read',
        description: 'Returns the token (a test of secret scrubbing).',
        vendor_call: false,
        audit_events: { success: 'token_leaked', failure: 'token_leak_failed' },
      },
    },
    config: {
      login_url: {
        type: 'url',
        required: true,
        description: 'My Domain URL.',
        host_pattern: '*.my.salesforce.com',
      },
      client_id: { type: 'string', required: true, description: 'Consumer key.' },
      client_secret: { type: 'secret', required: true, description: 'Consumer secret.' },
    },
  });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.manifest;
})();

/** The crm connector against a fresh Salesforce simulator. */
export function crmHarness(
  overrides: Partial<ConnectorHarnessOptions<SalesforceSimulator>> = {},
): ConnectorHarnessOptions<SalesforceSimulator> {
  return {
    plugin: crmConnector,
    manifest: crmManifest,
    startSimulator: async () => {
      const sim = createSalesforceSimulator({ clientSecret: 'sf_KIT_client_secret_0099' });
      await sim.start();
      return {
        simulator: sim,
        config: {
          login_url: sim.baseUrl,
          client_id: sim.clientId,
          client_secret: sim.clientSecret,
        },
        stop: () => sim.stop(),
      };
    },
    ...overrides,
  };
}
