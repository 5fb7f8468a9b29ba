import {
  apiErrorAnswerSchema,
  DlxError,
  ERROR_REGISTRY,
  reviveDlxError,
  type ErrorCode,
  type SerializedDlxError,
} from '@dealix/connector-core/api';

/** Where an answer came from, named in every error the client makes of it. */
export interface AnswerOrigin {
  /** The HOST_API operation id (`executeOperation`, ...). */
  route: string;
  method: string;
  path: string;
  status: number;
  /** The host's `x-request-id`: its log has the details of an answer under it. */
  requestId: string | null;
}

function isKnownCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_REGISTRY, code);
}

/**
 * The host's error answer as the error a caller branches on, by code: a code this client's
 * core knows is revived as that error (kind, retryable, details, vendor fields as the host
 * sent them); a code it does not know (a newer host) is DLX_E_CLIENT_HOST_ERROR keeping the
 * host's code, kind and retryable; an answer that is not the API's error shape is
 * DLX_E_CLIENT_RESPONSE_INVALID. Each carries `details.request_id`.
 */
export function errorFromAnswer(origin: AnswerOrigin, json: unknown): DlxError {
  const parsed = apiErrorAnswerSchema.safeParse(json);
  if (!parsed.success) {
    return responseInvalid(
      origin,
      `an error answer (status ${origin.status}) without the API's error shape`,
      parsed.error.issues,
    );
  }
  const error = parsed.data.error;
  const details = { ...error.details, request_id: origin.requestId };
  if (isKnownCode(error.code)) {
    return reviveDlxError({ ...(error as SerializedDlxError), code: error.code, details });
  }
  return new DlxError('DLX_E_CLIENT_HOST_ERROR', error.message, {
    retryable: error.retryable,
    ...(error.retry_after_ms !== undefined && { retryAfterMs: error.retry_after_ms }),
    details: {
      host_code: error.code,
      host_kind: error.kind,
      http_status: origin.status,
      ...(error.details !== undefined && { host_details: error.details }),
      request_id: origin.requestId,
    },
  });
}

/** The answer does not fit the API's schema for its route and status (or is not JSON). */
export function responseInvalid(
  origin: AnswerOrigin,
  what: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> = [],
): DlxError {
  const fields = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const named = fields.map((f) => `${f.path || '(answer)'}: ${f.message}`).join('; ');
  return new DlxError(
    'DLX_E_CLIENT_RESPONSE_INVALID',
    `${origin.method} ${origin.path} (${origin.route}): ${what}${named ? ` (${named})` : ''}; client and host versions may disagree`,
    {
      details: {
        route: origin.route,
        status: origin.status,
        issues: fields,
        request_id: origin.requestId,
      },
    },
  );
}

/** No answer: the connection failed before the host answered (refused, reset, DNS). */
export function networkError(
  route: string,
  method: string,
  path: string,
  cause: unknown,
): DlxError {
  const reason = causeCode(cause);
  return new DlxError(
    'DLX_E_CLIENT_NETWORK',
    `${method} ${path} (${route}): no answer from the host (${reason}); the request may or may not have arrived`,
    { cause, details: { route, reason } },
  );
}

/** The caller's signal fired: the request was abandoned, the host may still run it. */
export function abortedError(route: string, method: string, path: string): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_ABORTED',
    `${method} ${path} (${route}): cancelled by the caller before the host answered; a call may still run on the host (repeat it with the same Idempotency-Key to learn its result)`,
    { details: { route } },
  );
}

function causeCode(error: unknown): string {
  // fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : String(error);
}
