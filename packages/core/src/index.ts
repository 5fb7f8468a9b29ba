// The public surface of @dealix/connector-core, on purpose: everything else is internal.
export { z } from 'zod';
export * from './errors/errorKinds';
export * from './errors/registry';
export * from './errors/dlxError';
export * from './contract/types';
export * from './contract/defineConnector';
export * from './contract/fieldMarks';
export * from './contract/checkPluginAgainstManifest';
export * from './contract/operationSchemas';
export * from './manifest';
export * from './digest';
export * from './audit';
export * from './http';
export * from './secrets';
export * from './protection';
export * from './kit';
export * from './tracing';
export type * from './stores/auditStore';
export type * from './stores/idempotencyStore';
export type * from './stores/approvalStore';
export type * from './stores/syncStateStore';
export type * from './stores/eventOutboxStore';
export type * from './stores/callLinkStore';
export type * from './stores/stores';
export * from './stores/memory';
export * from './stores/outboxCursor';
export * from './metrics/metricRegistration';
export * from './metrics/connectorMetrics';
export { declaredMetrics, type ConnectorMetricsRecorder } from './metrics/declaredMetrics';
export * from './metrics/metricsReference';
export {
  CANONICAL_METRICS,
  METRIC_DICTIONARY,
  METRIC_DICTIONARY_FILE,
  findDictionaryMetric,
  dictionaryShape,
} from './metrics/metricDictionary';
export {
  STANDARD_METRIC_NAMES,
  metricDefinitionSchema,
  metricDictionarySchema,
  parseMetricDictionary,
  type MetricDictionary,
  type MetricDictionaryEntry,
} from './metrics/metricDictionarySchema';
export {
  renderMetricDictionaryPage,
  metricDictionaryFieldText,
  METRIC_DICTIONARY_PAGE_FIELDS,
} from './metrics/metricDictionaryPage';
export * from './metrics/metricShape';
export * from './errors/errorsReference';
export * from './runtime/clock';
export * from './runtime/recordingLogger';
export * from './runtime/circuitBreaker';
export * from './runtime/retryDecision';
export { isCorrelationId } from './runtime/correlationId';
export * from './runtime/boardStatus';
export {
  DEFAULT_CONNECTOR_LIMITS,
  type ConnectorLimits,
  type ConnectorLimitSettings,
} from './runtime/connectorLimits';
export type { CallLimiter, SlotBounds } from './runtime/callLimiter';
export type { ConnectorKit } from './runtime/connectorKit';
export type { BoardRow } from './runtime/healthBoard';
export type { CallRequest, CallResult } from './runtime/executePipeline';
export type { RegisterRequest } from './runtime/registerConnector';
export type { RegisteredConnector, ProbeState } from './runtime/registeredConnector';
export type { OperationRuntimes } from './runtime/operationRuntime';
export type { WebhookReceipt } from './runtime/webhookReceiver';
export type { ApprovalSettings } from './runtime/approvalGate';
export type {
  OperationLookup,
  ResolutionRequest,
  ResolvableOperation,
  UnknownOutcomeView,
} from './runtime/unknownOutcomeDesk';
export { UNKNOWN_OUTCOME_RESOLVED_EVENT, UnknownOutcomeDesk } from './runtime/unknownOutcomeDesk';
export { CALL_REFUSED_EVENT } from './runtime/refusals';
export { CALL_OUTCOME_UNKNOWN_EVENT } from './runtime/unknownOutcome';
export * from './runtime/governanceRuntime';
export * from './loader';
export * from './api';
export * from './coreVersion';
