import { describeFaultRuleProblem } from './faultPlan';
import type { FaultRule, RecordedRequest, RouteDef } from './types';

/** What the /__sim routes need from the server they control. */
export interface ControllableSimulator {
  readonly name: string;
  readonly requests: readonly RecordedRequest[];
  readonly counters: { snapshot(): Record<string, number> };
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  armedFaults(): FaultRule[];
  reset(): void;
}

/** A recorded request as JSON: the body as UTF-8 text, since a Buffer does not survive JSON. */
export function recordedRequestToJson(request: RecordedRequest): Record<string, unknown> {
  const { rawBody, ...rest } = request;
  return { ...rest, body: rawBody.toString('utf8') };
}

/**
 * The HTTP control API, so a host in sandbox mode or a person with curl can drive a simulator
 * the way a test does in process.
 */
export function createControlRoutes(sim: ControllableSimulator): RouteDef[] {
  return [
    {
      id: '__sim.faults.add',
      method: 'POST',
      path: '/__sim/faults',
      handler: (req) => {
        let rule: unknown;
        try {
          rule = req.json();
        } catch {
          return { status: 400, body: { error: 'body must be a JSON fault rule' } };
        }
        const problem = describeFaultRuleProblem(rule);
        if (problem !== null) return { status: 400, body: { error: problem } };
        try {
          sim.injectFault(rule as FaultRule);
        } catch (error) {
          return { status: 400, body: { error: (error as Error).message } };
        }
        return { status: 204 };
      },
    },
    {
      id: '__sim.faults.list',
      method: 'GET',
      path: '/__sim/faults',
      handler: () => ({ status: 200, body: sim.armedFaults() }),
    },
    {
      id: '__sim.faults.clear',
      method: 'DELETE',
      path: '/__sim/faults',
      handler: () => {
        sim.clearFaults();
        return { status: 204 };
      },
    },
    {
      id: '__sim.requests',
      method: 'GET',
      path: '/__sim/requests',
      handler: (req) => {
        const route = typeof req.query.route === 'string' ? req.query.route : undefined;
        const selected = sim.requests.filter((r) => route === undefined || r.routeId === route);
        return { status: 200, body: selected.map(recordedRequestToJson) };
      },
    },
    {
      id: '__sim.counters',
      method: 'GET',
      path: '/__sim/counters',
      handler: () => ({ status: 200, body: sim.counters.snapshot() }),
    },
    {
      id: '__sim.reset',
      method: 'POST',
      path: '/__sim/reset',
      handler: () => {
        sim.reset();
        return { status: 204 };
      },
    },
  ];
}
