import { DlxError, isDlxError } from '../errors/dlxError';
import { DeadlineSweep, type Deadline } from '../http/deadlineSweep';
import { scrubSecrets } from '../secrets';

/**
 * Every instance's initialize() bound on one timer (see DeadlineSweep), in real time: a host
 * with many connectors initializes them one after another, and a Timeout armed and cleared per
 * instance was a share of its start.
 */
const INITIALIZE_DEADLINES = new DeadlineSweep(() => performance.now(), true);

/** Where initialize() reads its signal: made on the first read (most never read it). */
export interface InitializeSignal {
  readonly signal: AbortSignal;
}

/**
 * One initialize() under its deadline: the deadline itself, the signal's source and the
 * settling of the one promise the caller awaits. Its AbortController is made only when the
 * initialize reads the signal (ctx.http on a request, a token fetch, a transport); one that times
 * out before a read still hands out an aborted signal afterwards.
 */
class InitializeBound implements Deadline, InitializeSignal {
  readonly at: number;
  sweepSlot = -1;
  private controller: AbortController | undefined;
  private reason: DlxError | undefined;
  private settled = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly where: string,
    private readonly secrets: readonly string[],
    private readonly resolve: (state: unknown) => void,
    private readonly reject: (error: DlxError) => void,
  ) {
    this.at = performance.now() + timeoutMs;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  expire(): void {
    if (this.settled) return;
    this.settled = true;
    this.reason = new DlxError(
      'DLX_E_LOADER_INITIALIZE_TIMEOUT',
      `${this.where}: initialize() did not finish within ${this.timeoutMs} ms`,
    );
    this.controller?.abort(this.reason);
    this.reject(this.reason);
  }

  readonly fulfilled = (state: unknown): void => {
    if (this.settled) return;
    this.settled = true;
    INITIALIZE_DEADLINES.remove(this);
    this.resolve(state);
  };

  readonly failed = (error: unknown): void => {
    if (this.settled) return;
    this.settled = true;
    INITIALIZE_DEADLINES.remove(this);
    const message = scrubSecrets(
      error instanceof Error ? error.message : String(error),
      this.secrets,
    );
    this.reject(
      new DlxError(
        'DLX_E_LOADER_INITIALIZE_FAILED',
        `${this.where}: initialize() threw: ${message}`,
        { cause: isDlxError(error) ? error : { message } },
      ),
    );
  };
}

/**
 * Runs `init` bounded by `timeoutMs`: its state, or DLX_E_LOADER_INITIALIZE_TIMEOUT (its signal
 * aborted), or DLX_E_LOADER_INITIALIZE_FAILED with the error's message scrubbed of `secrets`.
 * One promise per instance (a timeout promise raced against init's cost one more, and a
 * rejection handler each).
 */
export function boundedInitialize(
  init: (source: InitializeSignal) => Promise<unknown>,
  timeoutMs: number,
  where: string,
  secrets: readonly string[],
): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const bound = new InitializeBound(timeoutMs, where, secrets, resolve, reject);
    INITIALIZE_DEADLINES.add(bound);
    let running: Promise<unknown>;
    try {
      running = init(bound);
    } catch (error) {
      bound.failed(error);
      return;
    }
    running.then(bound.fulfilled, bound.failed);
  });
}
