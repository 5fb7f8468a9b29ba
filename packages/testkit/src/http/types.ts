// The shapes a simulator is built from. A simulator is a list of routes plus, optionally, an
// authenticate hook and its own "token expired" answer; the SimulatorServer adds recording,
// fault injection, side-effect counters and the /__sim control API around them.

/** One request as it arrived on the wire, kept so a test can assert on what a connector sent. */
export interface RecordedRequest {
  /** 1-based arrival order since start or the last reset. */
  seq: number;
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  /** Id of the route the request matched, or null when none did. */
  routeId: string | null;
  /** Arrival time (ms since epoch). */
  at: number;
}

export interface SimRequest extends RecordedRequest {
  /** Values of the `:name` segments of the matched route path. */
  params: Record<string, string>;
  /** Parses the body as JSON; throws a SyntaxError when it is not JSON. */
  json<T = unknown>(): T;
  /** Parses a form-urlencoded body with nested brackets (`metadata[k]=v`), as qs does. */
  form(): Record<string, unknown>;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** A plain object or array is sent as JSON; a string or Buffer as is. */
  body?: unknown;
}

export type RouteHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RouteDef {
  id: string;
  method: string;
  /** Literal segments and `:name` parameters, e.g. '/v1/payment_intents/:id/cancel'. */
  path: string;
  handler: RouteHandler;
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate_limit'; retryAfterSeconds: number; status?: number; body?: unknown }
  /** Wait, then handle normally: the vendor still acts even if the client gave up. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket before any answer; the handler does not run. */
  | { kind: 'reset' }
  /** Run the handler (the side effect happens) and destroy the socket instead of answering. */
  | { kind: 'reset_after_processing' }
  /** 200 with a body that does not parse. */
  | { kind: 'malformed'; body?: string }
  /** The simulator's own "token expired" answer. */
  | { kind: 'expired_token' };

export type FaultKind = Fault['kind'];

export interface FaultRule {
  /** A route id, or '*' / absent for every request to the simulator. */
  route?: string;
  fault: Fault;
  /** Apply to the next N matching requests only; absent = until cleared. */
  times?: number;
  /** Apply to this fraction (0..1) of matching requests, drawn from the seeded PRNG. */
  probability?: number;
}
