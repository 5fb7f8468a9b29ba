import {
  resolveOperationPolicy,
  type ConnectorManifest,
  type OperationPolicy,
} from '@dealix/connector-core';

export interface VendorOperation {
  name: string;
  policy: OperationPolicy;
}

/** The operations that call the vendor (every one but those marked `vendor_call: false`). */
export function vendorOperations(manifest: ConnectorManifest): VendorOperation[] {
  return Object.keys(manifest.operations)
    .map((name) => ({ name, policy: resolveOperationPolicy(manifest, name) }))
    .filter(({ policy }) => policy.vendor_call);
}

/** Whether the runtime may send an operation again after a failure that reached the vendor. */
export function mayRetry(policy: OperationPolicy): boolean {
  return policy.retry_max >= 1 && policy.idempotent;
}

/** The failed attempts the audit trail recorded, with the error and the wait that followed. */
export interface FailedAttempt {
  code: string;
  kind: string;
  retryAfterMs: number | undefined;
  nextWaitMs: number | undefined;
}

export function failedAttempts(
  records: readonly { event: string; payload: unknown }[],
): FailedAttempt[] {
  return records
    .filter((record) => record.event === 'attempt_failed')
    .map((record) => {
      const payload = record.payload as {
        error?: { code?: string; kind?: string; retry_after_ms?: number };
        next_wait_ms?: number;
      };
      return {
        code: payload.error?.code ?? '(none)',
        kind: payload.error?.kind ?? '(none)',
        retryAfterMs: payload.error?.retry_after_ms,
        nextWaitMs: payload.next_wait_ms,
      };
    });
}
