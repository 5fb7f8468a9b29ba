import type { ApprovalAudit } from './approvalGate';
import type { AuditRecorder } from './auditRecorder';

/**
 * ApprovalGate's audit hook: one record per request and decision, naming the approval, its
 * status and reason and, for a request, what the approver is shown. `versionOf` names the
 * connector's registered version (a decision may come after the connector went away).
 */
export function auditApprovals(
  audit: AuditRecorder,
  versionOf: (tenant: string, connector: string) => string,
): ApprovalAudit {
  return async (record, event, actor) => {
    await audit.record(
      {
        tenant: record.tenant,
        actor,
        connector_key: record.connector,
        connector_version: versionOf(record.tenant, record.connector),
        operation: record.operation,
        correlation_id: record.correlation_id,
        idempotency_key: null,
        payload_digest: record.payload_digest,
      },
      event,
      event === 'approval_requested' ? 'pending' : 'info',
      {
        approval_id: record.id,
        payload: {
          status: record.status,
          ...(record.reason && { reason: record.reason }),
          // What the approver is shown: the safe fields and the operation's computed preview.
          ...(event === 'approval_requested' && {
            preview: record.payload_preview,
            ...(record.computed_preview !== undefined && {
              computed_preview: record.computed_preview,
            }),
          }),
        },
      },
    );
  };
}
