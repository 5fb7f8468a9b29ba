import Database from 'better-sqlite3';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  CANONICAL_METRICS,
  metricDictionaryFieldText,
  type ApprovalRecord,
} from '@dealix/connector-core';
import type { BoardTenant } from './boardData';
import type { SqliteStores } from '../stores/createSqliteStores';
import { TOKENS, startHarness, type HostHarness, GOOD_PAYMENTS } from '../__fixtures__/hostHarness';

// Issue 16: the dictionary's two computed metrics equal a recomputation from raw store rows.
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
const body = { amount: 100, payer_email: 'dana@example.com' };

/** A stored request with the given times and status (the fields the formula reads). */
function stored(
  tenant: string,
  n: number,
  times: { requested: number; decidedAfter?: number; expires?: number },
  status: ApprovalRecord['status'],
): ApprovalRecord {
  return {
    id: `apr_seed_${tenant}_${n}`,
    tenant,
    connector: 'good_payments',
    operation: 'pay',
    payload_digest: `digest-${n}`,
    payload_preview: { amount: n },
    requested_by: 'alice',
    requested_at: times.requested,
    expires_at: times.expires ?? times.requested + DAY,
    status,
    ...(times.decidedAfter !== undefined && {
      decided_by: 'bob',
      decided_at: times.requested + times.decidedAfter,
    }),
    correlation_id: `corr-${n}`,
  };
}

/** approval_sla_compliance per the dictionary's formula, as SQL over the approvals table. */
function recomputeSla(db: Database.Database, tenant: string, slaMs: number, now: number) {
  const row = db
    .prepare(
      `SELECT
         COALESCE(SUM(CASE WHEN decided_at IS NOT NULL AND decided_at - requested_at <= @sla
                  THEN 1 ELSE 0 END), 0) AS within,
         COALESCE(SUM(CASE WHEN decided_at IS NOT NULL THEN 1
                           WHEN status = 'expired' OR expires_at <= @now THEN 1
                           WHEN @now - requested_at > @sla THEN 1
                           ELSE 0 END), 0) AS due
       FROM approvals
       WHERE tenant = @tenant AND requested_at >= @now - @window AND requested_at <= @now`,
    )
    .get({ tenant, sla: slaMs, now, window: 30 * DAY }) as { within: number; due: number };
  return row;
}

/** connector_health per the dictionary's formula, from sync_state rows and the startup report. */
function recomputeHealth(
  db: Database.Database,
  configured: Record<string, string[]>,
  rejected: ReadonlySet<string>,
  breakers: ReadonlyMap<string, number>,
) {
  const ok = (tenant: string, key: string) => {
    if (rejected.has(key)) return false;
    const sync = db
      .prepare(
        'SELECT status, consecutive_failures FROM sync_state WHERE tenant = ? AND connector = ?',
      )
      .get(tenant, key) as { status: string; consecutive_failures: number } | undefined;
    const breakerClosed = (breakers.get(`${tenant}/${key}`) ?? 0) === 0;
    return (
      (sync === undefined || sync.status === 'ok') &&
      (sync?.consecutive_failures ?? 0) < 3 &&
      breakerClosed
    );
  };
  const tenants: Record<string, number> = {};
  let okAll = 0;
  let registeredAll = 0;
  for (const [tenant, keys] of Object.entries(configured)) {
    const okCount = keys.filter((k) => ok(tenant, k)).length;
    tenants[tenant] = okCount / keys.length;
    okAll += okCount;
    registeredAll += keys.length;
  }
  return { tenants, all: okAll / registeredAll };
}

type Family = { name: string; metrics: Array<{ labels: Record<string, string>; value: string }> };

const REPO = join(__dirname, '..', '..', '..', '..');

