import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { checkAccess, type AccessSettings } from './accessGuard';
import type { ScopedRoute } from './routeScope';

/**
 * Makes every route declare its access scope (`{ config: { scope } }`): a route without one
 * throws while the app is built, so the host cannot start with an unguarded route. The guard
 * runs first thing for each request (before the body is read) and is derived from the scope.
 * Returns the route table, filled as routes are added.
 */
export function installRouteScopes(app: FastifyInstance, settings: AccessSettings): ScopedRoute[] {
  const table: ScopedRoute[] = [];
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    if (scope === undefined) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access scope: add { config: { scope } } (see docs/architecture.md, "Route scopes")`,
      );
    }
    for (const method of [route.method].flat()) table.push({ method, url: route.url, scope });
    const guard: onRequestHookHandler = (req, _reply, done) => {
      try {
        checkAccess(req, scope, settings);
      } catch (error) {
        return done(error as Error);
      }
      done();
    };
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [guard, ...own];
  });
  return table;
}
