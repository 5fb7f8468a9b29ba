import { withServerHandle, type ServerHandle } from '../../http/serverHandle';
import { SimulatorServer } from '../../http/simulatorServer';
import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { SimRequest, SimResponse } from '../../http/types';
import type { JwtBearerSettings } from './jwtBearerGrant';
import { createOAuthTokenRoute, TOKEN_ROUTE_ID } from './oauthTokenRoute';
import { createQueryRoutes, QueryCursors } from './queryRoutes';
import { checkApiVersion, parseRecordBody, recordJson } from './salesforceContext';
import type { SalesforceContext } from './salesforceContext';
import { invalidSession, salesforceError, salesforceStatusError } from './salesforceErrors';
import { SalesforceRecordStore } from './salesforceRecords';
import type { SalesforceFields } from './salesforceRecords';
import { SalesforceTokenRegistry } from './salesforceTokens';
import { createSobjectRoutes } from './sobjectRoutes';

export interface SalesforceSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** Newest API version the org serves (default 'v60.0'); newer versions are 404 NOT_FOUND. */
  apiVersion?: string;
  /** Tokens stop working this long after issue (default: never, until expireTokens()). */
  tokenTtlMs?: number;
  /** Records per query batch before nextRecordsUrl paging (Salesforce: up to 2000). */
  queryBatchSize?: number;
  /** Status of an upsert that updated a record: 200 with a body (API v46+, default) or 204. */
  upsertUpdateStatus?: 200 | 204;
  /** The org's sObjects and the fields each requires on create (default: standard objects). */
  requiredFields?: Record<string, string[]>;
  /** Fields whose values must be unique per sObject (DUPLICATE_VALUE otherwise; default none). */
  uniqueFields?: Record<string, string[]>;
  /** Enables the JWT bearer grant: the connected app's public key and the user it acts as. */
  jwt?: JwtBearerSettings;
  /** Daily API request limit shown in Sforce-Limit-Info; beyond it REST calls get 403. */
  apiDailyLimit?: number;
  /** Seed of probability faults. */
  seed?: number;
}

export interface SalesforceSimulator extends ServerHandle {
  /** The underlying server: recorded requests, control API, everything SimulatorServer offers. */
  /** Also the `instance_url` of issued tokens. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiVersion: string;
  /** `records_created`, `records_updated`, `records_deleted`, `tokens_issued`. */
  readonly counters: SideEffectCounters;
  /** REST calls counted so far (the N of `api-usage=N/limit`). */
  readonly apiUsage: number;
  /** Drops records, tokens, cursors, API usage, recordings, counters and faults. */
  /** Every token issued so far answers 401 INVALID_SESSION_ID from now on. */
  expireTokens(): void;
  /** A valid token without the OAuth round trip (not counted as `tokens_issued`). */
  issueToken(): string;
  /** Inserts a record directly (no counter) and returns its Id. */
  seedRecord(sobject: string, fields: SalesforceFields): string;
  /** Live records of one sObject as GET would return them. */
  records(sobject: string): Record<string, unknown>[];
}

const DEFAULT_REQUIRED_FIELDS: Record<string, string[]> = {
  Lead: ['LastName', 'Company'],
  Contact: ['LastName'],
  Account: ['Name'],
  Opportunity: ['Name', 'StageName', 'CloseDate'],
  Case: [],
  Task: [],
};
const ORG_ID = '00DSIM0000000001';
const USER_ID = '005SIM0000000001';
const REST_PREFIX = '/services/data/';

/**
 * Salesforce REST + OAuth (client credentials, and the JWT bearer grant when `jwt` is given), as
 * a connector on `*.my.salesforce.com` sees it.
 */
