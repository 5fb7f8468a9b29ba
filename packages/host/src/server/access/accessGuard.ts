import type { FastifyRequest } from 'fastify';
import { DlxError } from '@dealix/connector-core';
import {
  allows,
  coversAllTenants,
  coversTenant,
  type Principal,
  type PrincipalDirectory,
} from '../../auth/principals';
import { isOpenLoopbackRead } from './loopbackReads';
import type { RouteScope } from './routeScope';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface AccessSettings {
  directory: PrincipalDirectory;
  /** Read routes declared openOnLoopback may be read without a token from loopback. */
  openReads: boolean;
  /** Host of public_base_url, also accepted in the Host header of open loopback reads. */
  publicHost: string | null;
  /** The tenants this host serves: a route naming another answers 404. */
  tenants: ReadonlySet<string>;
}

/** Who reads an open loopback route without a token: a viewer of every tenant. */
const LOOPBACK_READER: Principal = { name: 'loopback', roles: ['viewer'], tenants: ['*'] };

/** `Authorization: Bearer <token>`, the scheme in any case (RFC 7235). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * Checks a request against its route's scope: a valid token (or an open loopback read), then
 * the tenant (a foreign tenant is refused whatever the role), then the role's permission.
 * Sets `req.principal` for the route.
 */
export function checkAccess(
  req: FastifyRequest,
  scope: RouteScope,
  settings: AccessSettings,
): void {
  if (scope.access === 'public') return;
  const principal = settings.directory.authenticate(bearerToken(req.headers.authorization));
  if (!principal) {
    if (openRead(req, scope, settings)) {
      req.principal = LOOPBACK_READER;
      return;
    }
    throw new DlxError('DLX_E_HOST_UNAUTHENTICATED', 'a valid bearer token is required');
  }
  const tenant = requestedTenant(req, scope);
  const refusal = refusalOf(principal, tenant, scope);
  if (refusal === undefined) {
    // After the token's tenants: a token scoped to others learns nothing about which exist.
    // A `["*"]` token naming a tenant this host does not serve read empty lists before.
    if (tenant !== undefined && scope.tenant.kind !== 'fixed' && !settings.tenants.has(tenant)) {
      throw notServed(tenant);
    }
    req.principal = principal;
  }
  // A route spanning every tenant (/healthz, /metrics) open without a token stays open with
  // one: a token scoped to some tenants (the sandbox's) must not lower access below anonymous.
  // A tenant's own routes still refuse a foreign tenant: the board shows a token's tenants.
  else if (scope.tenant.kind === 'all' && openRead(req, scope, settings)) {
    req.principal = LOOPBACK_READER;
  } else throw refusal;
}

/** A read route open on loopback, read from loopback naming this server (no token needed). */
function openRead(
  req: FastifyRequest,
  scope: Extract<RouteScope, { access: 'token' }>,
  settings: AccessSettings,
): boolean {
  return (
    scope.permission === 'read' &&
    scope.openOnLoopback === true &&
    settings.openReads &&
    isOpenLoopbackRead(req, settings.publicHost)
  );
}

/** Why a valid token may not use this route (its tenants, then its role); undefined: it may. */
function refusalOf(
  principal: Principal,
  tenant: string | undefined,
  scope: Extract<RouteScope, { access: 'token' }>,
): DlxError | undefined {
  if (scope.tenant.kind === 'all' && !coversAllTenants(principal)) {
    return new DlxError(
      'DLX_E_HOST_TENANT_FORBIDDEN',
      `token "${principal.name}" is scoped to ${principal.tenants.join(', ')}; this route spans every tenant and needs a token with tenants ["*"]`,
    );
  }
  if (tenant !== undefined && !coversTenant(principal, tenant)) {
    return new DlxError(
      'DLX_E_HOST_TENANT_FORBIDDEN',
      `token "${principal.name}" is not scoped to tenant "${shown(tenant)}"`,
      { details: { tenant: shown(tenant) } },
    );
  }
  if (!allows(principal, scope.permission)) {
    return new DlxError(
      'DLX_E_HOST_FORBIDDEN',
      `token "${principal.name}" (${principal.roles.join(', ')}) may not ${scope.permission}`,
    );
  }
  return undefined;
}

function requestedTenant(
  req: FastifyRequest,
  scope: Extract<RouteScope, { access: 'token' }>,
): string | undefined {
  switch (scope.tenant.kind) {
    case 'param':
      return (req.params as Record<string, string | undefined>)[scope.tenant.param] ?? '';
    case 'fixed':
      return scope.tenant.tenant;
    case 'filter': {
      const value = (req.query as Record<string, unknown>)[scope.tenant.query];
      return typeof value === 'string' ? value : undefined;
    }
    default:
      return undefined;
  }
}

function notServed(tenant: string): DlxError {
  return new DlxError(
    'DLX_E_HOST_NOT_FOUND',
    `tenant "${shown(tenant)}" is not configured on this host`,
    { details: { tenant: shown(tenant) } },
  );
}

const shown = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);

/** The tenants a principal may see among `tenants` (for routes scoped `filter`). */
export function visibleTenants(principal: Principal, tenants: readonly string[]): string[] {
  return tenants.filter((t) => coversTenant(principal, t));
}
