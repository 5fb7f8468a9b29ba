import { randomUUID } from 'node:crypto';
import type { Clock } from '../contract/types';
import { DlxError } from '../errors/dlxError';
import type { DataClassification } from '../manifest';
import { DataProtection } from '../protection/dataProtection';
import type { ApprovalRecord, ApprovalStore } from '../stores/approvalStore';
import { checkDecisionText } from './decisionText';

export interface ApprovalSettings {
  /** How long a request may wait for a decision. */
  requestTtlMs: number;
  /** How long a grant may wait to be used. */
  grantTtlMs: number;
}

export interface ApprovalBinding {
  tenant: string;
  connector: string;
  operation: string;
  payloadDigest: string;
  /**
   * The key of the requesting call: the caller's Idempotency-Key, or the one made for an
   * idempotent write without one (echoed in its answer). A request keeps it; a use must match it.
   */
  callerKey?: string;
}

/** An audit hook: the gate reports every decision with its actor. */
export type ApprovalAudit = (
  record: ApprovalRecord,
  event:
    | 'approval_requested'
    | 'approval_granted'
    | 'approval_denied'
    | 'approval_expired'
    | 'approval_used',
  actor: string,
) => Promise<void>;

/**
 * Pipeline step 3 and the approval API: requests, decisions by a principal other than the
 * requester, expiry, and single-use grants bound to tenant, connector, operation and payload.
 * The store only does compare-and-set; every rule is here.
 */
export class ApprovalGate {
  constructor(
    private readonly store: ApprovalStore,
    private readonly clock: Clock,
    private readonly settings: ApprovalSettings,
    private readonly audit: ApprovalAudit,
    /** Seals the previews of restricted operations at rest; opens them for approvers. */
    private readonly protection: DataProtection = new DataProtection(undefined),
  ) {}

  async request(
    binding: ApprovalBinding,
    requestedBy: string,
    preview: unknown,
    correlationId: string,
    classification: DataClassification = 'internal',
    computed?: Record<string, unknown>,
  ): Promise<ApprovalRecord> {
    const now = this.clock.now();
    const id = `apr_${randomUUID().replace(/-/g, '')}`;
    const record: ApprovalRecord = {
      id,
      tenant: binding.tenant,
      connector: binding.connector,
      operation: binding.operation,
      payload_digest: binding.payloadDigest,
      payload_preview: this.protection.seal(preview, classification, placeOf(binding, id)),
      ...(computed !== undefined && {
        computed_preview: this.protection.seal(
          computed,
          classification,
          placeOf(binding, id, 'computed'),
        ),
      }),
      requested_by: requestedBy,
      ...(binding.callerKey !== undefined && { requested_key: binding.callerKey }),
      requested_at: now,
      expires_at: now + this.settings.requestTtlMs,
      status: 'pending',
      correlation_id: correlationId,
    };
    await this.store.create(record);
    const opened = {
      ...record,
      payload_preview: preview,
      ...(computed !== undefined && { computed_preview: computed }),
    };
    await this.audit(opened, 'approval_requested', requestedBy);
    return opened;
  }

  async list(tenant: string, status?: ApprovalRecord['status']): Promise<ApprovalRecord[]> {
    const records = await this.store.list(tenant, status ? { status } : undefined);
    const now = this.clock.now();
    const out: ApprovalRecord[] = [];
    for (const r of records) out.push(this.opened(await this.expireIfDue(r, now)));
    return status ? out.filter((r) => r.status === status) : out;
  }

  async get(tenant: string, id: string): Promise<ApprovalRecord> {
    const record = await this.store.get(tenant, id);
    if (!record) {
      throw new DlxError('DLX_E_APPROVAL_NOT_FOUND', `no approval "${id}" for tenant "${tenant}"`, {
        details: { approval_id: id },
      });
    }
    return this.opened(await this.expireIfDue(record, this.clock.now()));
  }

  /** The record with its preview opened for the approver (sealed at rest when restricted). */
  private opened(record: ApprovalRecord): ApprovalRecord {
    const preview = this.protection.open(record.payload_preview, placeOf(record, record.id));
    const computed =
      record.computed_preview === undefined
        ? undefined
        : this.protection.open(record.computed_preview, placeOf(record, record.id, 'computed'));
    if (preview === record.payload_preview && computed === record.computed_preview) return record;
    return {
      ...record,
      payload_preview: preview,
      ...(computed !== undefined && { computed_preview: computed }),
    };
  }

  async grant(tenant: string, id: string, actor: string): Promise<ApprovalRecord> {
    return this.decide(tenant, id, actor, 'granted');
  }

  async deny(tenant: string, id: string, actor: string, reason: string): Promise<ApprovalRecord> {
    const checked = checkDecisionText('reason', reason);
    if ('problem' in checked) {
      throw new DlxError(
        'DLX_E_RUNTIME_INPUT_INVALID',
        `denying approval "${id}": ${checked.problem}`,
        {
          details: { approval_id: id, field: 'reason' },
        },
      );
    }
    return this.decide(tenant, id, actor, 'denied', checked.text);
  }

