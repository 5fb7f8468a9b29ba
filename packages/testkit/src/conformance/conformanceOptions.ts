/** A fault the conformance suite asks a connector's simulator to inject. */
export type ConformanceFault =
  /** A retryable vendor failure (5xx, 503 "try later"): the runtime may retry it. */
  | 'transient'
  /** A definite refusal (4xx such as 400 or 404): never retried. */
  | 'permanent'
  /** The vendor does not answer (connection reset or refused); still counted by requestCount. */
  | 'down';

/** A started simulator with the tenant config that reaches it. */
export interface SimulatorHandle<Sim> {
  simulator: Sim;
  /** The raw config a tenant would have (field names of the manifest's config map). */
  config: Record<string, unknown>;
  /** Stops the simulator; called more than once it must resolve again. */
  stop(): Promise<void>;
}

/** The counter a call moves at the vendor, e.g. { counter: 'payment_intents_created', delta: 1 }. */
export interface SideEffect {
  counter: string;
  delta: number;
}

interface SampleBase<Sim> {
  /** Required for writes: the simulator counter a successful call moves, and by how much. */
  sideEffect?: SideEffect;
  /**
   * For a write whose compensation operation has no counter of its own to watch: returns true
   * once the vendor shows the write undone (e.g. the simulator holds the payment as refunded).
   */
  compensationCheck?: (sim: Sim, output: unknown) => boolean | Promise<boolean>;
}

/** A valid input of one operation: fixed, or prepared against a fresh simulator. */
export type OperationSample<Sim> = SampleBase<Sim> &
  (
    | { input: unknown }
    | {
        /**
         * Sets up vendor state the input refers to (a payment to refund, a booking to cancel)
         * and returns the input. Called on each simulator the suite starts, before the call.
         */
        prepare(sim: Sim): unknown;
      }
  );

export interface ConformanceOptions<Sim> {
  /** The connector package folder: package.json, connector.json, schemas/. */
  packageDir: string;
  /** The exported `connector` (import it from src/index.ts, not dist). */
  plugin: unknown;
  /** Starts a fresh simulator on 127.0.0.1; every check that calls the vendor starts its own. */
  startSimulator(): Promise<SimulatorHandle<Sim>>;
  /** A valid input for every operation of the manifest. */
  samples: Record<string, OperationSample<Sim>>;
  /** Reads a simulator side-effect counter. */
  counter(sim: Sim, name: string): number;
  /**
   * Every request the vendor received so far (a SimulatorServer's `requests.length`): proves
   * that rejected input never left the runtime and counts retries.
   */
  requestCount(sim: Sim): number;
  /** Makes the next `times` requests of the route `operation` uses fail with `fault`. */
  injectFault(sim: Sim, operation: string, fault: ConformanceFault, times: number): void;
  /** Makes the vendor unreachable for the health probe; default: the handle's stop(). */
  stopSimulatorForHealth?(sim: Sim): Promise<void>;
  /** Per-check jest timeout in ms (default 30 000). */
  testTimeoutMs?: number;
}
