import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '../config/hostConfig';

/** A token's tenants: names, or `["*"]` for every tenant. */
export const ALL_TENANTS = '*';

export interface Principal {
  /** The token's name: the actor in audit records. */
  name: string;
  roles: readonly Role[];
  /** The tenants the token may act on or read; `["*"]` is every tenant. */
  tenants: readonly string[];
}

export interface TokenEntry extends Principal {
  token: string;
}

/** What each API action needs; admin may do everything (within its tenants). */
export const ROUTE_ROLES = {
  read: ['viewer', 'operator', 'approver', 'admin'],
  execute: ['operator', 'admin'],
  decide: ['approver', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof ROUTE_ROLES;

/**
 * Looks tokens up by digest with a constant-time compare over every configured token, so timing
 * says nothing about how much of a guess was right. A token that matched is remembered (by its
 * exact value) so its next request skips the SHA-256 and the scan: only configured tokens are
 * ever remembered, so the map holds at most as many entries as the config has tokens, and a
 * wrong token always takes the full constant-time path. (A Map lookup compares strings only
 * with equal hashes: it tells nothing about a prefix.)
 */
export class PrincipalDirectory {
  private readonly entries: Array<{ digest: Buffer; principal: Principal }>;
  private readonly known = new Map<string, Principal>();

  constructor(tokens: readonly TokenEntry[]) {
    this.entries = tokens.map(({ token, ...principal }) => ({ digest: digest(token), principal }));
  }

  get size(): number {
    return this.entries.length;
  }

  authenticate(token: string | undefined): Principal | undefined {
    if (!token) return undefined;
    const remembered = this.known.get(token);
    if (remembered !== undefined) return remembered;
    const d = digest(token);
    let found: Principal | undefined;
    for (const e of this.entries) if (timingSafeEqual(e.digest, d)) found = e.principal;
    if (found !== undefined && this.known.size < this.entries.length) this.known.set(token, found);
    return found;
  }
}

export function allows(principal: Principal, permission: Permission): boolean {
  const needed: readonly Role[] = ROUTE_ROLES[permission];
  return principal.roles.some((r) => needed.includes(r));
}

export function coversAllTenants(principal: Principal): boolean {
  return principal.tenants.includes(ALL_TENANTS);
}

export function coversTenant(principal: Principal, tenant: string): boolean {
  return coversAllTenants(principal) || principal.tenants.includes(tenant);
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
