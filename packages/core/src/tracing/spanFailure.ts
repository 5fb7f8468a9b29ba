import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { isDlxError } from '../errors/dlxError';
import { SPAN_ATTRIBUTES as A } from './spanNames';

/**
 * What a span says about a failure: the error code and what core knows of it, never its
 * message (a vendor's words may echo the payload). A thrown non-core error is a connector bug.
 */
function failureAttributes(error: unknown): Attributes {
  if (!isDlxError(error)) return { [A.errorType]: 'connector_error' };
  return {
    [A.errorType]: error.code,
    [A.errorCode]: error.code,
    [A.retryable]: error.retryable,
    [A.mayHaveReachedVendor]: error.mayHaveReachedVendor,
    ...(error.vendorRequestId !== undefined && { [A.vendorRequestId]: error.vendorRequestId }),
  };
}

/**
 * Ends a span with a failure: its failure attributes (and `extra`), status ERROR with the
 * error type (the registry code, or `connector_error`) as the status message.
 */
export function endFailedSpan(span: Span, error: unknown, extra?: Attributes): void {
  const failure = failureAttributes(error);
  span.setAttributes(extra === undefined ? failure : { ...failure, ...extra });
  span.setStatus({ code: SpanStatusCode.ERROR, message: String(failure[A.errorType]) });
  span.end();
}
