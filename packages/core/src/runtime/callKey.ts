import { randomBytes } from 'node:crypto';
import { DlxError } from '../errors/dlxError';
import type { OperationPolicy } from '../manifest';

export const MAX_KEY_LENGTH = 255;

/**
 * Keys of compensating calls are derived from the original's (`compensate:<key>`). A caller's
 * own key may not start with it: a call made under `compensate:<k>` would take the key the
 * compensation of `<k>` needs, and that compensation would then fail as a conflict for good.
 */
export const COMPENSATION_KEY_PREFIX = 'compensate:';

/** The refusal of a caller key in the compensations' namespace. */
export function reservedKeyError(where: string, key: string): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_INPUT_INVALID',
    `${where}: Idempotency-Key "${key}" starts with "${COMPENSATION_KEY_PREFIX}", which is kept for the keys of compensating calls; use another key (to undo a call, POST .../compensate with the original key)`,
    { details: { idempotency_key: key } },
  );
}

/** A caller's Idempotency-Key: 1..255 printable ASCII characters (what vendors accept). */
export function validKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

/**
 * Which key a call runs under (docs/architecture.md, pipeline step 2):
 * - a caller's key in the compensations' namespace is refused (only the runtime derives those);
 * - a read is never de-duplicated: a caller's key is only recorded in audit;
 * - a write under the caller's key is de-duplicated by it;
 * - a non-idempotent write without one is refused (a retry after a lost answer would act twice);
 * - an idempotent write without one gets a fresh key of its own, sent by every attempt.
 */
export type CallKey =
  { dedupe: false; recorded: string | null } | { dedupe: true; key: string; generated: boolean };

export function callKey(
  policy: OperationPolicy,
  callerKey: string | undefined,
  where: string,
  /** The key was derived by the runtime (a compensation's), not given by a caller. */
  derived = false,
): CallKey {
  if (!derived && callerKey?.startsWith(COMPENSATION_KEY_PREFIX) === true) {
    throw reservedKeyError(where, callerKey);
  }
  if (policy.kind === 'read') return { dedupe: false, recorded: callerKey ?? null };
  if (callerKey !== undefined) return { dedupe: true, key: callerKey, generated: false };
  if (!policy.idempotent) {
    throw new DlxError(
      'DLX_E_IDEMPOTENCY_KEY_REQUIRED',
      `${where} is a write that is not idempotent: send an Idempotency-Key (one per intended write), so that a retry after a lost answer cannot act twice; nothing was sent`,
    );
  }
  return { dedupe: true, key: generatedKey(), generated: true };
}

/** A key no other call has: `dlx_` and 32 hex digits (what every vendor accepts). */
export function generatedKey(): string {
  return `dlx_${randomBytes(16).toString('hex')}`;
}
