import { z } from 'zod';
import {
  approvalParamsSchema,
  approvalsAnswerSchema,
  approvalsQuerySchema,
  approvalViewSchema,
  denyBodySchema,
} from './approvalSchemas';
import {
  approvalRequiredSchema,
  callHeadersSchema,
  callOkSchema,
  callParamsSchema,
  callQuerySchema,
  compensateBodySchema,
  executeBodySchema,
} from './callSchemas';
import { cursorPageQuerySchema, pageQuerySchema } from './pageQuerySchema';
import {
  auditAnswerSchema,
  boardAnswerSchema,
  boardQuerySchema,
  eventsAnswerSchema,
  healthAnswerSchema,
  metricDictionaryAnswerSchema,
  readyAnswerSchema,
} from './readSchemas';
import {
  resolveBodySchema,
  unknownOutcomeViewSchema,
  unknownOutcomesAnswerSchema,
  unknownOutcomesQuerySchema,
} from './unknownOutcomeSchemas';

/** Who may call a route (the host's route scopes): viewers read, operators execute, approvers decide. */
export type ApiPermission = 'read' | 'execute' | 'decide' | 'public';

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** fastify style: `:name` segments. */
  path: string;
  summary: string;
  permission: ApiPermission;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** JSON answers by status; error answers are `apiErrorAnswerSchema` with the registry's status. */
  responses: Record<number, z.ZodType>;
  /** Answers that are not JSON (Prometheus text). */
  contentType?: string;
}

const tenantParams = z.object({ tenant: z.string().min(1) });

/**
 * The host's HTTP API, one entry per route: the schemas the host validates requests with, the
 * types the client is built from, and the source of the OpenAPI document the host serves.
 */
