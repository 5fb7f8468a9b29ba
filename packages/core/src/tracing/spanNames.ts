/**
 * The span attribute and event names core records (docs/architecture.md, "Traces"). Binding:
 * dashboards and queries name them. Values are identifiers, counts and codes only: never a
 * payload value, a secret or an idempotency key in clear.
 */
export const SPAN_ATTRIBUTES = {
  tenant: 'dealix.tenant',
  connector: 'dealix.connector',
  connectorVersion: 'dealix.connector.version',
  operation: 'dealix.operation',
  callKind: 'dealix.call.kind',
  compensates: 'dealix.compensates',
  correlationId: 'dealix.correlation_id',
  outcome: 'dealix.outcome',
  attempts: 'dealix.attempts',
  attempt: 'dealix.attempt',
  replayed: 'dealix.replayed',
  approvalId: 'dealix.approval_id',
  approvalWaitedMs: 'dealix.approval.waited_ms',
  approvalExpiresAt: 'dealix.approval.expires_at',
  errorCode: 'dealix.error.code',
  retryable: 'dealix.retryable',
  mayHaveReachedVendor: 'dealix.may_have_reached_vendor',
  vendorRequestId: 'dealix.vendor_request_id',
  idempotencyKeyDigest: 'dealix.idempotency_key.sha256',
  waitMs: 'dealix.wait_ms',
  waitReason: 'dealix.wait.reason',
  retryAfterMs: 'dealix.retry_after_ms',
  transportLibrary: 'dealix.transport.library',
  eventType: 'dealix.event.type',
  webhookOutcome: 'dealix.webhook.outcome',
  webhookAccepted: 'dealix.webhook.accepted',
  webhookDuplicates: 'dealix.webhook.duplicates',
  // OpenTelemetry semantic conventions.
  errorType: 'error.type',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  httpResendCount: 'http.request.resend_count',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  urlScheme: 'url.scheme',
  networkTransport: 'network.transport',
} as const;

/** Span events: the waits of a call and the approval it waited for. */
export const SPAN_EVENTS = {
  backoff: 'backoff',
  retryAfter: 'retry_after',
  limiterSlot: 'limiter_slot',
  approvalPending: 'approval_pending',
  approvalGranted: 'approval_granted',
  connected: 'connected',
  webhookEvent: 'webhook_event',
} as const;

/** dealix.outcome of a call span. */
export type CallSpanOutcome =
  'success' | 'replayed' | 'approval_required' | 'failure' | 'outcome_unknown';
