import type { Clock, OperationContext } from '../contract/types';
import type { AttemptBinding } from '../http';
import type { AttemptAbort } from './attemptTimeout';
import { vendorObjectRecorder } from './connectorKit';
import { attemptToken } from './tokenRefresh';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';

/**
 * What ctx.http is bound to. The signal is read when a request is made, not when ctx is built,
 * so binding the client does not make the attempt's AbortSignal.
 */
class LazySignalBinding implements AttemptBinding {
  constructor(
    private readonly abort: AttemptAbort,
    readonly idempotencyKey: string | undefined,
    private readonly requestIds: RequestIdSink,
    readonly maxResponseBytes: number | undefined,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** ctx.http's report of the vendor's request id: a method, not a function per call. */
  onRequestId(id: string): void {
    this.requestIds.vendorRequestId = id;
  }
}

/** Where the attempts of a call keep the vendor's request id ctx.http last reported. */
export interface RequestIdSink {
  vendorRequestId: string | null;
}

/**
 * The ctx of one attempt. `signal` is an own enumerable getter that makes the attempt's
 * AbortSignal on first read (ctx.http reads it on its first request): the same signal for every
 * read, aborted with the attempt, but never built for an operation that uses neither. Members
 * are own enumerable properties in the order of a plain literal, so spreading ctx still copies
 * every one. A class, so that every ctx shares one shape and one getter.
 */
class AttemptContext {
  declare readonly tenant: string;
  declare readonly connectorKey: string;
  declare readonly config: unknown;
  declare readonly state: unknown;
  declare readonly clock: Clock;
  declare readonly log: OperationContext<unknown, unknown>['log'];
  declare readonly signal: AbortSignal;
  declare readonly attempt: number;
  declare readonly operation: string;
  declare readonly correlationId: string;
  declare readonly http: OperationContext<unknown, unknown>['http'];
  declare readonly idempotencyKey?: string;
  declare readonly recordVendorObject: (objectId: string) => Promise<void>;
  declare readonly token: OperationContext<unknown, unknown>['token'];
  declare readonly webhookUrl: () => string;
  declare readonly metrics: OperationContext<unknown, unknown>['metrics'];
  declare readonly transport: OperationContext<unknown, unknown>['transport'];
  readonly #abort: AttemptAbort;

  // One descriptor for every ctx: a getter made per ctx would give each its own hidden class.
  static readonly #signalProperty: PropertyDescriptor = {
    get(this: AttemptContext): AbortSignal {
      return this.#abort.signal;
    },
    enumerable: true,
    configurable: true,
  };

  constructor(
    rc: RegisteredConnector,
    op: OperationRuntime,
    clock: Clock,
    abort: AttemptAbort,
    attempt: number,
    correlationId: string,
    idempotencyKey: string | undefined,
    requestIds: RequestIdSink,
  ) {
    const operation = op.name;
    this.#abort = abort;
    this.tenant = rc.tenant;
    this.connectorKey = rc.key;
    this.config = rc.config;
    this.state = rc.state;
    this.clock = clock;
    this.log = rc.log;
    Object.defineProperty(this, 'signal', AttemptContext.#signalProperty);
    this.attempt = attempt;
    this.operation = operation;
    this.correlationId = correlationId;
    this.http = rc.http.bind(
      new LazySignalBinding(abort, idempotencyKey, requestIds, op.policy.max_response_bytes),
    );
    if (idempotencyKey !== undefined) this.idempotencyKey = idempotencyKey;
    // One function reads the attempt's signal for the token and the transport alike.
    const signal = () => abort.signal;
    this.token = attemptToken(this, rc.kit, signal);
    this.webhookUrl = rc.kit.webhookUrl;
    this.metrics = rc.kit.metrics;
    this.transport = rc.kit.transport(signal);
    this.recordVendorObject = vendorObjectRecorder(
      rc.kit,
      { tenant: rc.tenant, connector: rc.key, operation, correlationId },
      clock,
    );
  }
}

/** The ctx of one attempt (see AttemptContext). */
export function attemptContext(
  rc: RegisteredConnector,
  op: OperationRuntime,
  clock: Clock,
  abort: AttemptAbort,
  attempt: number,
  correlationId: string,
  idempotencyKey: string | undefined,
  requestIds: RequestIdSink,
): OperationContext<unknown, unknown> {
  return new AttemptContext(
    rc,
    op,
    clock,
    abort,
    attempt,
    correlationId,
    idempotencyKey,
    requestIds,
  );
}
