import type { Permission } from '../../auth/principals';

/**
 * Which tenant a route touches, so the guard can check it against the token's `tenants`:
 * - `param`: the tenant named by a path parameter (`/api/v1/tenants/:tenant/...`);
 * - `fixed`: always this tenant (sandbox routes: `sandbox`);
 * - `filter`: data of several tenants, narrowed to the token's; an optional `?tenant=` must be
 *   one of them (the board);
 * - `all`: data of every tenant at once (`/metrics`, `/healthz`): a `["*"]` token;
 * - `none`: no tenant's data (the metric dictionary).
 */
export type TenantScope =
  | { kind: 'param'; param: string }
  | { kind: 'fixed'; tenant: string }
  | { kind: 'filter'; query: string }
  | { kind: 'all' }
  | { kind: 'none' };

/**
 * The access a route declares in its options, `{ config: { scope } }`. Every route declares
 * one (a route without it fails the app at startup); the guard is derived from it, so a route
 * never checks tokens itself.
 */
export type RouteScope =
  | {
      access: 'token';
      permission: Permission;
      tenant: TenantScope;
      /** Without a token, served on loopback when open reads are on (read routes only). */
      openOnLoopback?: boolean;
    }
  /** No token: vendors' signed webhooks (the connector verifies), readiness, the root redirect. */
  | { access: 'public'; why: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    scope?: RouteScope;
  }
}

/** One entry of the route table: what the host serves and who may call it. */
export interface ScopedRoute {
  method: string;
  url: string;
  scope: RouteScope;
}

/** Shorthands for the common declarations. */
export const tenantRoute = (permission: Permission, param = 'tenant'): { scope: RouteScope } => ({
  scope: { access: 'token', permission, tenant: { kind: 'param', param } },
});

export const publicRoute = (why: string): { scope: RouteScope } => ({
  scope: { access: 'public', why },
});
