import type { Fault, RecordedRequest, SimResponse } from './types';

/** What the server does about an injected fault; the server performs the I/O. */
export type FaultAction =
  | { action: 'respond'; response: SimResponse }
  | { action: 'destroy' }
  | { action: 'delay'; ms: number }
  /** Handle normally; for reset_after_processing the server then destroys the socket. */
  | { action: 'continue' };

export interface FaultAnswerHooks {
  errorResponse: (status: number, req: RecordedRequest) => SimResponse;
  rateLimitResponse?: (req: RecordedRequest) => SimResponse;
  expiredTokenResponse?: () => SimResponse;
}

/** Decides the answer to a fault, in the simulator's own vendor shapes where it gives them. */
export function planFaultAction(
  fault: Fault,
  req: RecordedRequest,
  hooks: FaultAnswerHooks,
): FaultAction {
  switch (fault.kind) {
    case 'status': {
      const base = fault.body === undefined ? hooks.errorResponse(fault.status, req) : null;
      return {
        action: 'respond',
        response: {
          status: fault.status,
          headers: { ...(base?.headers ?? {}), ...(fault.headers ?? {}) },
          body: fault.body ?? base?.body,
        },
      };
    }
    case 'rate_limit': {
      const base = hooks.rateLimitResponse?.(req) ?? hooks.errorResponse(429, req);
      return {
        action: 'respond',
        response: {
          status: fault.status ?? base.status,
          headers: { ...(base.headers ?? {}), 'Retry-After': String(fault.retryAfterSeconds) },
          body: fault.body ?? base.body,
        },
      };
    }
    case 'delay':
      return { action: 'delay', ms: fault.ms };
    case 'reset':
      return { action: 'destroy' };
    case 'reset_after_processing':
      return { action: 'continue' };
    case 'malformed':
      return {
        action: 'respond',
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: fault.body ?? '{"truncated": ',
        },
      };
    case 'expired_token':
      return {
        action: 'respond',
        response: hooks.expiredTokenResponse?.() ?? {
          status: 401,
          body: { error: 'token_expired' },
        },
      };
  }
}
