/** The error taxonomy of DESIGN.md: every coded error has exactly one kind. */
export const ERROR_KINDS = [
  'validation',
  'approval_required',
  'approval_denied',
  'idempotency_conflict',
  'circuit_open',
  'timeout',
  'rate_limited',
  'transient',
  'permanent',
  'auth',
  'config',
  'egress_denied',
  'outcome_unknown',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];
