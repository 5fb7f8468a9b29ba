import { createHash } from 'node:crypto';
import type { BoardTenant, HostBoardRow } from './boardData';
import { BOARD_TEXT, type BoardLanguage } from './boardText';

const STYLE = `
body{font-family:system-ui,"Noto Sans Arabic","Segoe UI",sans-serif;margin:24px;color:#1b1f24;background:#f6f8fa}
header{display:flex;justify-content:space-between;align-items:center;gap:16px}
h1{font-size:22px;margin:0}h2{font-size:17px;margin:24px 0 8px}
a.lang{font-size:15px;padding:6px 12px;border:1px solid #8c959f;border-radius:6px;text-decoration:none;color:#1b1f24;background:#fff}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{padding:8px 10px;border-bottom:1px solid #d0d7de;text-align:start;vertical-align:top}
th{background:#eaeef2;font-weight:600}
.badge{display:inline-block;min-width:64px;text-align:center;padding:3px 10px;border-radius:12px;font-weight:600;color:#fff}
.status-ok{background:#1a7f37}.status-degraded{background:#bf8700}.status-error{background:#cf222e}.status-off{background:#8c959f}
.breaker-open{color:#cf222e;font-weight:600}.breaker-half_open{color:#bf8700;font-weight:600}
.err{color:#cf222e;max-width:360px;overflow-wrap:anywhere}.muted{color:#57606a}
.health{font-size:14px;color:#57606a;font-weight:normal}
.notice{border:1px solid #bf8700;background:#fff8c5;padding:8px 12px;border-radius:6px}
.waiting{color:#cf222e;font-weight:600}
`;

/**
 * The page's Content-Security-Policy: no script at all, its one inline style allowed by hash,
 * never framed (clickjacking), nothing loaded from elsewhere.
 */
export const BOARD_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function time(iso: string | null, lang: BoardLanguage): string {
  if (!iso) return `<span class="muted">${BOARD_TEXT[lang].never}</span>`;
  // Timestamps stay left-to-right inside the Arabic page (bidi would reorder their parts).
  return `<time dir="ltr" datetime="${esc(iso)}">${esc(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time>`;
}

/** `per operation: a, b` names the operations that need approval; else the one policy. */
function approvalCell(r: HostBoardRow, lang: BoardLanguage): string {
  const t = BOARD_TEXT[lang];
  const label = t.approvals[r.approval_policy];
  if (r.approval_policy !== 'per_operation') return esc(label);
  const ops = r.approval_required_operations.map((op) => `<code>${esc(op)}</code>`).join(', ');
  return `${esc(label)}: <span class="approval-ops">${ops}</span>`;
}

/** `approvals within SLA: 75% (3/4)`; nothing due in the window reads `none due`. */
function approvalSlaText(tenant: BoardTenant, lang: BoardLanguage): string {
  const t = BOARD_TEXT[lang];
  const ratio = tenant.approval_sla_compliance;
  if (ratio === null) return `${t.approvalSla}: ${t.nothingDue}`;
  const { within_sla, due } = tenant.approval_sla;
  return `${t.approvalSla}: ${Math.round(ratio * 100)}% <bdi dir="ltr">(${within_sla}/${due})</bdi>`;
}

function row(r: HostBoardRow, lang: BoardLanguage): string {
  const t = BOARD_TEXT[lang];
  const name = lang === 'ar' ? r.display_name_ar : r.display_name;
  const statusClass = r.registered ? `status-${r.status}` : 'status-off';
  const statusText = r.registered ? t.statuses[r.status] : t.notConfigured;
  const error = r.last_error
    ? `<span class="err" title="${esc(r.last_error.code)}">${esc(r.last_error.message)}</span>`
    : `<span class="muted">${t.none}</span>`;
  return `<tr data-connector="${esc(r.connector_key)}" data-status="${r.registered ? r.status : 'not_configured'}">
<td><strong>${esc(name)}</strong><br><span class="muted">${esc(r.connector_key)}</span></td>
<td><span class="badge ${statusClass}">${esc(statusText)}</span></td>
<td>${time(r.last_success_at, lang)}</td><td>${time(r.last_attempt_at, lang)}</td><td>${error}</td>
<td>${r.registered ? t.yes : t.no}</td><td>${esc(r.version)}</td>
<td class="breaker-${r.breaker_state}">${t.breakers[r.breaker_state]}</td>
<td data-approval="${r.approval_policy}">${approvalCell(r, lang)}</td><td>${esc(r.data_classification)}</td>
<td${r.unknown_outcomes > 0 ? ' class="waiting"' : ''}>${r.unknown_outcomes}</td></tr>`;
}

/** The board page, rendered on the server: readable with no script, refreshes itself. */
export function renderBoardPage(
  tenants: readonly BoardTenant[],
  lang: BoardLanguage,
  now: Date,
  notices: { loopbackEgress?: boolean; hostId?: string } = {},
): string {
  const t = BOARD_TEXT[lang];
  const other: BoardLanguage = lang === 'ar' ? 'en' : 'ar';
  const head = [
    t.connector,
    t.status,
    t.lastSuccess,
    t.lastAttempt,
    t.lastError,
    t.registered,
    t.version,
    t.breaker,
    t.approval,
    t.classification,
    t.unknownOutcomes,
  ]
    .map((h) => `<th scope="col">${h}</th>`)
    .join('');
  const sections =
    tenants.length === 0
      ? `<p>${t.noTenants}</p>`
      : tenants
          .map(
            (tenant) => `<section data-tenant="${esc(tenant.tenant)}">
<h2>${t.tenant}: ${esc(tenant.tenant)} <span class="health">${t.health}: ${Math.round(tenant.connector_health * 100)}%</span> <span class="health" data-approval-sla="${tenant.approval_sla_compliance ?? ''}">${approvalSlaText(tenant, lang)}</span></h2>
<table><thead><tr>${head}</tr></thead><tbody>
${tenant.connectors.map((r) => row(r, lang)).join('\n')}
</tbody></table></section>`,
          )
          .join('\n');
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="15"><title>${t.title}</title><style>${STYLE}</style></head>
<body><header><h1>${t.title}</h1><a class="lang" href="?lang=${other}" hreflang="${other}">${t.switchTo}</a></header>
${notices.loopbackEgress ? `<p class="notice" data-notice="loopback-egress">${t.loopbackEgress}</p>` : ''}
${sections}
<p class="muted">${t.updated}: <bdi dir="ltr">${esc(now.toISOString())}</bdi>${notices.hostId === undefined ? '' : ` · ${t.servedBy}: <bdi dir="ltr" data-host-id>${esc(notices.hostId)}</bdi>`}</p>
</body></html>`;
}
