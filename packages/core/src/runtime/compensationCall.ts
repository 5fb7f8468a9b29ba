import { payloadDigest, sha256Hex } from '../digest';
import { DlxError } from '../errors/dlxError';
import type { IdempotencyStore } from '../stores/idempotencyStore';
import { COMPENSATION_KEY_PREFIX, MAX_KEY_LENGTH } from './callKey';
import type { CallRequest } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';

export interface CompensationPlan {
  operation: string;
  input: unknown;
  /** Derived from the original key, so repeating a compensation reverses only once. */
  idempotencyKey: string;
}

/**
 * Finds the completed call to undo by the idempotency key its result returned (a caller's key
 * or the one made for it) and builds the compensating call from its input and stored output.
 * The input must be the one the key completed with.
 */
export async function planCompensation(
  rc: RegisteredConnector,
  op: OperationRuntime,
  req: CallRequest,
  store: IdempotencyStore,
  now: number,
  /** Opens a stored result (restricted data is stored sealed). */
  open: (stored: unknown) => unknown = (stored) => stored,
): Promise<CompensationPlan> {
  const target = op.policy.compensation;
  const where = `${rc.key}.${op.name}`;
  if (!target || target === 'none' || !op.def.compensate) {
    throw new DlxError('DLX_E_RUNTIME_NO_COMPENSATION', `${where} declares no compensation`);
  }
  const key = req.idempotencyKey;
  if (key === undefined) {
    throw new DlxError(
      'DLX_E_RUNTIME_NO_COMPENSATION',
      `${where}: name the call to compensate by the idempotency_key its result returned (Idempotency-Key)`,
    );
  }
  const record = await store.get(
    { tenant: rc.tenant, connector: rc.key, operation: op.name },
    key,
    now,
  );
  if (record?.state !== 'completed') {
    throw new DlxError(
      'DLX_E_RUNTIME_NO_COMPENSATION',
      `${where}: no completed call found for idempotency key "${key}"`,
      { details: { idempotency_key: key } },
    );
  }
  const parsed = op.def.input.safeParse(req.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DlxError(
      'DLX_E_RUNTIME_NO_COMPENSATION',
      `${where}: send "input", the input the call under idempotency key "${key}" completed with; the one given does not match the operation's input schema (${['input', ...issue.path.map(String)].join('.')}: ${issue.message})`,
      { details: { idempotency_key: key } },
    );
  }
  if (payloadDigest(parsed.data) !== record.payload_digest) {
    throw new DlxError(
      'DLX_E_RUNTIME_NO_COMPENSATION',
      `${where}: the call completed under idempotency key "${key}" had another input than the one given; send the original input`,
      { details: { idempotency_key: key } },
    );
  }
  const call = op.def.compensate({ input: parsed.data, output: open(record.result) });
  const derived = `${COMPENSATION_KEY_PREFIX}${key}`;
  return {
    operation: call.operation,
    input: call.input,
    // A long caller key is hashed rather than cut, so two long keys never collide.
    idempotencyKey:
      derived.length <= MAX_KEY_LENGTH ? derived : `${COMPENSATION_KEY_PREFIX}${sha256Hex(key)}`,
  };
}