export const HOST_API = {
  executeOperation: {
    method: 'POST',
    path: '/api/v1/tenants/:tenant/connectors/:key/operations/:op',
    summary:
      'Runs an operation through the governance pipeline; 202 when it needs approval (repeat with approval_id once granted).',
    permission: 'execute',
    params: callParamsSchema,
    query: callQuerySchema,
    headers: callHeadersSchema,
    body: executeBodySchema,
    responses: { 200: callOkSchema, 202: approvalRequiredSchema },
  },
  compensateOperation: {
    method: 'POST',
    path: '/api/v1/tenants/:tenant/connectors/:key/operations/:op/compensate',
    summary:
      'Undoes the call made under the Idempotency-Key by running its compensating operation (with its own approval).',
    permission: 'execute',
    params: callParamsSchema,
    query: callQuerySchema,
    headers: callHeadersSchema,
    body: compensateBodySchema,
    responses: { 200: callOkSchema, 202: approvalRequiredSchema },
  },
  listApprovals: {
    method: 'GET',
    path: '/api/v1/tenants/:tenant/approvals',
    summary: "The tenant's approval requests, optionally by status.",
    permission: 'read',
    params: tenantParams,
    query: approvalsQuerySchema,
    responses: { 200: approvalsAnswerSchema },
  },
  getApproval: {
    method: 'GET',
    path: '/api/v1/tenants/:tenant/approvals/:id',
    summary:
      'One approval request, expired when due: what a caller waiting for a decision polls (404 DLX_E_APPROVAL_NOT_FOUND).',
    permission: 'read',
    params: approvalParamsSchema,
    responses: { 200: approvalViewSchema },
  },
  grantApproval: {
    method: 'POST',
    path: '/api/v1/tenants/:tenant/approvals/:id/grant',
    summary: 'Grants a pending request (never by its requester); the grant is single-use.',
    permission: 'decide',
    params: approvalParamsSchema,
    responses: { 200: approvalViewSchema },
  },
  denyApproval: {
    method: 'POST',
    path: '/api/v1/tenants/:tenant/approvals/:id/deny',
    summary: 'Denies a pending request, with a reason.',
    permission: 'decide',
    params: approvalParamsSchema,
    body: denyBodySchema,
    responses: { 200: approvalViewSchema },
  },
  listUnknownOutcomes: {
    method: 'GET',
    path: '/api/v1/tenants/:tenant/unknown-outcomes',
    summary: 'Calls that may have reached the vendor with no known result (default: unresolved).',
    permission: 'read',
    params: tenantParams,
    query: unknownOutcomesQuerySchema,
    responses: { 200: unknownOutcomesAnswerSchema },
  },
  getUnknownOutcome: {
    method: 'GET',
    path: '/api/v1/tenants/:tenant/unknown-outcomes/:id',
    summary:
      'One unknown outcome by the `unknown_outcome_id` a failed call carried, resolved or not.',
    permission: 'read',
    params: approvalParamsSchema,
    responses: { 200: unknownOutcomeViewSchema },
  },
  resolveUnknownOutcome: {
    method: 'POST',
    path: '/api/v1/tenants/:tenant/unknown-outcomes/:id/resolve',
    summary: 'Records what the vendor shows happened (succeeded with its output, or failed).',
    permission: 'decide',
    params: approvalParamsSchema,
    body: resolveBodySchema,
    responses: { 200: unknownOutcomeViewSchema },
  },
  listEvents: {
    method: 'GET',
    path: '/api/v1/tenants/:tenant/events',
    summary: 'Verified inbound webhook events of the tenant, oldest first, after a cursor.',
    permission: 'read',
    params: tenantParams,
    query: cursorPageQuerySchema,
    responses: { 200: eventsAnswerSchema },
  },
  listAudit: {
    method: 'GET',
    path: '/api/v1/tenants/:tenant/audit',
    summary: "The tenant's audit records, oldest first, after a seq.",
    permission: 'read',
    params: tenantParams,
    query: pageQuerySchema,
    responses: { 200: auditAnswerSchema },
  },
  governanceBoard: {
    method: 'GET',
    path: '/api/v1/connectors/governance',
    summary: "The governance board of the token's tenants (`?tenant=` narrows it to one).",
    permission: 'read',
    query: boardQuerySchema,
    responses: { 200: boardAnswerSchema },
  },
  metricDictionary: {
    method: 'GET',
    path: '/api/v1/metric-dictionary',
    summary: "The standard's canonical metrics (docs/metric-dictionary.md).",
    permission: 'read',
    responses: { 200: metricDictionaryAnswerSchema },
  },
  openApi: {
    method: 'GET',
    path: '/api/v1/openapi.json',
    summary: 'This document.',
    permission: 'read',
    responses: { 200: z.record(z.string(), z.unknown()) },
  },
  health: {
    method: 'GET',
    path: '/healthz',
    summary: 'The startup report in short: plugins ready, degraded and rejected.',
    permission: 'read',
    responses: { 200: healthAnswerSchema },
  },
  ready: {
    method: 'GET',
    path: '/readyz',
    summary: '200 while serving; 503 while draining.',
    permission: 'public',
    responses: { 200: readyAnswerSchema },
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus text: runtime metrics and the dictionary metrics computed here.',
    permission: 'read',
    responses: { 200: z.string() },
    contentType: 'text/plain',
  },
} as const satisfies Record<string, ApiRoute>;

export type HostApiOperation = keyof typeof HOST_API;

/** The JSON a route answers with a status, as the host builds it (the schema's input type). */
export type HostApiAnswer<
  Op extends HostApiOperation,
  Status extends keyof (typeof HOST_API)[Op]['responses'],
> = z.input<(typeof HOST_API)[Op]['responses'][Status] & z.ZodType>;

/** The JSON a route answers with a status, as a client reads it (the schema's output type). */
export type HostApiResult<
  Op extends HostApiOperation,
  Status extends keyof (typeof HOST_API)[Op]['responses'],
> = z.output<(typeof HOST_API)[Op]['responses'][Status] & z.ZodType>;

/**
 * Routes the host serves that the API document leaves out on purpose: vendor webhooks (each
 * vendor's own wire format), the board page (HTML), the redirect to it, and sandbox-mode routes.
 */
export const HOST_ROUTES_OUTSIDE_API: ReadonlyArray<{ method: string; path: string; why: string }> =
  [
    { method: 'GET', path: '/webhooks/:tenant/:key', why: "a vendor's webhook handshake" },
    { method: 'POST', path: '/webhooks/:tenant/:key', why: "a vendor's webhook delivery" },
    { method: 'GET', path: '/board', why: 'the board page (HTML)' },
    { method: 'GET', path: '/', why: 'a redirect to /board' },
    { method: 'GET', path: '/api/v1/sandbox', why: 'sandbox mode only' },
    {
      method: 'POST',
      path: '/api/v1/sandbox/connectors/:key/webhooks/:event',
      why: 'sandbox mode only',
    },
  ];
