export type ApprovalStatus = 'pending' | 'granted' | 'denied' | 'expired' | 'used';

export interface ApprovalRecord {
  id: string;
  tenant: string;
  connector: string;
  operation: string;
  /** sha256 of the canonical input: a grant is valid for exactly this payload. */
  payload_digest: string;
  /** Redacted input, so the approver sees what they approve. */
  payload_preview: unknown;
  /** Values the operation's preview() computed from the input (a file's size, its pages). */
  computed_preview?: unknown;
  requested_by: string;
  /**
   * The caller's Idempotency-Key the call that asked for approval carried (none without one).
   * Only a call under that key may use the grant: the requester's repeat gets the result, and a
   * call under another key cannot spend the grant meant for it.
   */
  requested_key?: string;
  requested_at: number;
  /** A pending request, or an unused grant, expires at this time. */
  expires_at: number;
  status: ApprovalStatus;
  decided_by?: string;
  decided_at?: number;
  reason?: string;
  used_at?: number;
  /**
   * The idempotency key of the call that used the grant. The same key may use it again until
   * its vendor outcome is known (a crash between consuming the grant and the vendor call costs
   * no second approval); any other call finds it used.
   */
  used_by_key?: string;
  correlation_id: string;
}

export type ApprovalPatch = Partial<
  Pick<
    ApprovalRecord,
    'status' | 'decided_by' | 'decided_at' | 'reason' | 'used_at' | 'used_by_key' | 'expires_at'
  >
>;

/**
 * Storage of approval requests. The rules (who may decide, binding, expiry, single use) live in
 * core's approval gate; the store only offers atomic compare-and-set transitions.
 */
export interface ApprovalStore {
  create(record: ApprovalRecord): Promise<void>;
  get(tenant: string, id: string): Promise<ApprovalRecord | undefined>;
  list(tenant: string, filter?: { status?: ApprovalStatus }): Promise<ApprovalRecord[]>;
  /** Applies `patch` only if the record is still in status `from`; false when it was not. */
  transition(
    tenant: string,
    id: string,
    from: ApprovalStatus,
    patch: ApprovalPatch,
  ): Promise<boolean>;
}
