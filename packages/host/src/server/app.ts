import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { installRouteScopes } from './access/installRouteScopes';
import type { ScopedRoute } from './access/routeScope';
import { ERROR_OPTIONS, installErrorHandling } from './errors/errorHandling';
import type { HostContext } from './hostContext';
import { registerInputChecks } from './inputChecks';
import { registerCallRoutes } from './routes/callRoutes';
import { registerReadRoutes } from './routes/readRoutes';
import { registerWebhookRoutes } from './routes/webhookRoutes';

export interface HostApp {
  app: FastifyInstance;
  /** Every route with its declared access scope (docs/architecture.md, "Route scopes"). */
  routes: readonly ScopedRoute[];
}

/**
 * The host's HTTP API (fastify): every route declares its access scope, every error answers in
 * one shape, every log line carries the request id.
 */
export async function buildApp(ctx: HostContext, logger: Logger): Promise<HostApp> {
  const app = Fastify({
    // pino's Logger is fastify's logger; the cast only bridges the two packages' type names.
    loggerInstance: logger as unknown as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
    ...ERROR_OPTIONS,
  });
  installErrorHandling(app);
  // The API reads JSON only: a text body is refused (415), not passed on as a string.
  app.removeContentTypeParser('text/plain');
  registerInputChecks(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // During shutdown a connection that served an in-flight request turns idle only after its
  // answer; close it then, or server.close() would wait out the keep-alive timeout.
  app.addHook('onResponse', async () => {
    if (shuttingDown.has(app)) setImmediate(() => app.server.closeIdleConnections());
  });
  const routes = installRouteScopes(app, ctx.access);
  registerReadRoutes(app, ctx);
  registerCallRoutes(app, ctx);
  await registerWebhookRoutes(app, ctx);
  return { app, routes };
}

const shuttingDown = new WeakSet<FastifyInstance>();

/** Stops accepting, lets in-flight requests finish, then closes the server. */
export async function closeApp(app: FastifyInstance): Promise<void> {
  shuttingDown.add(app);
  await app.close();
}
