import type { Clock } from '../contract/types';
import type { DataProtection } from '../protection/dataProtection';
import type { CallFacts } from './auditRecorder';
import type { Settle } from './idempotencyGate';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import type { SyncStateStore } from '../stores/syncStateStore';
import type { ApprovalGate } from './approvalGate';
import type { AuditRecorder } from './auditRecorder';
import type { IdempotencyGate } from './idempotencyGate';

export interface CallRequest {
  input: unknown;
  /** The principal: an API token's name. */
  actor: string;
  idempotencyKey?: string;
  approvalId?: string;
  correlationId?: string;
  signal?: AbortSignal;
}

export type CallResult =
  | {
      status: 'ok';
      output: unknown;
      replayed: boolean;
      attempts: number;
      correlation_id: string;
      /** The key the call ran under: the caller's, or one made for an idempotent write. */
      idempotency_key: string | null;
      vendor_request_id: string | null;
    }
  | {
      status: 'approval_required';
      approval_id: string;
      expires_at: string;
      correlation_id: string;
      /** The key to repeat the call with once granted (the caller's, or one made for it). */
      idempotency_key: string | null;
    };

export interface PipelineDeps {
  clock: Clock;
  audit: AuditRecorder;
  idempotency: IdempotencyGate;
  approvals: ApprovalGate;
  syncState: SyncStateStore;
  /** Upper bound on a vendor-requested wait (Retry-After and equivalents). */
  maxVendorWaitMs: number;
  /** Added to deadline_ms to form the idempotency lease. */
  leaseMarginMs: number;
  /** Seals restricted results at rest and opens them on replay. */
  protection: DataProtection;
  /** Whether an attempt may run directly when nothing is going on (callAttempts.ts). */
  directAttempts: boolean;
}

/** One call as the steps after the vendor see it (success, failure, unknown outcome). */
export interface CallState {
  rc: RegisteredConnector;
  op: OperationRuntime;
  facts: CallFacts;
  deps: PipelineDeps;
  /** The key's settlement; undefined for a read (nothing is de-duplicated). */
  settle: Settle<CallResult> | undefined;
  approvalId: string | null;
}
