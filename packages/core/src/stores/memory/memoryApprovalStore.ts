import { DlxError } from '../../errors/dlxError';
import type {
  ApprovalPatch,
  ApprovalRecord,
  ApprovalStatus,
  ApprovalStore,
} from '../approvalStore';
import { storedCopy } from './storedCopy';

/** The fields an approval transition may change, in the order stores bind them. */
export const APPROVAL_PATCH_FIELDS = [
  'status',
  'decided_by',
  'decided_at',
  'reason',
  'used_at',
  'used_by_key',
  'expires_at',
] as const satisfies readonly (keyof ApprovalPatch)[];

/** Approval requests in memory, keyed by tenant so one tenant never reaches another's. */
export class MemoryApprovalStore implements ApprovalStore {
  private readonly records = new Map<string, ApprovalRecord>();
  /** Creation order, the tie-break when two requests share requested_at. */
  private readonly created = new Map<string, number>();
  private nextOrder = 0;

  async create(record: ApprovalRecord): Promise<void> {
    const id = recordId(record.tenant, record.id);
    if (this.records.has(id)) {
      throw new DlxError(
        'DLX_E_STORE_FAILURE',
        `An approval with id "${record.id}" already exists for tenant "${record.tenant}".`,
        { details: { tenant: record.tenant, approval_id: record.id, reason: 'duplicate_id' } },
      );
    }
    this.records.set(id, storedCopy(record));
    this.created.set(id, this.nextOrder++);
  }

  async get(tenant: string, id: string): Promise<ApprovalRecord | undefined> {
    const record = this.records.get(recordId(tenant, id));
    return record === undefined ? undefined : storedCopy(record);
  }

  /** Newest request first. */
  async list(tenant: string, filter: { status?: ApprovalStatus } = {}): Promise<ApprovalRecord[]> {
    const found: { record: ApprovalRecord; order: number }[] = [];
    for (const [id, record] of this.records) {
      if (record.tenant !== tenant) continue;
      if (filter.status !== undefined && record.status !== filter.status) continue;
      found.push({ record, order: this.created.get(id) ?? 0 });
    }
    found.sort((a, b) => b.record.requested_at - a.record.requested_at || b.order - a.order);
    return found.map(({ record }) => storedCopy(record));
  }

  async transition(
    tenant: string,
    id: string,
    from: ApprovalStatus,
    patch: ApprovalPatch,
  ): Promise<boolean> {
    const key = recordId(tenant, id);
    const record = this.records.get(key);
    if (record === undefined || record.status !== from) return false;
    const next: ApprovalRecord = { ...record };
    for (const field of APPROVAL_PATCH_FIELDS) {
      const value = patch[field];
      // Only the fields a patch may carry: an id, tenant or digest can never be rewritten.
      if (value !== undefined) Object.assign(next, { [field]: value });
    }
    this.records.set(key, next);
    return true;
  }
}

function recordId(tenant: string, id: string): string {
  return JSON.stringify([tenant, id]);
}