  /**
   * Uses a grant for one call: checks binding and state, then marks it used by the call's
   * idempotency key. The same key may use it again (its earlier call never reached a known
   * vendor outcome: the idempotency gate replays every known one before this step).
   */
  async consume(
    id: string,
    binding: ApprovalBinding,
    actor: string,
    key?: string,
  ): Promise<ApprovalRecord> {
    const record = await this.get(binding.tenant, id);
    const mismatch = (['connector', 'operation'] as const).find((f) => record[f] !== binding[f]);
    if (mismatch || record.payload_digest !== binding.payloadDigest) {
      throw new DlxError(
        'DLX_E_APPROVAL_MISMATCH',
        `approval "${id}" was granted for ${record.connector}.${record.operation} with another ` +
          `payload than this call (${binding.connector}.${binding.operation}); request a new approval`,
        { details: { approval_id: id } },
      );
    }
    if (record.requested_key !== undefined && binding.callerKey !== record.requested_key) {
      throw new DlxError(
        'DLX_E_APPROVAL_MISMATCH',
        `approval "${id}" was requested by a call under Idempotency-Key "${record.requested_key}"; ` +
          'only a repeat of that call (the same key) may use it',
        { details: { approval_id: id, idempotency_key: binding.callerKey ?? null } },
      );
    }
    if (record.status === 'used' && key !== undefined && record.used_by_key === key) {
      await this.audit(record, 'approval_used', actor);
      return record;
    }
    if (record.status !== 'granted') throw stateError(record);
    const now = this.clock.now();
    const ok = await this.store.transition(binding.tenant, id, 'granted', {
      status: 'used',
      used_at: now,
      ...(key !== undefined && { used_by_key: key }),
    });
    if (!ok) throw stateError(await this.get(binding.tenant, id));
    const used: ApprovalRecord = {
      ...record,
      status: 'used',
      used_at: now,
      ...(key !== undefined && { used_by_key: key }),
    };
    await this.audit(used, 'approval_used', actor);
    return used;
  }

  private async decide(
    tenant: string,
    id: string,
    actor: string,
    decision: 'granted' | 'denied',
    reason?: string,
  ): Promise<ApprovalRecord> {
    const record = await this.get(tenant, id);
    if (record.requested_by === actor) {
      throw new DlxError(
        'DLX_E_APPROVAL_SELF_DECISION',
        `"${actor}" requested approval "${id}" and cannot decide it; another approver must`,
        { details: { approval_id: id } },
      );
    }
    if (record.status !== 'pending') {
      throw new DlxError(
        'DLX_E_APPROVAL_NOT_PENDING',
        `approval "${id}" is already ${record.status}`,
        { details: { approval_id: id, status: record.status } },
      );
    }
    const now = this.clock.now();
    const patch = {
      status: decision,
      decided_by: actor,
      decided_at: now,
      ...(reason !== undefined && { reason }),
      ...(decision === 'granted' && { expires_at: now + this.settings.grantTtlMs }),
    };
    if (!(await this.store.transition(tenant, id, 'pending', patch))) {
      throw new DlxError('DLX_E_APPROVAL_NOT_PENDING', `approval "${id}" was decided meanwhile`, {
        details: { approval_id: id },
      });
    }
    const decided = { ...record, ...patch };
    await this.audit(
      decided,
      decision === 'granted' ? 'approval_granted' : 'approval_denied',
      actor,
    );
    return decided;
  }

  private async expireIfDue(record: ApprovalRecord, now: number): Promise<ApprovalRecord> {
    if ((record.status !== 'pending' && record.status !== 'granted') || now < record.expires_at) {
      return record;
    }
    if (
      await this.store.transition(record.tenant, record.id, record.status, { status: 'expired' })
    ) {
      const expired = { ...record, status: 'expired' as const };
      await this.audit(expired, 'approval_expired', 'system');
      return expired;
    }
    return (await this.store.get(record.tenant, record.id)) ?? record;
  }
}

function stateError(record: ApprovalRecord): DlxError {
  const details = { approval_id: record.id, status: record.status };
  switch (record.status) {
    case 'pending':
      return new DlxError('DLX_E_APPROVAL_PENDING', `approval "${record.id}" is still pending`, {
        details,
      });
    case 'denied':
      return new DlxError(
        'DLX_E_APPROVAL_DENIED',
        `approval "${record.id}" was denied by "${record.decided_by}"${record.reason ? `: ${record.reason}` : ''}`,
        { details },
      );
    case 'expired':
      return new DlxError('DLX_E_APPROVAL_EXPIRED', `approval "${record.id}" expired`, { details });
    case 'used':
    default:
      return new DlxError(
        'DLX_E_APPROVAL_ALREADY_USED',
        `approval "${record.id}" was already used; a grant is single-use`,
        { details },
      );
  }
}

function placeOf(
  binding: { tenant: string; connector: string },
  id: string,
  part: 'input' | 'computed' = 'input',
): readonly [string, string, string, string] {
  return [
    binding.tenant,
    binding.connector,
    part === 'input' ? 'approval' : 'approval-computed',
    id,
  ];
}
