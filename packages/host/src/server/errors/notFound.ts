import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DlxError } from '@dealix/connector-core';
import { replyError } from './replyError';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Unknown paths answer 404 DLX_E_HOST_NOT_FOUND; a known path with another method answers 405
 * DLX_E_HOST_METHOD_NOT_ALLOWED with the `Allow` header.
 */
export function registerNotFound(app: FastifyInstance): void {
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? '/';
    const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
    const allowed = METHODS.filter(
      (method) => method !== req.method && app.findRoute({ method, url: path }) !== null,
    );
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return replyError(
        reply,
        new DlxError(
          'DLX_E_HOST_METHOD_NOT_ALLOWED',
          `${req.method} is not allowed on ${shown}; it takes ${allowed.join(', ')}`,
        ),
      );
    }
    return replyError(
      reply,
      new DlxError('DLX_E_HOST_NOT_FOUND', `no route ${req.method} ${shown}`),
    );
  });
}
