// `@dealix/connector-core/api`: the host API's schemas alone (zod and core's error registry),
// for clients that need no runtime. Also exported from the main entry.
export * from './apiErrorSchema';
export * from './callSchemas';
export * from './approvalSchemas';
export * from './unknownOutcomeSchemas';
export { DECISION_TEXT_MAX, decisionTextSchema } from '../runtime/decisionText';
export * from './pageQuerySchema';
export * from './readSchemas';
export * from './hostApiRoutes';
export * from './hostApiOpenApi';
export { DlxError, hasErrorCode, isDlxError, reviveDlxError } from '../errors/dlxError';
export type { DlxErrorOptions, SerializedDlxError } from '../errors/dlxError';
export { ERROR_REGISTRY, type ErrorCode } from '../errors/registry';
export { ERROR_KINDS, type ErrorKind } from '../errors/errorKinds';
// Time for clients that wait (Retry-After, approval decisions); tests inject a VirtualClock.
export { systemClock } from '../runtime/clock';
export type { Clock } from '../contract/types';
