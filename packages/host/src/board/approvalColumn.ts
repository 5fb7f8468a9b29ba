import { resolveOperationPolicy, type ConnectorManifest } from '@dealix/connector-core';

export interface ApprovalColumn {
  /** `per_operation` when the connector's operations differ. */
  approval_policy: 'auto' | 'approval_required' | 'per_operation' | 'unknown';
  /** The operations that need a grant before they run (each operation's effective policy). */
  approval_required_operations: string[];
}

/**
 * The board's approval column from each operation's effective policy, not the connector's
 * default: Stripe's default is `auto`, yet its money-moving operations need approval.
 */
export function approvalColumn(manifest: ConnectorManifest | undefined): ApprovalColumn {
  if (manifest === undefined)
    return { approval_policy: 'unknown', approval_required_operations: [] };
  const names = Object.keys(manifest.operations).sort();
  const required = names.filter(
    (op) => resolveOperationPolicy(manifest, op).approval_policy === 'approval_required',
  );
  const policy =
    required.length === 0
      ? 'auto'
      : required.length === names.length
        ? 'approval_required'
        : 'per_operation';
  return { approval_policy: policy, approval_required_operations: required };
}
