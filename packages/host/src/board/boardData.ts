import type {
  BoardRow,
  ConnectorManifest,
  ConnectorPackage,
  GovernanceRuntime,
  LoadedPlugin,
  StartupReport,
  TenantConnectorConfig,
} from '@dealix/connector-core';
import { approvalColumn, type ApprovalColumn } from './approvalColumn';
import {
  readApprovalSla,
  type ApprovalSlaCompliance,
  type ApprovalSlaSources,
} from './approvalSlaCompliance';
import { connectorHealth } from './connectorHealth';

/** A board row with the approval column computed per operation. */
export type HostBoardRow = Omit<BoardRow, 'approval_policy'> & ApprovalColumn;

export interface BoardTenant {
  tenant: string;
  /** connectors with status ok / connectors registered (the standard's connector_health). */
  connector_health: number;
  /** Approvals decided within SLA / approvals due (the dictionary's); null: nothing due. */
  approval_sla_compliance: number | null;
  /** The counts behind approval_sla_compliance and what they are measured against. */
  approval_sla: { within_sla: number; due: number; sla_ms: number; window_ms: number };
  connectors: HostBoardRow[];
}

export interface BoardSources extends ApprovalSlaSources {
  runtime: GovernanceRuntime;
  report: StartupReport;
  plugins: readonly LoadedPlugin[];
  /** Every package whose manifest validated, including ones rejected later (for names). */
  packages: readonly ConnectorPackage[];
  tenants: readonly TenantConnectorConfig[];
}

/**
 * The governance board per tenant: every registered instance as the runtime sees it, plus
 * loaded connectors the tenant has not configured (registered: false) and connectors the tenant
 * configured whose plugin was rejected (status error, the loader's reason as last error).
 * Only the `visible` tenants are shown (those of the caller's token).
 */
export async function buildBoard(
  sources: BoardSources,
  visible: readonly string[],
  /** The approval figures when the caller read them already (for these tenants or more). */
  approvalSla?: ApprovalSlaCompliance,
): Promise<BoardTenant[]> {
  const tenantNames = new Set(
    sources.tenants.map((t) => t.tenant).filter((t) => visible.includes(t)),
  );
  // Asked together: the store worker answers both reads in one batch.
  const [rows, sla] = await Promise.all([
    sources.runtime.boardFor(),
    approvalSla ?? readApprovalSla(sources, [...tenantNames]),
  ]);
  const result: BoardTenant[] = [];
  for (const tenant of [...tenantNames].sort()) {
    const mine = rows.filter((r) => r.tenant === tenant);
    const configured = sources.tenants.find((t) => t.tenant === tenant)?.connectors ?? {};
    for (const p of sources.plugins) {
      const key = p.pkg.manifest.connector_key;
      if (mine.some((r) => r.connector_key === key) || configured[key] !== undefined) continue;
      mine.push(unregisteredRow(tenant, p));
    }
    for (const entry of sources.report.entries) {
      if (entry.outcome !== 'rejected' || entry.key === null || configured[entry.key] === undefined)
        continue;
      if (mine.some((r) => r.connector_key === entry.key)) continue;
      mine.push(
        rejectedRow(tenant, entry.key, entry.version, entry.reason, entry.code, sources.packages),
      );
    }
    // A tenant instance whose initialize failed: its plugin loaded, but not for this tenant.
    for (const key of Object.keys(configured)) {
      if (mine.some((r) => r.connector_key === key)) continue;
      mine.push(
        rejectedRow(
          tenant,
          key,
          null,
          'the connector did not initialize for this tenant; see the startup report',
          'DLX_E_LOADER_INITIALIZE_FAILED',
          sources.packages,
        ),
      );
    }
    mine.sort((a, b) => a.connector_key.localeCompare(b.connector_key));
    const { ratio, within_sla, due, sla_ms } = sla.tenants[tenant]!;
    result.push({
      tenant,
      connector_health: 0,
      approval_sla_compliance: ratio,
      approval_sla: { within_sla, due, sla_ms, window_ms: sla.window_ms },
      connectors: mine.map((r) => withApproval(r, sources)),
    });
  }
  const health = connectorHealth(result);
  for (const t of result) t.connector_health = health.tenants[t.tenant] ?? 0;
  return result;
}

function withApproval(row: BoardRow, sources: BoardSources): HostBoardRow {
  const { approval_policy: _default, ...rest } = row;
  return { ...rest, ...approvalColumn(manifestOf(row.connector_key, sources)) };
}

function manifestOf(key: string, sources: BoardSources): ConnectorManifest | undefined {
  return sources.packages.find((p) => p.manifest.connector_key === key)?.manifest;
}

function unregisteredRow(tenant: string, p: LoadedPlugin): BoardRow {
  const m = p.pkg.manifest;
  return {
    tenant,
    connector_key: m.connector_key,
    display_name: m.display_name,
    display_name_ar: m.display_name_ar,
    status: 'degraded',
    last_success_at: null,
    last_attempt_at: null,
    last_error: null,
    registered: false,
    version: p.pkg.version,
    breaker_state: 'closed',
    approval_policy: m.approval_policy,
    data_classification: m.data_classification,
    probe: null,
    unknown_outcomes: 0,
  };
}

function rejectedRow(
  tenant: string,
  key: string,
  version: string | null,
  reason: string | null,
  code: string | null,
  packages: readonly ConnectorPackage[],
): BoardRow {
  const m = packages.find((p) => p.manifest.connector_key === key)?.manifest;
  return {
    tenant,
    connector_key: key,
    display_name: m?.display_name ?? key,
    display_name_ar: m?.display_name_ar ?? key,
    status: 'error',
    last_success_at: null,
    last_attempt_at: null,
    last_error: {
      code: code ?? 'DLX_E_LOADER_IMPORT_FAILED',
      message: reason ?? 'rejected at startup',
      at: new Date().toISOString(),
    },
    registered: true,
    version: version ?? 'unknown',
    breaker_state: 'closed',
    approval_policy: m?.approval_policy ?? 'unknown',
    data_classification: m?.data_classification ?? 'unknown',
    probe: null,
    unknown_outcomes: 0,
  };
}
