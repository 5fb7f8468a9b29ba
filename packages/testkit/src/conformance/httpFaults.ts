import type { Fault, FaultRule } from '../http/types';
import type { ConformanceFault, ConformanceOptions } from './conformanceOptions';

/**
 * Each conformance fault as the shared HTTP simulator server injects it (what
 * `httpFaultInjector` passes to `server.injectFault`). The `rate_limited` wait is the suite's
 * default `rateLimitWaitSeconds` (2).
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

/** A simulator on the shared HTTP server: every testkit HTTP simulator, the generic one too. */
export interface HttpFaultTarget {
  readonly server: { injectFault(rule: FaultRule): void };
}

/**
 * The conformance suite's `injectFault` for a simulator on the shared HTTP server: the next
 * `times` requests of the route an operation calls fail with the fault as
 * HTTP_CONFORMANCE_FAULTS expresses it. `routes` maps each operation to its route id, or is
 * one route id every operation calls. An operation without a route throws, naming it (a
 * missing route would otherwise fault every request to the simulator).
 */
export function httpFaultInjector<Sim extends HttpFaultTarget>(
  routes: Readonly<Record<string, string>> | string,
): ConformanceOptions<Sim>['injectFault'] {
  return (sim, operation, fault, times) => {
    const route =
      typeof routes === 'string'
        ? routes
        : Object.hasOwn(routes, operation)
          ? routes[operation]
          : undefined;
    if (route === undefined) {
      throw new Error(`httpFaultInjector: no simulator route is given for "${operation}"`);
    }
    sim.server.injectFault({ route, fault: HTTP_CONFORMANCE_FAULTS[fault], times });
  };
}
