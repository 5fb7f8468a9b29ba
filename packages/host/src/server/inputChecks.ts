import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DlxError, isCorrelationId } from '@dealix/connector-core';

/** A caller-supplied name echoed in an error message, kept short. */
const shown = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);

/**
 * Headers a request gives once, with one meaning: Node keeps the first of two `Host` or
 * `Authorization` lines and joins two `x-correlation-id` lines into "a, b", so a second line
 * would pass unseen (RFC 9112 answers two Host lines with 400).
 */
const ONCE_HEADERS = [
  'host',
  'authorization',
  'content-type',
  'x-correlation-id',
  'idempotency-key',
];

/**
 * Input rules every API request meets before its route runs: a `Host` header, the headers of
 * ONCE_HEADERS given once, a query parameter given once (a repeated `approval_id` must not
 * silently mean something else), a JSON body in UTF-8, and `x-correlation-id` short and
 * printable. The Idempotency-Key rule is core's (checked by the runtime), not ours.
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    try {
      checkHeadersOnce(req);
      checkCorrelationId(req);
      // Vendors' webhook deliveries reach their connector as sent (it verifies them).
      if (!req.url.startsWith('/webhooks/')) {
        checkParamsGiven(req);
        checkQueryOnce(req);
        checkCharset(req);
      }
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

function checkHeadersOnce(req: FastifyRequest): void {
  // HTTP/1.0 has no Host header; Node's own check is off so that this answer has our shape.
  if (req.headers.host === undefined && req.raw.httpVersion !== '1.0') {
    throw new DlxError('DLX_E_HOST_HEADER_INVALID', 'the request has no Host header; give one', {
      details: { header: 'host' },
    });
  }
  // Node folds a repeated header into one key (kept first or joined): with as many keys as
  // header lines, none repeats, and the per-line view (an array for every header) is not built.
  const raw = req.raw;
  if (Object.keys(raw.headers).length * 2 === raw.rawHeaders.length) return;
  const distinct = raw.headersDistinct;
  for (const name of ONCE_HEADERS) {
    const lines = distinct[name];
    if (lines !== undefined && lines.length > 1) {
      throw new DlxError(
        'DLX_E_HOST_HEADER_INVALID',
        `the ${name} header is given ${lines.length} times; give it once`,
        { details: { header: name } },
      );
    }
  }
}

/** A JSON body is read as UTF-8 (RFC 8259): a body declared in another charset is refused. */
function checkCharset(req: FastifyRequest): void {
  const type = req.headers['content-type'];
  if (type === undefined) return;
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(type)?.[1];
  if (charset === undefined || /^utf-?8$/i.test(charset)) return;
  throw new DlxError(
    'DLX_E_HOST_UNSUPPORTED_MEDIA_TYPE',
    `the body is declared charset=${shown(charset)}; send application/json in UTF-8`,
    { details: { content_type: shown(type) } },
  );
}

/**
 * A path with an empty segment where the route takes a name (`/approvals/`, `/tenants//...`) is
 * no route: it would otherwise reach the route with an empty id ("no approval \"\"").
 */
function checkParamsGiven(req: FastifyRequest): void {
  const params = req.params as Record<string, string> | undefined;
  if (params === undefined) return;
  for (const value of Object.values(params)) {
    if (value === '') {
      const path = req.url.split('?')[0] ?? '/';
      throw new DlxError('DLX_E_HOST_NOT_FOUND', `no route ${req.method} ${shown(path)}`);
    }
  }
}

function checkQueryOnce(req: FastifyRequest): void {
  const query = req.query as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      throw new DlxError(
        'DLX_E_HOST_QUERY_REPEATED',
        `query parameter "${shown(name)}" is given ${value.length} times; give it once`,
        { details: { parameter: shown(name) } },
      );
    }
  }
}

function checkCorrelationId(req: FastifyRequest): void {
  const value = req.headers['x-correlation-id'];
  if (value === undefined || (typeof value === 'string' && isCorrelationId(value))) return;
  const length = typeof value === 'string' ? value.length : value.join(',').length;
  throw new DlxError(
    'DLX_E_HOST_HEADER_INVALID',
    `x-correlation-id must be 1..128 printable ASCII characters; this one has ${length} characters` +
      (length <= 128 ? ' and others than printable ASCII' : ''),
    { details: { header: 'x-correlation-id', max_length: 128 } },
  );
}

/** The caller's correlation id (already checked), else the request id. */
export function correlationIdOf(req: FastifyRequest): string {
  const value = req.headers['x-correlation-id'];
  return typeof value === 'string' ? value : req.id;
}
