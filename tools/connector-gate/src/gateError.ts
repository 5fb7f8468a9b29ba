/**
 * Why the gate could not run at all (exit code 2), as opposed to a finding (exit code 1).
 * `usage`: wrong arguments or options; `repo`: git or the repository layout failed.
 */
export type GateErrorCode = 'GATE_USAGE' | 'GATE_REPO';

export class GateError extends Error {
  readonly code: GateErrorCode;

  constructor(code: GateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GateError';
    this.code = code;
  }
}

/** Recognised by code, so a copy of this module loaded twice still matches. */
export function isGateError(error: unknown): error is GateError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === 'GATE_USAGE' || code === 'GATE_REPO');
}
