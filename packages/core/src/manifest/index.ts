export {
  manifestSchema,
  manifestObjectSchema,
  manifestOperationSchema,
  manifestOperationAuditEventsSchema,
  manifestConfigFieldSchema,
  manifestMetricSchema,
  manifestDirectTransportSchema,
  manifestSuggestedLimitsSchema,
  type ConnectorManifest,
  type ManifestOperation,
  type ManifestConfigField,
  type ManifestMetric,
  type ManifestDirectTransport,
  type ManifestSuggestedLimits,
} from './manifestSchema';
export {
  validateManifest,
  parseManifestText,
  type ValidateManifestOptions,
  type ManifestValidationResult,
} from './validateManifest';
export { MANIFEST_ISSUE_CODES, type ManifestIssue, type ManifestIssueCode } from './manifestIssues';
export { resolveOperationPolicy, type OperationPolicy } from './operationPolicy';
export {
  MANIFEST_VERSION,
  APPROVAL_POLICIES,
  CLASSIFICATION_ORDER,
  OPERATION_KINDS,
  CONFIG_FIELD_TYPES,
  MANIFEST_METRIC_TYPES,
  RESERVED_METRIC_LABELS,
  NO_COMPENSATION,
  TENANT_HOST_PATTERN,
  DEFAULT_MAX_RESPONSE_BYTES,
  type ApprovalPolicy,
  type DataClassification,
  type OperationKind,
  type ConfigFieldType,
  type ManifestMetricType,
} from './manifestVocabulary';
export { MANIFEST_LIMITS } from './manifestLimits';
export {
  parseAllowedHost,
  parseHostPattern,
  type HostEntry,
  type HostSyntaxProblem,
  type ParsedHost,
} from './hostSyntax';
export {
  renderManifestJsonSchema,
  renderManifestReference,
  MANIFEST_SCHEMA_ID,
} from './manifestArtifacts';
export { printJsonLikePrettier } from './prettierJson';
