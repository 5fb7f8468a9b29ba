import {
  SimulatorServer,
  type ConformanceOptions,
  type SmtpFault,
} from '@dealix/connector-testkit';
import type { FaultColumn, FaultMeaning } from './faultColumns';

/** Where one operation's requests arrive at its simulator, and how to fault them there. */
export interface FaultTarget {
  /** The column's fault for this protocol, or null: the cell does not apply ("—"). */
  meaning(column: FaultColumn): FaultMeaning | null;
  /** Arms the column's fault for the next `times` requests of the operation (default 1). */
  inject(column: FaultColumn, times?: number): void;
  /** Requests of the operation that reached the vendor so far. */
  requests(): number;
  /** Whether an armed fault is still waiting for its request (then it never fired). */
  unfired(): boolean;
  /** Disarms every fault of the simulator. */
  clear(): void;
}

interface HttpSimulator {
  server: SimulatorServer;
}

/** Resolves once the simulator handles no request (delayed ones have had their effect). */
export function simulatorIdle(sim: unknown): Promise<void> {
  if (isHttpSimulator(sim)) return sim.server.whenIdle();
  if (isSmtpSimulator(sim)) return sim.whenIdle();
  return Promise.resolve();
}

/** An SMTP simulator (createSmtpSimulator): it has messages and SMTP faults, no HTTP server. */
interface SmtpSimulatorLike {
  messages: readonly unknown[];
  injectFault(fault: SmtpFault): void;
  clearFaults(): void;
  armedFaults(): SmtpFault[];
  whenIdle(): Promise<void>;
}

function isHttpSimulator(sim: unknown): sim is HttpSimulator {
  return (
    typeof sim === 'object' &&
    sim !== null &&
    (sim as HttpSimulator).server instanceof SimulatorServer
  );
}

function isSmtpSimulator(sim: unknown): sim is SmtpSimulatorLike {
  const s = sim as Partial<SmtpSimulatorLike> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.messages) &&
    typeof s.injectFault === 'function' &&
    typeof s.armedFaults === 'function'
  );
}

/**
 * The fault target of `operation` on `sim`. For an HTTP simulator the operation's route is the
 * one the connector's own `injectFault` aims at (asked once with a fault and read back from the
 * simulator's armed rules); the SMTP simulator is faulted by command, whatever the operation.
 * Making a target clears every fault armed on the simulator: make all targets, then inject.
 */
export function faultTarget(
  conformance: ConformanceOptions<unknown>,
  sim: unknown,
  operation: string,
): FaultTarget {
  if (isHttpSimulator(sim)) return httpTarget(conformance, sim, operation);
  if (isSmtpSimulator(sim)) return smtpTarget(conformance, sim);
  throw new Error(
    `the simulator of ${conformance.packageDir} is neither an HTTP simulator (SimulatorServer) nor the SMTP simulator: the fault matrix cannot fault it`,
  );
}

function httpTarget(
  conformance: ConformanceOptions<unknown>,
  sim: HttpSimulator,
  operation: string,
): FaultTarget {
  const { server } = sim;
  server.clearFaults();
  if (conformance.injectFault(sim, operation, 'permanent', 1) === false) {
    throw new Error(`${conformance.packageDir}: injectFault() cannot fault "${operation}"`);
  }
  const armed = server.armedFaults();
  server.clearFaults();
  const route = armed.length === 1 ? armed[0]!.route : undefined;
  if (route === undefined || route === '*') {
    throw new Error(
      `${conformance.packageDir}: injectFault() for "${operation}" armed ${JSON.stringify(armed)}; expected one rule on the operation's route`,
    );
  }
  return {
    meaning: (column) => column.http?.meaning ?? null,
    inject: (column, times = 1) => server.injectFault({ route, fault: column.http!.fault, times }),
    requests: () => server.requestsTo(route).length,
    unfired: () => server.armedFaults().length > 0,
    clear: () => server.clearFaults(),
  };
}

function smtpTarget(conformance: ConformanceOptions<unknown>, sim: SmtpSimulatorLike): FaultTarget {
  sim.clearFaults();
  return {
    meaning: (column) => column.smtp?.meaning ?? null,
    inject: (column, times = 1) => sim.injectFault({ ...column.smtp!.fault, times }),
    // Every exchange opens one connection: what a request is for SMTP.
    requests: () => conformance.requestCount(sim),
    unfired: () => sim.armedFaults().length > 0,
    clear: () => sim.clearFaults(),
  };
}
