import type { Fault } from '../http/types';
import type { ConformanceFault } from './conformanceOptions';

/**
 * Each conformance fault as the shared HTTP simulator server injects it: what a connector's
 * `injectFault` passes to `server.injectFault({ route, fault: HTTP_CONFORMANCE_FAULTS[fault],
 * times })`. The `rate_limited` wait is the suite's default `rateLimitWaitSeconds` (2).
 */
export const HTTP_CONFORMANCE_FAULTS: Readonly<Record<ConformanceFault, Fault>> = Object.freeze({
  transient: { kind: 'status', status: 503 },
  permanent: { kind: 'status', status: 400 },
  down: { kind: 'reset' },
  slow: { kind: 'delay', ms: 30_000 },
  rate_limited: { kind: 'rate_limit', retryAfterSeconds: 2 },
  rate_limited_long: { kind: 'rate_limit', retryAfterSeconds: 3_600 },
  lost_answer: { kind: 'reset_after_processing' },
});
