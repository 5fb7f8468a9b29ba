import type { Readable } from 'node:stream';
import type { GovernedRequest, GovernedResponse } from '../contract/types';
import { hasErrorCode, type DlxError } from '../errors/dlxError';
import type { ConcurrencyLimiter } from './concurrencyLimiter';
import { ConnectionTracker } from './connectionTracker';
import { egressDeniedError, tooManyRedirectsError } from './egressErrors';
import { ErrorScope } from './errorScope';
import type { HostAllowlist } from './hostAllowlist';
import {
  buildOutgoingRequest,
  idempotencyFor,
  requestUrl,
  type OutgoingRequest,
} from './outgoingRequest';
import { encodeMultipart, isFormData } from './multipartBody';
import { nextRedirectHop } from './redirectFollower';
import type { RequestRateLimiter } from './requestRateLimiter';
import {
  decodeErrorBody,
  decodeJsonOrText,
  flattenHeaders,
  readBody,
  ResponseTooLargeError,
} from './responseBody';
import { sendRequest, type SentAnswer } from './sendRequest';
import { secretsSentBy } from './sentSecrets';
import { abortedError, networkError } from './transportErrors';
import { startHttpClientSpan, type ClientSpan } from '../tracing/clientSpan';
import {
  findRequestId,
  malformedBodyError,
  responseTooLargeError,
  vendorErrorFromResponse,
  type VendorAnswer,
} from './vendorErrorFromResponse';

/** Everything one client shares across its attempts: built once per (tenant, connector). */
export interface ClientState {
  readonly connectorKey: string;
  readonly allowlist: HostAllowlist;
  readonly limiter: ConcurrencyLimiter;
  readonly rateLimiter: RequestRateLimiter | undefined;
  readonly maxRedirects: number;
  readonly maxResponseBytes: number;
  /**
   * Configured secret values, raw: a header carrying one is dropped on a cross-host hop. Grows
   * when a token is acquired (GovernedHttpClient.addSecret).
   */
  readonly secrets: string[];
  /** The same secrets in every form they may be echoed in. */
  readonly secretForms: string[];
  readonly idempotencyHeader: string | undefined;
  /** Lower-case. */
  readonly requestIdHeaders: readonly string[];
  readonly now: () => number;
  /** Send the W3C traceparent of each hop's client span (http.propagateTraceContext). */
  readonly propagateTraceContext: boolean;
}

/** What one attempt binds: see AttemptBinding in governedHttpClient.ts. */
export interface CallBinding {
  signal: AbortSignal;
  idempotencyKey?: string;
  onRequestId?: (id: string) => void;
  /** Overrides the client's response cap for this binding (an operation's max_response_bytes). */
  maxResponseBytes?: number;
}

