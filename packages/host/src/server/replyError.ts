import type { FastifyReply } from 'fastify';
import { DlxError, isDlxError } from '@dealix/connector-core';

/** Every API error answers `{ error: <DlxError JSON> }` with the registry's HTTP status. */
export function replyError(reply: FastifyReply, error: unknown): FastifyReply {
  const dlx = isDlxError(error)
    ? error
    : new DlxError('DLX_E_STORE_FAILURE', 'internal error; see the host log for details');
  if (!isDlxError(error))
    reply.log.error(
      {
        err:
          error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
      },
      'unexpected error',
    );
  return reply.code(dlx.httpStatus >= 400 ? dlx.httpStatus : 500).send({ error: dlx.toJSON() });
}
