import { DlxError, type ErrorCode } from '@dealix/connector-core';

type Answer = readonly [ErrorCode, (bodyLimit: number | undefined) => string];

// Node's 'aborted' error (a ConnResetException): the client, or the host's request_timeout_ms
// after its 408, closed the connection while the body was being read. A client event, not a
// fault of ours: no stack at error level, which any client could otherwise write at line rate.
// Matched by message too: another ECONNRESET (a store's socket) stays an internal fault.
const BODY_ABORTED: Answer = [
  'DLX_E_HOST_BODY_INVALID',
  () => 'the connection closed before the request body was complete',
];

// Fastify's parser answers one error for both (it keeps no cause): say both.
const INVALID_JSON: Answer = [
  'DLX_E_HOST_BODY_INVALID',
  () =>
    'the request body is not valid JSON, or has a "__proto__" key (or "constructor" with "prototype"), which is refused; send a JSON document with Content-Type application/json',
];

/** Fastify's errors about the request itself (not about our code), by their `code`. */
const FASTIFY_CODES: Readonly<Record<string, Answer>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [
    'DLX_E_HOST_BODY_TOO_LARGE',
    (limit) =>
      `the request body is larger than this route accepts${limit ? ` (${limit} bytes)` : ''}`,
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'DLX_E_HOST_UNSUPPORTED_MEDIA_TYPE',
    () => 'the request body has a Content-Type this route does not read; send application/json',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    'DLX_E_HOST_BODY_INVALID',
    () => 'the request body is not as long as its Content-Length says',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    'DLX_E_HOST_BODY_INVALID',
    () => 'the request body is empty while Content-Type says application/json; send {} at least',
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: INVALID_JSON,
  FST_ERR_BAD_URL: ['DLX_E_HOST_URI_INVALID', () => 'the URL has a malformed percent-escape'],
  FST_ERR_MAX_PARAM_LENGTH: [
    'DLX_E_HOST_URI_TOO_LONG',
    () => 'a path segment of the URL is longer than 100 characters',
  ],
};

/**
 * The host's coded error for an error fastify raised about the request itself; undefined for
 * anything else, which is then an internal fault.
 */
export function fastifyErrorAsDlx(error: unknown, bodyLimit?: number): DlxError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  let answer = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  if (!answer && code === 'ECONNRESET' && (error as Error).message === 'aborted') {
    answer = BODY_ABORTED;
  }
  // The JSON parser's own SyntaxError (malformed JSON, a __proto__ key) carries status 400.
  if (!answer && error instanceof SyntaxError && statusCode === 400) answer = INVALID_JSON;
  if (!answer) return undefined;
  return new DlxError(answer[0], answer[1](bodyLimit));
}
