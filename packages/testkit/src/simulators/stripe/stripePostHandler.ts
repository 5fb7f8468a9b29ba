import type { RouteHandler, SimResponse } from '../../http/types';
import { stripeError } from './stripeErrors';
import { fingerprintRequest } from './stripeIdempotency';
import type { IdempotencyLedger } from './stripeIdempotency';
import type { StripeExecution, StripeOperation } from './stripeOperation';

export interface StripePostDeps {
  ledger: IdempotencyLedger;
  /** Status of the "same key, other parameters" error (400 per third-party fixtures). */
  idempotencyMismatchStatus: number;
  /** Time an execution takes, so a concurrent request with the same key can meet it in flight. */
  processingDelayMs: number;
  /** Resolves false if the simulator stopped meanwhile. */
  sleep: (ms: number) => Promise<boolean>;
  /** Consumes one "the next execution fails with a 500" token, if any is pending. */
  takeExecutionFailure: () => boolean;
  requestIdFor: (seq: number) => string;
}

const MAX_KEY_LENGTH = 255;

function withHeaders(response: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...response, headers: { ...(response.headers ?? {}), ...headers } };
}

async function execute(step: StripeExecution, deps: StripePostDeps): Promise<SimResponse> {
  if (deps.processingDelayMs > 0) await deps.sleep(deps.processingDelayMs);
  if (deps.takeExecutionFailure()) {
    // Execution began and failed: Stripe saves this 500 under the key like any other answer.
    return stripeError(500, { type: 'api_error', message: 'An unknown error occurred' }, false);
  }
  return step();
}

/** Wraps a Stripe POST operation in Stripe's Idempotency-Key semantics. */
export function stripePostHandler(operation: StripeOperation, deps: StripePostDeps): RouteHandler {
  return async (req) => {
    const params = req.form();
    const key = req.headers['idempotency-key'];
    if (key === undefined) {
      const step = operation(params, req);
      return typeof step === 'function' ? execute(step, deps) : step;
    }
    const echo = { 'Idempotency-Key': key };
    if (key.length > MAX_KEY_LENGTH) {
      return stripeError(
        400,
        {
          type: 'invalid_request_error',
          message: `Invalid Idempotency-Key: keys can be at most ${MAX_KEY_LENGTH} characters long.`,
        },
        false,
      );
    }
    const begin = deps.ledger.begin(key, fingerprintRequest(req.method, req.path, params));
    switch (begin.kind) {
      case 'in_flight':
        return withHeaders(
          stripeError(
            409,
            {
              type: 'idempotency_error',
              code: 'idempotency_key_in_use',
              message: `There is currently another in-progress request using this Stripe API key and idempotency key ('${key}'). Please try again later.`,
            },
            true,
          ),
          echo,
        );
      case 'mismatch':
        return withHeaders(
          stripeError(
            deps.idempotencyMismatchStatus,
            {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
            false,
          ),
          echo,
        );
      case 'replay':
        return withHeaders(begin.response, {
          'Idempotent-Replayed': 'true',
          'Original-Request': begin.originalRequestId,
        });
      case 'new':
        break;
    }
    let step: ReturnType<StripeOperation>;
    try {
      step = operation(params, req);
      if (typeof step !== 'function') {
        deps.ledger.release(key);
        return withHeaders(step, echo);
      }
      const response = withHeaders(await execute(step, deps), echo);
      deps.ledger.save(key, response, deps.requestIdFor(req.seq));
      return response;
    } catch (error) {
      deps.ledger.release(key);
      throw error;
    }
  };
}
