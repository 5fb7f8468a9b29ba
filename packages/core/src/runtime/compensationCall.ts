import { payloadDigest, sha256Hex } from '../digest';
import { DlxError } from '../errors/dlxError';
import type { IdempotencyStore } from '../stores/idempotencyStore';
import { automaticKey, MAX_KEY_LENGTH } from './idempotencyKeys';
import type { CallRequest } from './pipelineTypes';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';

export interface CompensationPlan {
  operation: string;
  input: unknown;
  /** Derived from the original key, so repeating a compensation reverses only once. */
  idempotencyKey: string;
}

/**
 * Finds the completed call to undo (by its idempotency key, or the automatic key of its input)
 * and builds the compensating call from its input and stored output.
 */
export async function planCompensation(
  rc: RegisteredConnector,
  op: OperationRuntime,
  req: CallRequest,
  store: IdempotencyStore,
  now: number,
): Promise<CompensationPlan> {
  const target = op.policy.compensation;
  const where = `${rc.key}.${op.name}`;
  if (!target || target === 'none' || !op.def.compensate) {
    throw new DlxError('DLX_E_RUNTIME_NO_COMPENSATION', `${where} declares no compensation`);
  }
  const parsed = op.def.input.safeParse(req.input);
  const key =
    req.idempotencyKey ??
    (parsed.success
      ? automaticKey(rc.tenant, rc.key, op.name, payloadDigest(parsed.data))
      : undefined);
  const record =
    key === undefined
      ? undefined
      : await store.get({ tenant: rc.tenant, connector: rc.key, operation: op.name }, key, now);
  if (!parsed.success || key === undefined || record?.state !== 'completed') {
    throw new DlxError(
      'DLX_E_RUNTIME_NO_COMPENSATION',
      `${where}: no completed call found for this input${req.idempotencyKey ? ` and idempotency key "${req.idempotencyKey}"` : ''}`,
    );
  }
  const call = op.def.compensate({ input: parsed.data, output: record.result });
  const derived = `compensate:${key}`;
  return {
    operation: call.operation,
    input: call.input,
    // A long caller key is hashed rather than cut, so two long keys never collide.
    idempotencyKey: derived.length <= MAX_KEY_LENGTH ? derived : `compensate:${sha256Hex(key)}`,
  };
}
