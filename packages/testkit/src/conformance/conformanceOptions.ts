/** A fault the conformance suite asks a connector's simulator to inject. */
export type ConformanceFault =
  /** A retryable vendor failure (5xx, 503 "try later"): the runtime may retry it. */
  | 'transient'
  /** A definite refusal (4xx such as 400 or 404): never retried. */
  | 'permanent'
  /** The vendor does not answer (connection reset or refused); still counted by requestCount. */
  | 'down'
  /** The vendor answers only after a long delay (10 s or more): far past the suite's timeouts. */
  | 'slow'
  /**
   * The vendor's rate-limit answer, asking to wait `rateLimitWaitSeconds` (HTTP 429 with
   * Retry-After; SMTP 421/451/452, which asks no wait).
   */
  | 'rate_limited'
  /** A rate-limit answer asking to wait 10 minutes or more, past any cap. */
  | 'rate_limited_long'
  /**
   * The vendor acts (its side effect happens), then the connection drops before any answer:
   * HTTP reset after processing, SMTP drop after DATA.
   */
  | 'lost_answer';

/** A webhook delivery exactly as the vendor sends it (the body byte for byte as signed). */
export interface ConformanceWebhookDelivery {
  method?: 'GET' | 'POST';
  /** Header names in any case. */
  headers: Record<string, string>;
  body: string | Buffer;
}

/** How the suite obtains genuine webhook deliveries, for the webhook checks. */
export interface ConformanceWebhooks<Sim> {
  /**
   * A genuine, freshly signed delivery of an event that the connector turns into `type` (one
   * of the manifest's webhook_events), addressed to `url` (vendors that sign the URL sign this).
   */
  delivery(
    sim: Sim,
    event: { type: string; url: string },
  ): ConformanceWebhookDelivery | Promise<ConformanceWebhookDelivery>;
  /** The header that carries the signature. */
  signatureHeader: string;
}

import type { SimulatorHandle } from '@dealix/connector-core/testing';

/** A started simulator with the tenant config that reaches it (core's testing entry). */
export type { SimulatorHandle };

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
  /**
   * Makes the next `times` requests of the route `operation` uses fail with `fault`. Returns
   * false when the vendor cannot express the fault (an SMTP server cannot ask for a wait): the
   * check that needs it says so and goes on.
   */
  injectFault(sim: Sim, operation: string, fault: ConformanceFault, times: number): void | false;
  /**
   * The wait the simulator's `rate_limited` fault asks for, in seconds (default 2); 0 when the
   * vendor's rate limits carry no wait (SMTP).
   */
  rateLimitWaitSeconds?: number;
  /** Genuine webhook deliveries; required when the manifest declares webhook_events. */
  webhooks?: ConformanceWebhooks<Sim>;
  /** Makes the vendor unreachable for the health probe; default: the handle's stop(). */
  stopSimulatorForHealth?(sim: Sim): Promise<void>;
  /** Per-check jest timeout in ms (default 30 000). */
  testTimeoutMs?: number;
}
