import type { SideEffectCounters } from './sideEffectCounters';
import type { SimulatorServer } from './simulatorServer';
import type { FaultRule, RecordedRequest } from './types';

/** What every HTTP simulator's handle offers by delegating to its SimulatorServer. */
export interface ServerHandle {
  readonly server: SimulatorServer;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** http://127.0.0.1:PORT once started. */
  readonly baseUrl: string;
  readonly counters: SideEffectCounters;
  requestsTo(routeId: string): RecordedRequest[];
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  reset(): void;
}

/**
 * A simulator handle: the server's common controls plus the simulator's own members. Own
 * members are copied as property descriptors, so their getters stay live (not read once here).
 */
export function withServerHandle<T extends object>(
  server: SimulatorServer,
  own: T,
): ServerHandle & T {
  const handle: ServerHandle = {
    server,
    start: () => server.start(),
    stop: () => server.stop(),
    get baseUrl() {
      return server.baseUrl;
    },
    counters: server.counters,
    requestsTo: (routeId) => server.requestsTo(routeId),
    injectFault: (rule) => server.injectFault(rule),
    clearFaults: () => server.clearFaults(),
    reset: () => server.reset(),
  };
  return Object.defineProperties(handle, Object.getOwnPropertyDescriptors(own)) as ServerHandle & T;
}
