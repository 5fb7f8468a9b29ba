import fc from 'fast-check';
import { createMemoryStores, type ApprovalRecord } from '@dealix/connector-core';
import { hostConfigSchema } from '../config/hostConfig';
import { approvalSlaCompliance, readApprovalSla } from './approvalSlaCompliance';

// Issue 16: approval_sla_compliance over a window that is configurable (approvals.sla_window_ms)
// and an SLA per tenant; dictionaryMetrics.test.ts recomputes it from raw SQLite rows.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2027, 0, 10);

function request(
  n: number,
  requestedAgo: number,
  status: ApprovalRecord['status'],
  decidedAfter?: number,
): ApprovalRecord {
  const requested = NOW - requestedAgo;
  return {
    id: `apr_${n}`,
    tenant: 'acme',
    connector: 'good_payments',
    operation: 'pay',
    payload_digest: `d${n}`,
    payload_preview: {},
    requested_by: 'alice',
    requested_at: requested,
    expires_at: requested + DAY,
    status,
    ...(decidedAfter !== undefined && { decided_by: 'bob', decided_at: requested + decidedAfter }),
    correlation_id: `c${n}`,
  };
}

describe('approvalSlaCompliance', () => {
  const approvals = [
    request(1, 2 * DAY, 'used', HOUR), // within, two days ago
    request(2, 10 * HOUR, 'denied', 5 * HOUR), // late, today
    request(3, 3 * HOUR, 'granted', HOUR), // within, today
    request(4, 3 * HOUR, 'pending'), // pending past a 2 h SLA
    request(5, HOUR, 'pending'), // not yet due
  ];

  it('counts only requests created in the window', () => {
    const input = [{ tenant: 'acme', slaMs: 2 * HOUR, approvals }];
    const month = approvalSlaCompliance(input, { now: NOW, windowMs: 30 * DAY });
    expect(month.tenants.acme).toEqual({ ratio: 2 / 4, within_sla: 2, due: 4, sla_ms: 2 * HOUR });
    const day = approvalSlaCompliance(input, { now: NOW, windowMs: DAY });
    expect(day.tenants.acme).toEqual({ ratio: 1 / 3, within_sla: 1, due: 3, sla_ms: 2 * HOUR });
    expect(day.window_ms).toBe(DAY);
  });

  it('never counts more within than due, and a narrower window never counts more (property)', () => {
    const record = fc.record({
      ago: fc.integer({ min: 0, max: 60 * DAY }),
      status: fc.constantFrom<ApprovalRecord['status']>(
        'pending',
        'granted',
        'denied',
        'expired',
        'used',
      ),
      decidedAfter: fc.option(fc.integer({ min: 0, max: 2 * DAY }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 40 }),
        fc.integer({ min: 1, max: 60 * DAY }),
        fc.integer({ min: 1, max: 60 * DAY }),
        fc.integer({ min: 1, max: 2 * DAY }),
        (rows, windowA, windowB, slaMs) => {
          const list = rows.map((r, i) =>
            request(i, r.ago, r.status, r.status === 'pending' ? undefined : r.decidedAfter),
          );
          const input = [{ tenant: 'acme', slaMs, approvals: list }];
          const [narrow, wide] = [Math.min(windowA, windowB), Math.max(windowA, windowB)].map(
            (windowMs) => approvalSlaCompliance(input, { now: NOW, windowMs }).tenants.acme!,
          );
          expect(narrow!.within_sla).toBeLessThanOrEqual(narrow!.due);
          expect(narrow!.due).toBeLessThanOrEqual(wide!.due);
          expect(narrow!.within_sla).toBeLessThanOrEqual(wide!.within_sla);
          expect(wide!.ratio).toBe(wide!.due === 0 ? null : wide!.within_sla / wide!.due);
        },
      ),
    );
  });

  it('reads approvals.sla_window_ms and each tenant’s sla_ms from the host config', async () => {
    const stores = createMemoryStores();
    for (const r of approvals) await stores.approvals.create(r);
    const config = hostConfigSchema.parse({
      approvals: { sla_ms: 2 * HOUR, sla_window_ms: DAY },
      tenants: { acme: { connectors: {}, approvals: { sla_ms: 6 * HOUR } } },
    });
    const figures = await readApprovalSla(
      { stores, config, runtime: { clock: { now: () => NOW } } },
      ['acme'],
    );
    // A 6 h SLA: the denial after 5 h is within it, the pending request of 3 h is not due yet.
    expect(figures.tenants.acme).toEqual({ ratio: 1, within_sla: 2, due: 2, sla_ms: 6 * HOUR });
    expect(figures.window_ms).toBe(DAY);
  });
});
