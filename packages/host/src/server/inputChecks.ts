import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DlxError } from '@dealix/connector-core';

/** `x-correlation-id`: 1..128 printable ASCII characters (it is written into audit records). */
const CORRELATION_ID = /^[\x20-\x7e]{1,128}$/;

/** A caller-supplied name echoed in an error message, kept short. */
const shown = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);

/**
 * Input rules every API request meets before its route runs: a query parameter is given once
 * (a repeated `approval_id` must not silently mean something else), and `x-correlation-id` is
 * short and printable. The Idempotency-Key rule is core's (checked by the runtime), not ours.
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    try {
      checkCorrelationId(req);
      // Vendors' webhook deliveries reach their connector as sent (it verifies them).
      if (!req.url.startsWith('/webhooks/')) checkQueryOnce(req);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
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
  if (value === undefined || (typeof value === 'string' && CORRELATION_ID.test(value))) return;
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