export function createSalesforceSimulator(
  options: SalesforceSimulatorOptions = {},
): SalesforceSimulator {
  const clientId = options.clientId ?? 'sim-client-id';
  const clientSecret = options.clientSecret ?? 'sim-client-secret';
  const apiDailyLimit = options.apiDailyLimit ?? 5000;
  const store = new SalesforceRecordStore();
  const tokens = new SalesforceTokenRegistry(ORG_ID, options.tokenTtlMs);
  const cursors = new QueryCursors();
  let apiUsage = 0;
  const ctx: SalesforceContext = {
    store,
    counters: () => server.counters,
    requiredFields: options.requiredFields ?? DEFAULT_REQUIRED_FIELDS,
    uniqueFields: options.uniqueFields ?? {},
    apiVersion: options.apiVersion ?? 'v60.0',
    queryBatchSize: options.queryBatchSize ?? 2000,
    upsertUpdateStatus: options.upsertUpdateStatus ?? 200,
  };

  const authenticate = (req: SimRequest): SimResponse | null => {
    if (req.routeId === TOKEN_ROUTE_ID) return null;
    // Salesforce accepts the older "OAuth <token>" scheme as well as Bearer.
    const presented = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (presented === undefined || tokens.state(presented, Date.now()) !== 'valid') {
      return invalidSession();
    }
    if (apiUsage > apiDailyLimit) {
      return salesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    return null;
  };

  const server: SimulatorServer = new SimulatorServer({
    name: 'salesforce',
    seed: options.seed,
    routes: [
      createOAuthTokenRoute({
        clientId,
        clientSecret,
        orgId: ORG_ID,
        userId: USER_ID,
        tokens,
        counters: () => server.counters,
        baseUrl: () => server.baseUrl,
        ...(options.jwt !== undefined && { jwt: options.jwt }),
      }),
      ...createSobjectRoutes(ctx),
      ...createQueryRoutes(ctx, cursors),
      {
        id: 'salesforce.limits',
        method: 'GET',
        path: '/services/data/:version/limits',
        handler: (req) =>
          checkApiVersion(ctx, req.params.version) ?? {
            status: 200,
            body: {
              DailyApiRequests: {
                Max: apiDailyLimit,
                Remaining: Math.max(0, apiDailyLimit - apiUsage),
              },
            },
          },
      },
    ],
    // Sandbox mode drives the simulator over HTTP, so the test helpers exist there as well.
    controlRoutes: [
      {
        id: '__sim.salesforce.expireTokens',
        method: 'POST',
        path: '/__sim/expire-tokens',
        handler: () => {
          tokens.expireAll();
          return { status: 204 };
        },
      },
      {
        id: '__sim.salesforce.seed',
        method: 'POST',
        path: '/__sim/records/:sobject',
        handler: (req) => {
          const parsed = parseRecordBody(req);
          if (!parsed.ok) return parsed.response;
          return {
            status: 201,
            body: { id: store.insert(req.params.sobject ?? '', parsed.fields).Id },
          };
        },
      },
    ],
    authenticate,
    expiredTokenResponse: invalidSession,
    errorResponse: (status) => salesforceStatusError(status),
    // Every REST call counts against the org's daily limit, and every REST answer reports it.
    responseHeaders: (req): Record<string, string> => {
      if (!req.path.startsWith(REST_PREFIX)) return {};
      apiUsage += 1;
      return { 'Sforce-Limit-Info': `api-usage=${apiUsage}/${apiDailyLimit}` };
    },
    onReset: () => {
      store.clear();
      tokens.clear();
      cursors.clear();
      apiUsage = 0;
    },
  });

  return withServerHandle<Omit<SalesforceSimulator, keyof ServerHandle>>(server, {
    clientId,
    clientSecret,
    apiVersion: ctx.apiVersion,
    get apiUsage() {
      return apiUsage;
    },
    expireTokens: () => tokens.expireAll(),
    issueToken: () => tokens.issue(Date.now()),
    seedRecord: (sobject, fields) => store.insert(sobject, fields).Id,
    records: (sobject) => store.list(sobject).map((record) => recordJson(ctx.apiVersion, record)),
  });
}
