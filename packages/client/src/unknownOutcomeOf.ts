import { hasErrorCode } from '@dealix/connector-core/api';

export interface UnknownOutcomeRef {
  /** What an approver resolves (`resolveUnknownOutcome`). */
  id: string;
  /** The key an idempotent call is repeated with (it then runs again under it). */
  idempotencyKey: string | null;
}

/**
 * The unknown outcome an error is about, by code: DLX_E_RUNTIME_OUTCOME_UNKNOWN (this call may
 * have reached the vendor, its result is unknown) or DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN (an
 * earlier call under the key did); null for any other error.
 */
export function unknownOutcomeOf(error: unknown): UnknownOutcomeRef | null {
  if (
    !hasErrorCode(error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN') &&
    !hasErrorCode(error, 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN')
  ) {
    return null;
  }
  const id = error.details?.unknown_outcome_id;
  if (typeof id !== 'string') return null;
  const key = error.details?.idempotency_key;
  return { id, idempotencyKey: typeof key === 'string' ? key : null };
}
