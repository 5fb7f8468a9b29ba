import { DlxError } from '../errors/dlxError';
import { ERROR_REGISTRY, type ErrorCode, type ErrorDefinition } from '../errors/registry';
import { decideRetry, type RetryContext } from './retryDecision';

const CODES = Object.keys(ERROR_REGISTRY) as ErrorCode[];
const definition = (code: ErrorCode) => ERROR_REGISTRY[code] as ErrorDefinition;

/** A first attempt with retries left, no wait asked and all the time in the world. */
const roomy = (idempotent: boolean): RetryContext => ({
  attempt: 1,
  retryMax: 3,
  backoffMs: [10, 20, 40],
  idempotent,
  now: 0,
  deadlineAt: 60_000,
  maxVendorWaitMs: 30_000,
});

describe('which failed attempts the runtime tries again', () => {
  it('follows the registry for every code: retryable, not auth, not kept to the caller, safe to repeat', () => {
    // Every code, every combination: a finite domain, walked whole.
    for (const code of CODES) {
      for (const idempotent of [false, true]) {
        for (const reached of [false, true]) {
          const def = definition(code);
          const error = new DlxError(code, 'an attempt failed', { mayHaveReachedVendor: reached });
          const expected =
            def.retryable &&
            def.kind !== 'auth' &&
            def.retriedLocally !== false &&
            (idempotent || !reached);
          expect({
            code,
            idempotent,
            reached,
            action: decideRetry(error, roomy(idempotent)).action,
          }).toEqual({ code, idempotent, reached, action: expected ? 'retry' : 'fail' });
        }
      }
    }
  });

  it('leaves a stopping runtime’s refusal to its caller, who may repeat it elsewhere', () => {
    const stopping = new DlxError('DLX_E_RUNTIME_SHUTTING_DOWN', 'the runtime is stopping', {
      mayHaveReachedVendor: false,
    });
    expect(stopping.retryable).toBe(true);
    expect(decideRetry(stopping, roomy(true))).toMatchObject({
      action: 'fail',
      reason: 'not_retryable',
    });
  });
});
