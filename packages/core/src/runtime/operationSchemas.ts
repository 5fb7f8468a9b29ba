import { DlxError } from '../errors/dlxError';
import { zodIssueText } from '../kit/zodIssueText';
import { MAX_KEY_LENGTH, validKey } from './callKey';
import type { CallRequest } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';

export type ParsedInput = { ok: true; input: unknown } | { ok: false; error: DlxError };

/**
 * Pipeline step 1: the call's input by the operation's input schema, and the caller's
 * Idempotency-Key; DLX_E_RUNTIME_INPUT_INVALID naming what is wrong (nothing reaches the vendor).
 */
export function parseInput(
  rc: RegisteredConnector,
  op: OperationRuntime,
  req: CallRequest,
): ParsedInput {
  const parsed = op.def.input.safeParse(req.input);
  if (!parsed.success) {
    const { issues } = parsed.error;
    return {
      ok: false,
      error: new DlxError(
        'DLX_E_RUNTIME_INPUT_INVALID',
        `${rc.key}.${op.name}: input rejected: ${zodIssueText(issues)}`,
        {
          details: {
            issues: issues.map((i) => ({
              path: i.path.map(String).join('.'),
              code: i.code,
              message: i.message,
            })),
          },
        },
      ),
    };
  }
  if (req.idempotencyKey !== undefined && !validKey(req.idempotencyKey)) {
    return {
      ok: false,
      error: new DlxError(
        'DLX_E_RUNTIME_INPUT_INVALID',
        `${rc.key}.${op.name}: Idempotency-Key must be 1..${MAX_KEY_LENGTH} printable characters`,
      ),
    };
  }
  return { ok: true, input: parsed.data };
}

/**
 * The operation's answer by its output schema. A mismatch is DLX_E_RUNTIME_OUTPUT_INVALID and
 * may follow an effect at the vendor (the vendor answered; a write's answer it cannot read ends
 * as an unknown outcome).
 */
export function checkedOutput(
  rc: RegisteredConnector,
  op: OperationRuntime,
  raw: unknown,
): unknown {
  const out = op.def.output.safeParse(raw);
  if (!out.success) {
    throw new DlxError(
      'DLX_E_RUNTIME_OUTPUT_INVALID',
      `${rc.key}.${op.name}: the vendor's answer does not match the output schema: ${zodIssueText(out.error.issues)}`,
      { mayHaveReachedVendor: true },
    );
  }
  return out.data;
}
