import { DlxError, type DlxErrorOptions } from '../errors/dlxError';
import type { ErrorCode } from '../errors/registry';
import { scrubSecrets, scrubString } from '../secrets/secretScrubber';

/**
 * What every error of one governed call is built from. Messages name the method, host and
 * path only (never the query string or headers), and every string of the error is scrubbed of
 * the call's secrets before the DlxError exists, so its stack trace is clean too.
 */
export class ErrorScope {
  readonly host: string;
  readonly path: string;

  constructor(
    readonly connectorKey: string,
    readonly method: string,
    /** Undefined when the request's URL did not parse. */
    url: URL | undefined,
    private readonly secrets: readonly string[],
  ) {
    this.host = url?.hostname ?? '(invalid URL)';
    this.path = url?.pathname ?? '';
  }

  /** "stripe: POST api.stripe.com/v1/charges" */
  describe(): string {
    return `${this.connectorKey}: ${this.method} ${this.host}${this.path}`;
  }

  /** The secret-free details every error of this call carries. */
  details(extra?: Record<string, unknown>): Record<string, unknown> {
    return {
      connector: this.connectorKey,
      method: this.method,
      host: this.host,
      path: this.path,
      ...extra,
    };
  }

  build(code: ErrorCode, message: string, options: DlxErrorOptions): DlxError {
    const scrubbed: DlxErrorOptions = { ...options };
    if (options.details !== undefined)
      scrubbed.details = scrubSecrets(options.details, this.secrets);
    if (options.response !== undefined) {
      scrubbed.response = scrubSecrets(options.response, this.secrets);
    }
    if (options.vendorRequestId !== undefined) {
      scrubbed.vendorRequestId = scrubString(options.vendorRequestId, this.secrets);
    }
    if (options.cause !== undefined) scrubbed.cause = scrubSecrets(options.cause, this.secrets);
    return new DlxError(code, scrubString(message, this.secrets), scrubbed);
  }
}
