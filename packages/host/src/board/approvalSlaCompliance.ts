import type { ApprovalRecord, ApprovalStore } from '@dealix/connector-core';
import type { HostConfig } from '../config/hostConfig';

/** One tenant's approval requests as stored, and the SLA that applies to them. */
export interface ApprovalSlaInput {
  tenant: string;
  slaMs: number;
  approvals: readonly ApprovalRecord[];
}

/** within ÷ due, with both counts; `ratio` is null when nothing is due. */
export interface ApprovalSlaFigure {
  ratio: number | null;
  within_sla: number;
  due: number;
}

export interface ApprovalSlaCompliance {
  /** Per tenant, with the SLA that tenant is measured against. */
  tenants: Record<string, ApprovalSlaFigure & { sla_ms: number }>;
  /** Σ within ÷ Σ due over every tenant given (tenant="all" in /metrics). */
  all: ApprovalSlaFigure;
  window_ms: number;
}

type Standing = 'within' | 'late' | 'not_due';

/**
 * Where one request stands against its SLA at `now`. Decided means it has a decision time:
 * granted, denied, or a grant later used or expired unused. Undecided, it is late once expired
 * (a pending request past expires_at is expired, whether or not anyone has listed it since) or
 * once pending longer than the SLA; before that it is not yet due.
 */
function standing(record: ApprovalRecord, slaMs: number, now: number): Standing {
  if (record.decided_at !== undefined) {
    return record.decided_at - record.requested_at <= slaMs ? 'within' : 'late';
  }
  if (record.status === 'expired' || now >= record.expires_at) return 'late';
  return now - record.requested_at > slaMs ? 'late' : 'not_due';
}

function figure(within: number, due: number): ApprovalSlaFigure {
  return { ratio: due === 0 ? null : within / due, within_sla: within, due };
}

/**
 * The dictionary's `approval_sla_compliance`, computed once for the board and for `/metrics`:
 * over the requests created in the window (requested_at ≥ now − window_ms), requests decided
 * within the tenant's sla_ms ÷ requests due (decided at any time, expired undecided, or pending
 * past sla_ms). Per tenant, and overall as Σ within ÷ Σ due.
 */
export function approvalSlaCompliance(
  inputs: readonly ApprovalSlaInput[],
  options: { now: number; windowMs: number },
): ApprovalSlaCompliance {
  const from = options.now - options.windowMs;
  const tenants: ApprovalSlaCompliance['tenants'] = {};
  let within = 0;
  let due = 0;
  for (const input of inputs) {
    let mineWithin = 0;
    let mineDue = 0;
    for (const record of input.approvals) {
      if (record.requested_at < from || record.requested_at > options.now) continue;
      const s = standing(record, input.slaMs, options.now);
      if (s === 'not_due') continue;
      mineDue += 1;
      if (s === 'within') mineWithin += 1;
    }
    tenants[input.tenant] = { ...figure(mineWithin, mineDue), sla_ms: input.slaMs };
    within += mineWithin;
    due += mineDue;
  }
  return { tenants, all: figure(within, due), window_ms: options.windowMs };
}

/** What reading the figures needs: the stored requests and the SLA settings. */
export interface ApprovalSlaSources {
  stores: { approvals: ApprovalStore };
  config: Pick<HostConfig, 'approvals' | 'tenants'>;
  runtime: { clock: { now(): number } };
}

/**
 * Reads each tenant's stored requests (raw rows, nothing expired or opened on the way), all
 * asked at once: the store worker answers them as one batch, not one round trip a tenant.
 */
export async function readApprovalSla(
  sources: ApprovalSlaSources,
  tenants: readonly string[],
): Promise<ApprovalSlaCompliance> {
  const inputs = await Promise.all(
    tenants.map(async (tenant): Promise<ApprovalSlaInput> => ({
      tenant,
      slaMs: sources.config.tenants[tenant]?.approvals?.sla_ms ?? sources.config.approvals.sla_ms,
      approvals: await sources.stores.approvals.list(tenant),
    })),
  );
  return approvalSlaCompliance(inputs, {
    now: sources.runtime.clock.now(),
    windowMs: sources.config.approvals.sla_window_ms,
  });
}
