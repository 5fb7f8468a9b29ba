/**
 * The call that created a vendor object (a message id, a call SID): webhook events that name
 * the object carry that call's correlation id, so a status event links to its send.
 */
export interface CallLink {
  tenant: string;
  connector: string;
  /** The vendor's id of the object the call created. */
  object_id: string;
  /** The creating call's correlation id. */
  correlation_id: string;
  operation: string;
  /** ISO time the link was recorded. */
  created_at: string;
  /**
   * The trace and span of the attempt that recorded the link, when it was traced: a webhook
   * delivery's span links to it. Absent (or null) for an untraced call.
   */
  trace_id?: string | null;
  span_id?: string | null;
}

export interface CallLinkStore {
  /**
   * Records which call created an object. The first call to name an object keeps it: a later
   * call that names the same object (a cancel, a status read) does not take the link over.
   */
  link(link: CallLink): Promise<void>;
  /** The call that created the object, or undefined when none was recorded. */
  find(tenant: string, connector: string, objectId: string): Promise<CallLink | undefined>;
  /**
   * Deletes the links recorded before `createdBefore` (ISO time; the runtime's prune, past
   * `callLinkRetentionMs`). A webhook event about such an object later carries no correlation
   * id. Returns how many were deleted.
   */
  prune(createdBefore: string): Promise<number>;
}