interface HopAnswer extends VendorAnswer {
  stream: Readable;
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/**
 * One governed request: allowlist, concurrency slot, rate token, then hop by hop (core follows
 * redirects itself), each hop checked again before anything is sent.
 */
export async function performRequest<T>(
  s: ClientState,
  binding: CallBinding,
  given: GovernedRequest,
): Promise<GovernedResponse<T>> {
  const { signal } = binding;
  // A FormData body is encoded before anything else: its boundary decides the Content-Type.
  const req = isFormData(given.data) ? await withMultipartBody(given, given.data) : given;
  const url = requestUrl(req);
  const first =
    url === undefined
      ? undefined
      : buildOutgoingRequest(req, url, idempotencyFor(s.idempotencyHeader, binding.idempotencyKey));
  // Secrets are gathered only when an error is built: the success path never pays for it.
  const errors = (hop: OutgoingRequest | undefined): ErrorScope =>
    new ErrorScope(s.connectorKey, hop?.method ?? req.method ?? 'GET', hop?.url, [
      ...s.secretForms,
      ...(first === undefined
        ? []
        : secretsSentBy(first.headers, s.idempotencyHeader, binding.idempotencyKey)),
    ]);

  if (first === undefined || !s.allowlist.allowsUrl(first.url)) {
    throw egressDeniedError(errors(first), false, false);
  }
  if (signal.aborted) throw abortedError(errors(first), signal.reason, false);
  if (!s.limiter.tryAcquire() && !(await s.limiter.wait(signal))) {
    throw abortedError(errors(first), signal.reason, false);
  }

  const tracker = new ConnectionTracker();
  const limit = binding.maxResponseBytes ?? s.maxResponseBytes;
  try {
    let hop = first;
    for (let redirects = 0; ; redirects++) {
      const answer = await sendHop(s, binding, hop, tracker, errors, redirects);
      const accepted = (req.acceptStatus ?? isSuccess)(answer.status);
      if (accepted)
        return await acceptedResponse<T>(limit, req, hop, answer, tracker, signal, errors);

      const next = nextRedirectHop(hop, answer.status, answer.headers.location, s.secrets);
      if (next === undefined) {
        throw await rejectedAnswer(s, limit, hop, answer, signal, tracker, errors, redirects > 0);
      }
      answer.stream.resume();
      if (redirects >= s.maxRedirects) throw tooManyRedirectsError(errors(hop), s.maxRedirects);
      if (!s.allowlist.allowsUrl(next.url)) {
        throw egressDeniedError(errors(next), tracker.connected, true);
      }
      hop = next;
    }
  } finally {
    s.limiter.release();
  }
}

async function sendHop(
  s: ClientState,
  binding: CallBinding,
  hop: OutgoingRequest,
  tracker: ConnectionTracker,
  errors: (hop: OutgoingRequest) => ErrorScope,
  redirects: number,
): Promise<HopAnswer> {
  const { signal } = binding;
  // Every hop is a request the vendor counts, so every hop takes a token.
  if (s.rateLimiter !== undefined && !(await s.rateLimiter.acquire(signal))) {
    throw abortedError(errors(hop), signal.reason, tracker.connected);
  }
  const span = startHttpClientSpan(hop.method, hop.url, redirects);
  let response: SentAnswer;
  try {
    response = await sendRequest(
      hop,
      span !== undefined && s.propagateTraceContext ? traced(hop.headers, span) : hop.headers,
      signal,
      tracker,
    );
  } catch (error) {
    const failure = signal.aborted
      ? abortedError(errors(hop), signal.reason, tracker.connected)
      : networkError(errors(hop), error, tracker.connected);
    span?.failed(failure);
    throw failure;
  }
  // Node already lower-cased the names; repeated ones (set-cookie) are joined.
  const headers = flattenHeaders(response.headers);
  const requestId = findRequestId(headers, s.requestIdHeaders);
  if (requestId !== undefined) binding.onRequestId?.(requestId);
  span?.answered(response.status, requestId);
  return { status: response.status, headers, body: null, requestId, stream: response.stream };
}

async function acceptedResponse<T>(
  limit: number,
  req: GovernedRequest,
  hop: OutgoingRequest,
  answer: HopAnswer,
  tracker: ConnectionTracker,
  signal: AbortSignal,
  errors: (hop: OutgoingRequest) => ErrorScope,
): Promise<GovernedResponse<T>> {
  const body = await readOrThrow(limit, hop, answer, tracker, signal, errors);
  let data: unknown;
  switch (req.responseType ?? 'json') {
    case 'arraybuffer':
      data = body;
      break;
    case 'text':
      data = body.toString('utf8');
      break;
    case 'json': {
      const decoded = decodeJsonOrText(body, answer.headers['content-type']);
      if (!decoded.ok) {
        throw malformedBodyError(errors(hop), { ...answer, body: decoded.text });
      }
      data = decoded.value;
    }
  }
  return {
    status: answer.status,
    headers: answer.headers,
    data: data as T,
    ...(answer.requestId !== undefined && { requestId: answer.requestId }),
  };
}

/** The error for an answer the operation did not accept, with its body read (bounded). */
async function rejectedAnswer(
  s: ClientState,
  limit: number,
  hop: OutgoingRequest,
  answer: HopAnswer,
  signal: AbortSignal,
  tracker: ConnectionTracker,
  errors: (hop: OutgoingRequest) => ErrorScope,
  afterRedirect: boolean,
): Promise<DlxError> {
  let body: unknown = null;
  try {
    const bytes = await readOrThrow(limit, hop, answer, tracker, signal, errors);
    body = decodeErrorBody(bytes, answer.headers['content-type']);
  } catch (error) {
    // An abort or an oversized body says more than the status; a body cut short does not.
    if (!hasErrorCode(error, 'DLX_E_VENDOR_NETWORK')) return error as DlxError;
  }
  return vendorErrorFromResponse(errors(hop), { ...answer, body }, s.now(), afterRedirect);
}

async function readOrThrow(
  limit: number,
  hop: OutgoingRequest,
  answer: HopAnswer,
  tracker: ConnectionTracker,
  signal: AbortSignal,
  errors: (hop: OutgoingRequest) => ErrorScope,
): Promise<Buffer> {
  try {
    return await readBody(answer.stream, limit, answer.headers['content-length']);
  } catch (error) {
    if (signal.aborted) throw abortedError(errors(hop), signal.reason, tracker.connected);
    if (error instanceof ResponseTooLargeError) {
      throw responseTooLargeError(errors(hop), answer, limit);
    }
    throw networkError(errors(hop), error, tracker.connected, answer.status);
  }
}

/** The request with its FormData encoded as multipart bytes under their own Content-Type. */
async function withMultipartBody(req: GovernedRequest, form: FormData): Promise<GovernedRequest> {
  const { body, contentType } = await encodeMultipart(form);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (name.toLowerCase() !== 'content-type') headers[name] = value;
  }
  headers['content-type'] = contentType;
  return { ...req, data: body, headers };
}

/** The hop's headers with its client span's trace context, unless the connector set its own. */
function traced(headers: Record<string, string>, span: ClientSpan): Record<string, string> {
  const out = { ...headers };
  out.traceparent ??= span.traceparent();
  const state = span.tracestate();
  if (state !== undefined) out.tracestate ??= state;
  return out;
}
