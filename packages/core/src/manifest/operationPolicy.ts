import { DlxError } from '../errors/dlxError';
import type { ConnectorManifest, ManifestOperation } from './manifestSchema';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  NO_COMPENSATION,
  type ApprovalPolicy,
  type DataClassification,
  type OperationKind,
} from './manifestVocabulary';

/** What the runtime enforces for one operation: its own fields over the connector defaults. */
export interface OperationPolicy {
  kind: OperationKind;
  approval_policy: ApprovalPolicy;
  data_classification: DataClassification;
  idempotent: boolean;
  timeout_ms: number;
  retry_max: number;
  retry_backoff_ms: number[];
  /** Declared, else (retry_max + 1) x timeout_ms + the sum of the backoffs. */
  deadline_ms: number;
  audit_events: { success: string; failure: string };
  /** The compensating write operation, or "none". */
  compensation: string;
  /** Largest response body ctx.http reads for this operation. */
  max_response_bytes: number;
  /** False when the operation never calls the vendor. */
  vendor_call: boolean;
}

/** The effective policy of a declared operation of a validated manifest. */
export function resolveOperationPolicy(
  manifest: ConnectorManifest,
  operationName: string,
): OperationPolicy {
  if (!Object.hasOwn(manifest.operations, operationName)) {
    throw new DlxError(
      'DLX_E_RUNTIME_UNKNOWN_OPERATION',
      `connector "${manifest.connector_key}" has no operation "${operationName}"`,
      { details: { connector: manifest.connector_key, operation: operationName } },
    );
  }
  const op: ManifestOperation = manifest.operations[operationName]!;
  const timeoutMs = op.timeout_ms ?? manifest.timeout_ms;
  const retryMax = op.retry_max ?? manifest.retry_max;
  const backoffs = [...(op.retry_backoff_ms ?? manifest.retry_backoff_ms)];
  const deadlineMs =
    op.deadline_ms ??
    manifest.deadline_ms ??
    (retryMax + 1) * timeoutMs + backoffs.reduce((sum, ms) => sum + ms, 0);
  return {
    kind: op.kind,
    approval_policy: op.approval_policy ?? manifest.approval_policy,
    data_classification: op.data_classification ?? manifest.data_classification,
    idempotent: op.idempotent ?? manifest.idempotent,
    timeout_ms: timeoutMs,
    retry_max: retryMax,
    retry_backoff_ms: backoffs,
    deadline_ms: deadlineMs,
    audit_events: { ...op.audit_events },
    compensation: op.compensation ?? NO_COMPENSATION,
    max_response_bytes:
      op.max_response_bytes ?? manifest.max_response_bytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    vendor_call: op.vendor_call ?? true,
  };
}
