// The public surface of @dealix/connector-testkit.
// Core's test entry (connector harness, store contract suites, VirtualClock...), so a connector
// package needs only the testkit for its tests.
export * from '@dealix/connector-core/testing';
export { SimulatorServer, type SimulatorServerOptions } from './http/simulatorServer';
export type {
  Fault,
  FaultKind,
  FaultRule,
  RecordedRequest,
  RouteDef,
  RouteHandler,
  SimRequest,
  SimResponse,
} from './http/types';
export { SideEffectCounters } from './http/sideEffectCounters';
export { withServerHandle, type ServerHandle } from './http/serverHandle';
export { hmacBase64, hmacHex, postWebhook, type WebhookDelivery } from './http/signing';
export type { SignedEventSource } from './http/signedEvents';
export {
  rawHttpRequest,
  type RawHttpRequestOptions,
  type RawHttpResponse,
} from './http/rawHttpRequest';

export {
  createGenericSimulator,
  type GenericSimulator,
  type GenericAuth,
  type GenericRouteDef,
  type GenericSimulatorOptions,
} from './simulators/generic/genericSimulator';
export * from './simulators/stripe/stripeSimulator';
export { STRIPE_METADATA_LIMITS, STRIPE_MINIMUM_CHARGE } from './simulators/stripe/stripeLimits';
export type * from './simulators/stripe/stripeState';
export * from './simulators/whatsapp/whatsAppSimulator';
export { graphError } from './simulators/whatsapp/graphErrors';
export type {
  InboundMessageInput,
  InboundWhatsAppMessage,
  StatusWebhookInput,
  WhatsAppDeliveryStatus,
} from './simulators/whatsapp/whatsAppWebhooks';
export * from './simulators/twilio/twilioSimulator';
export { signTwilioRequest } from './simulators/twilio/twilioSignature';
export type * from './simulators/twilio/twilioCalls';

export { createSmtpSimulator } from './simulators/smtp/smtpSimulator';
export { createTestCertificate, type TestCertificate } from './simulators/smtp/testCertificate';
export type { SmtpSimulator, SmtpSimulatorOptions } from './simulators/smtp/smtpSimulator';
export type { ReceivedMessage } from './simulators/smtp/receivedMessage';
export type {
  SmtpDelayFault,
  SmtpDropAfterDataFault,
  SmtpDropFault,
  SmtpFault,
  SmtpFaultCommand,
  SmtpFaultCode,
  SmtpReplyFault,
} from './simulators/smtp/smtpFaults';
export { createSalesforceSimulator } from './simulators/salesforce/salesforceSimulator';
export type {
  SalesforceSimulator,
  SalesforceSimulatorOptions,
} from './simulators/salesforce/salesforceSimulator';
export type {
  SalesforceFields,
  SalesforceFieldValue,
} from './simulators/salesforce/salesforceRecords';
export { TOKEN_ROUTE_ID as SALESFORCE_TOKEN_ROUTE_ID } from './simulators/salesforce/oauthTokenRoute';
export { JWT_BEARER_GRANT } from './simulators/salesforce/jwtBearerGrant';
export type { JwtBearerSettings } from './simulators/salesforce/jwtBearerGrant';
export { createCalSimulator } from './simulators/cal/calSimulator';
export type {
  CalApiVersions,
  CalSimulator,
  CalSimulatorOptions,
} from './simulators/cal/calSimulator';
export type { CalEventType } from './simulators/cal/calBookings';
export type { WorkingHoursUtc } from './simulators/cal/calSlots';
export {
  CAL_NO_SECRET_SIGNATURE,
  calWebhookBody,
  signCalWebhook,
} from './simulators/cal/calWebhooks';
export { createUnstructuredSimulator } from './simulators/unstructured/unstructuredSimulator';
export type {
  UnstructuredSimulator,
  UnstructuredSimulatorOptions,
} from './simulators/unstructured/unstructuredSimulator';
export type { DocumentElement } from './simulators/unstructured/documentElements';
export { buildMinimalPdf, type MinimalPdfOptions } from './simulators/unstructured/minimalPdf';

export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox/startSandbox';
export { spawnHost, type SpawnHostOptions, type SpawnedHost } from './host/spawnHost';
export {
  SANDBOX_CONNECTOR_KEYS,
  type SandboxConfigs,
  type SandboxConfigValue,
  type SandboxConnectorKey,
} from './sandbox/sandboxConfigs';
export type { SandboxSimulators } from './sandbox/sandboxSimulators';
export {
  SANDBOX_WEBHOOKS,
  describeSandbox,
  triggerSandboxWebhook,
  type SandboxConnectorView,
  type SandboxDelivery,
  type SandboxWebhookSpec,
} from './sandbox/sandboxWebhooks';
export { ConformanceFailure, conformancePlan, runConformance } from './conformance/runConformance';
export { captureConformanceOptions } from './conformance/conformanceCapture';
export {
  CONFORMANCE_TENANT,
  withHarness as withConformanceHarness,
  type Attempt as ConformanceAttempt,
  type CallOptions as ConformanceCallOptions,
  type Harness as ConformanceHarness,
} from './conformance/conformanceHarness';
export {
  CONFORMANCE_CHECK_APPLIES,
  CONFORMANCE_CHECK_TITLES,
  applicableChecks,
  conformanceChecks,
  createConformanceSession,
  type ConformanceCheck,
  type ConformanceCheckName,
} from './conformance/conformanceChecks';
export type {
  ConformanceFault,
  ConformanceOptions,
  ConformanceWebhookDelivery,
  ConformanceWebhooks,
  OperationSample,
  SideEffect,
  SimulatorHandle,
} from './conformance/conformanceOptions';
export type { ConformanceSession, Observation } from './conformance/conformanceSession';
export {
  HTTP_CONFORMANCE_FAULTS,
  httpFaultInjector,
  type HttpFaultTarget,
} from './conformance/httpFaults';
export {
  captureSpans,
  exportedSpanData,
  exportedSpanText,
  type ExportedSpanData,
  type SpanCapture,
} from './tracing/spanCapture';
export { webhookAttacks } from './conformance/webhookAttacks';
export { withWrongSecrets } from './conformance/wrongSecrets';
