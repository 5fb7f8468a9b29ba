import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { HostConfig } from '../config/hostConfig';
import { randomUUID } from 'node:crypto';
import { installRouteScopes } from './access/installRouteScopes';
import type { ScopedRoute } from './access/routeScope';
import { ERROR_OPTIONS, installErrorHandling } from './errors/errorHandling';
import { DrainControl } from './drainControl';
import type { HostContext } from './hostContext';
import { applyConnectionLimits } from './connectionLimits';
import { registerInputChecks } from './inputChecks';
import { lazySchemaCompilers } from './lazySchemaCompilers';
import { OneLinePerRequest } from './requestLog';
import { registerSecurityHeaders } from './securityHeaders';
import { registerAuditRoutes } from './routes/auditRoutes';
import { registerCallRoutes } from './routes/callRoutes';
import { registerReadRoutes } from './routes/readRoutes';
import { registerSandboxRoutes } from './routes/sandboxRoutes';
import { registerUnknownOutcomeRoutes } from './routes/unknownOutcomeRoutes';
import { registerWebhookRoutes } from './routes/webhookRoutes';
import { installRequestSpans } from '../tracing/requestSpans';

export interface HostApp {
  app: FastifyInstance;
  /** Every route with its declared access scope (docs/architecture.md, "Route scopes"). */
  routes: readonly ScopedRoute[];
  /** Stops the server within a bound: `drain.close(app, drainMs)`. */
  drain: DrainControl;
}

/**
 * The host's HTTP API (fastify): every route declares its access scope, every error answers in
 * one shape, every log line carries the request id, one line per request.
 */
export async function buildApp(ctx: HostContext, logger: Logger): Promise<HostApp> {
  const app = Fastify({
    // pino's Logger is fastify's logger; the cast only bridges the two packages' type names.
    loggerInstance: logger as unknown as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: ctx.config.limits.api_body_bytes,
    logController: new OneLinePerRequest(),
    ...ERROR_OPTIONS,
    ...clientTimeouts(ctx.config.limits),
    // While draining, DrainControl answers in the host's error shape (fastify's own 503 would not).
    return503OnClosing: false,
    // No route declares a JSON schema: fastify's compilers load only if one ever does.
    schemaController: lazySchemaCompilers(),
  });
  applyConnectionLimits(app.server, ctx.config.limits);
  // Before any route: the request span must exist when fastify makes a request's logger.
  if (ctx.traced === true) installRequestSpans(app);
  installErrorHandling(app);
  // The API reads JSON only: a text body is refused (415), not passed on as a string.
  app.removeContentTypeParser('text/plain');
  registerInputChecks(app);
  registerSecurityHeaders(app);
  const routes = installRouteScopes(app, ctx.access);
  const drain = new DrainControl();
  drain.attach(app, ctx.hostId);
  registerReadRoutes(app, ctx);
  registerCallRoutes(app, ctx);
  registerUnknownOutcomeRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  await registerWebhookRoutes(app, ctx);
  if (ctx.sandbox) registerSandboxRoutes(app, ctx, ctx.sandbox);
  return { app, routes, drain };
}

/**
 * Node's HTTP server limits for slow clients (limits.*_timeout_ms). Node checks the header and
 * request timeouts on an interval; it is kept short so a slow client is answered near its limit.
 */
function clientTimeouts(limits: HostConfig['limits']) {
  return {
    keepAliveTimeout: limits.keep_alive_timeout_ms,
    requestTimeout: limits.request_timeout_ms,
    // The last answer allowed says `Connection: close` (see connectionLimits.ts).
    maxRequestsPerSocket: limits.requests_per_connection,
    http: {
      headersTimeout: limits.header_timeout_ms,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, limits.header_timeout_ms / 2)),
      // A request without Host is answered by inputChecks.ts in the host's error shape; Node's
      // own check answers a bare 400 with an empty body.
      requireHostHeader: false,
    },
  };
}
