import type { BoardRow } from '@dealix/connector-core';

export interface ConnectorHealth {
  /** Per tenant: its (tenant, connector) pairs with status ok / its registered pairs. */
  tenants: Record<string, number>;
  /** Over every tenant's pairs: Σ ok / Σ registered (tenant="all" in /metrics). */
  all: number;
}

/**
 * The standard's `connector_health`, computed once for the board and for `/metrics`: Σ ok /
 * Σ registered over (tenant, connector) pairs. A pair the tenant configured whose plugin was
 * rejected (or did not initialize) counts as registered and not ok; a connector the tenant has
 * not configured does not count. No registered pair: 0.
 */
export function connectorHealth(
  boards: readonly { tenant: string; connectors: readonly BoardRow[] }[],
): ConnectorHealth {
  const ratio = (ok: number, registered: number) => (registered === 0 ? 0 : ok / registered);
  const tenants: Record<string, number> = {};
  let ok = 0;
  let registered = 0;
  for (const board of boards) {
    const mine = board.connectors.filter((r) => r.registered);
    const mineOk = mine.filter((r) => r.status === 'ok').length;
    tenants[board.tenant] = ratio(mineOk, mine.length);
    ok += mineOk;
    registered += mine.length;
  }
  return { tenants, all: ratio(ok, registered) };
}
