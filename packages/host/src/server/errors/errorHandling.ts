import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { answerClientError } from './clientError';
import { registerNotFound } from './notFound';
import { replyError } from './replyError';

/** Fastify options that send fastify's own early errors (URL, HTTP parser) to the one path. */
export const ERROR_OPTIONS = {
  frameworkErrors: (error, _req, reply) => replyError(reply, error),
  clientErrorHandler: answerClientError,
} as const satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>;

/**
 * Every error answer of the app goes through replyError: thrown errors, fastify's body-parsing
 * errors, unknown routes (404) and known paths with another method (405).
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, _req, reply) => replyError(reply, error));
  registerNotFound(app);
}
