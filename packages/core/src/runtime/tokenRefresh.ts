import { isDlxError } from '../errors/dlxError';
import type { AccessToken } from '../kit/tokenCache';
import type { ConnectorKit } from './connectorKit';

/** The tokens one attempt handed out, so a refusal can drop exactly the one that failed. */
const usedTokens = new WeakMap<object, string>();

/** ctx.token of one attempt: the instance's token, remembered as this attempt's. */
export function attemptToken(
  ctx: object,
  kit: ConnectorKit,
  signal: () => AbortSignal,
): () => Promise<AccessToken> {
  return () =>
    kit.token(signal()).then((token) => {
      usedTokens.set(ctx, token.token);
      return token;
    });
}

/**
 * Runs an attempt's operation (or a health probe; `ctx` is the object its token() was made
 * for); when the vendor refuses the token the attempt used (an `auth`
 * error), drops that token and runs the operation once more, in the same attempt, with a fresh
 * one. A second refusal ends the attempt (auth errors are never retried).
 */
export function runWithTokenRefresh<T>(
  kit: ConnectorKit,
  ctx: object,
  run: () => Promise<T>,
): Promise<T> {
  return runCheckedWithTokenRefresh(kit, ctx, run, answered);
}

function answered<T>(value: T): T {
  return value;
}

/**
 * runWithTokenRefresh, then `check` on the answer, as one reaction on the operation's promise
 * (an attempt's common path: one promise and tick less than a catch and a then).
 */
export function runCheckedWithTokenRefresh<T, R>(
  kit: ConnectorKit,
  ctx: object,
  run: () => Promise<T> | T,
  check: (raw: T) => R,
): Promise<R> {
  return Promise.resolve(run()).then(check, (error: unknown) => {
    if (!droppedRefusedToken(kit, ctx, error)) throw error;
    return Promise.resolve(run()).then(check);
  });
}

/**
 * When `error` is the vendor refusing the token the attempt of `ctx` used (an `auth` error),
 * drops that token and says the operation may run once more with a fresh one; else false (a
 * connector without a token source never has a used token).
 */
export function droppedRefusedToken(kit: ConnectorKit, ctx: object, error: unknown): boolean {
  const used = usedTokens.get(ctx);
  if (used === undefined || !isDlxError(error) || error.kind !== 'auth') return false;
  usedTokens.delete(ctx);
  kit.invalidateToken(used);
  return true;
}
