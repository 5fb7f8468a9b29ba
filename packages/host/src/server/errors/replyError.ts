import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { DlxError, isDlxError } from '@dealix/connector-core';
import { fastifyErrorAsDlx } from './fastifyErrors';

/**
 * The one error path of the host: every error answer is `{ error: <DlxError JSON> }` with the
 * registry's HTTP status. Fastify's own errors (body parsing, URL) become their host codes; any
 * other non-coded error is a genuine internal fault, logged with its stack and answered as
 * DLX_E_HOST_INTERNAL without details.
 */
export function replyError(reply: FastifyReply, error: unknown): FastifyReply {
  const dlx = asDlxError(error, reply.log, reply.request.routeOptions.bodyLimit);
  // Load balancers and clients back off on the host's own 429 and 503 answers.
  if (dlx.httpStatus === 429 || dlx.httpStatus === 503) {
    reply.header('retry-after', String(retryAfterSeconds(dlx)));
  }
  return reply.code(dlx.httpStatus).send({ error: dlx.toJSON() });
}

export function asDlxError(error: unknown, log: FastifyBaseLogger, bodyLimit?: number): DlxError {
  if (isDlxError(error)) return error;
  const mapped = fastifyErrorAsDlx(error, bodyLimit);
  if (mapped) return mapped;
  log.error(
    {
      err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    },
    'unexpected error',
  );
  return new DlxError(
    'DLX_E_HOST_INTERNAL',
    "internal error; the host log has the details under this answer's x-request-id",
  );
}

/** Whole seconds, at least 1: the vendor's wait when one is known. */
export function retryAfterSeconds(error: DlxError): number {
  return Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
}
