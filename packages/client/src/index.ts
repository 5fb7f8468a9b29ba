// The public surface of @dealix/connector-client.
export { DealixClient, type DealixClientOptions } from './dealixClient';
export { TenantClient, type EventPageOptions, type PageOptions } from './tenantClient';
export type {
  ApprovalRoundTrip,
  CallAnswer,
  CallDone,
  CallOptions,
  CompensateOptions,
  CompensateWithApprovalOptions,
  ExecuteWithApprovalOptions,
} from './callTypes';
export { DEFAULT_APPROVAL_WAIT, type ApprovalWaitOptions } from './approvalWait';
export {
  DEFAULT_RETRY,
  REFUSED_BEFORE_RUNNING,
  parseRetryAfter,
  type RetryOptions,
} from './retryPolicy';
export { unknownOutcomeOf, type UnknownOutcomeRef } from './unknownOutcomeOf';
export type { HostAnswer } from './hostTransport';
// Errors are core's: recognise them by code.
export {
  DlxError,
  hasErrorCode,
  isDlxError,
  type ErrorCode,
  type ApprovalRequired,
  type ApprovalView,
  type BoardAnswer,
  type EventsAnswer,
  type OutboxEventView,
  type AuditAnswer,
  type UnknownOutcome,
  type ResolveBody,
} from '@dealix/connector-core/api';