describe('the metric dictionary served by the host', () => {
  let h: HostHarness;
  const configured = {
    acme: ['good_echo', 'good_payments', 'health_failing', 'init_throws'],
    globex: ['good_echo', 'good_payments'],
    initech: ['good_echo'],
  };
  beforeAll(async () => {
    h = await startHarness({
      tenants: {
        acme: {
          connectors: {
            good_echo: {},
            good_payments: GOOD_PAYMENTS,
            health_failing: {},
            init_throws: {},
          },
        },
        // globex is measured against its own SLA of one minute.
        globex: {
          connectors: { good_echo: {}, good_payments: GOOD_PAYMENTS },
          approvals: { sla_ms: MINUTE },
        },
        initech: { connectors: { good_echo: {} } },
      },
      extraConfig: { approvals: { sla_ms: HOUR } },
    });
  }, 30_000);
  afterAll(() => h?.stop());

  it('serves the dictionary file: endpoint, core export, data file and docs page agree', async () => {
    const served = await h.call('GET', '/api/v1/metric-dictionary', { token: TOKENS.vic });
    expect(served.status).toBe(200);
    const file = JSON.parse(
      readFileSync(join(REPO, 'packages/core/src/metrics/metric-dictionary.json'), 'utf8'),
    );
    expect(served.json.metrics).toEqual(file.metrics);
    expect(served.json.metrics).toEqual(CANONICAL_METRICS);
    const page = readFileSync(join(REPO, 'docs/metric-dictionary.md'), 'utf8');
    for (const entry of served.json.metrics) {
      expect(page).toContain(`## \`${entry.name}\``);
      expect(page).toContain(`- **Formula:** ${metricDictionaryFieldText(entry, 'formula')}\n`);
      expect(page).toContain(
        `| \`${entry.name}\` | ${entry.definition} | ${entry.source} | ${entry.owner} |`,
      );
    }
  });

  async function live(tenant: string, key: string, decide: 'grant' | 'deny' | 'leave') {
    const pay = `/api/v1/tenants/${tenant}/connectors/good_payments/operations/pay`;
    const first = await h.call('POST', pay, {
      token: TOKENS.alice,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(202);
    const id = first.json.approval_id as string;
    if (decide === 'leave') return;
    const decision = await h.call('POST', `/api/v1/tenants/${tenant}/approvals/${id}/${decide}`, {
      token: TOKENS.bob,
      body: { reason: 'not this one' },
    });
    expect(decision.status).toBe(200);
    if (decide === 'grant') {
      const run = await h.call('POST', `${pay}?approval_id=${id}`, {
        token: TOKENS.alice,
        body,
        headers: { 'idempotency-key': key },
      });
      expect(run.status).toBe(200);
    }
  }

  it('board, /metrics and the SQL recomputation agree, per tenant and for all', async () => {
    const now = Date.now();
    const seed = (r: ApprovalRecord) => h.host.stores.approvals.create(r);
    // acme, sla 1 h: decided within (used; a grant that expired unused), decided late, expired
    // undecided, pending past the SLA, pending past expires_at, pending within the SLA, and one
    // outside the 30-day window.
    await seed(stored('acme', 1, { requested: now - 2 * HOUR, decidedAfter: 30 * MINUTE }, 'used'));
    await seed(stored('acme', 2, { requested: now - 5 * HOUR, decidedAfter: 3 * HOUR }, 'denied'));
    await seed(
      stored('acme', 3, { requested: now - 10 * HOUR, expires: now - 9 * HOUR }, 'expired'),
    );
    await seed(stored('acme', 4, { requested: now - 2 * HOUR }, 'pending'));
    await seed(stored('acme', 5, { requested: now - 25 * HOUR, expires: now - HOUR }, 'pending'));
    await seed(stored('acme', 6, { requested: now - 30 * MINUTE }, 'pending'));
    await seed(stored('acme', 7, { requested: now - 40 * DAY, decidedAfter: MINUTE }, 'used'));
    await seed(
      stored('acme', 8, { requested: now - 3 * HOUR, decidedAfter: 20 * MINUTE }, 'expired'),
    );
    // globex: decided after 5 minutes (late against one minute), pending 2 minutes, pending 30 s.
    await seed(
      stored('globex', 9, { requested: now - 10 * MINUTE, decidedAfter: 5 * MINUTE }, 'granted'),
    );
    await seed(stored('globex', 10, { requested: now - 2 * MINUTE }, 'pending'));
    await seed(stored('globex', 11, { requested: now - MINUTE / 2 }, 'pending'));
    // Live requests through the API: decided at once, or fresh and pending.
    await live('acme', 'sla-1', 'grant');
    await live('acme', 'sla-2', 'deny');
    await live('acme', 'sla-3', 'leave');
    await live('globex', 'sla-4', 'grant');

    const board = await h.call('GET', '/api/v1/connectors/governance', { token: TOKENS.vic });
    const metrics = await h.call('GET', '/metrics', { token: TOKENS.vic });
    const checkedAt = Date.now();
    const families = parsePrometheusTextFormat(metrics.text) as Family[];
    const gauge = (name: string) =>
      Object.fromEntries(
        families
          .find((f) => f.name === name)!
          .metrics.map((m) => [m.labels.tenant, Number(m.value)]),
      );

    // The sync state is written behind (stores/syncStateWriteBehind.ts): committed before the
    // file is read on a connection of the test's own.
    await (h.host.stores as SqliteStores).syncState.flush();
    const db = new Database(join(h.dir, 'host.db'), { readonly: true });
    try {
      const sla = Object.fromEntries(
        Object.keys(configured).map((t) => [
          t,
          recomputeSla(db, t, t === 'globex' ? MINUTE : HOUR, checkedAt),
        ]),
      );
      const breakerFamily = families.find((f) => f.name === 'connector_breaker_state')!;
      const breakers = new Map(
        breakerFamily.metrics.map((m) => [
          `${m.labels.tenant}/${m.labels.connector}`,
          Number(m.value),
        ]),
      );
      const rejected = new Set<string>(
        (await h.call('GET', '/healthz', { token: TOKENS.carol })).json.entries
          .filter((e: { outcome: string }) => e.outcome === 'rejected')
          .map((e: { key: string }) => e.key),
      );
      const health = recomputeHealth(db, configured, rejected, breakers);

      // The recomputation's own figures, so a formula wrong in both places still fails here.
      expect(sla).toEqual({
        acme: { within: 4, due: 8 },
        globex: { within: 1, due: 3 },
        initech: { within: 0, due: 0 },
      });
      expect(health).toEqual({ tenants: { acme: 0.5, globex: 1, initech: 1 }, all: 5 / 7 });

      for (const t of board.json.tenants as BoardTenant[]) {
        const mine = sla[t.tenant]!;
        expect(t.approval_sla).toMatchObject({ within_sla: mine.within, due: mine.due });
        expect(t.approval_sla_compliance).toBe(mine.due === 0 ? null : mine.within / mine.due);
        expect(t.connector_health).toBe(health.tenants[t.tenant]);
      }
      const slaGauge = gauge('approval_sla_compliance');
      expect(slaGauge.acme).toBe(0.5);
      expect(slaGauge.globex).toBeCloseTo(1 / 3);
      expect(slaGauge.initech).toBeNaN();
      expect(slaGauge.all).toBeCloseTo(5 / 11);
      const healthGauge = gauge('connector_health');
      expect(healthGauge).toEqual({ ...health.tenants, all: health.all });
    } finally {
      db.close();
    }
  });
});
