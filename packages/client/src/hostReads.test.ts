import { CANONICAL_METRICS, renderHostApiOpenApi } from '@dealix/connector-core';
import { hasErrorCode } from './index';
import { useSandboxHost } from './__fixtures__/sandboxHost';

// Issue 16: the client reads the board, the events outbox, the audit trail, the metric
// dictionary, health and metrics of a running host, each answer checked against HOST_API.
const payment = { amount: 700, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' };

describe('reads of a running sandbox host through the client', () => {
  const h = useSandboxHost();

  it('reads the governance board with both computed dictionary metrics per tenant', async () => {
    const board = await h.operator.governanceBoard('sandbox');
    expect(board.tenants.map((t) => t.tenant)).toEqual(['sandbox']);
    const tenant = board.tenants[0]!;
    expect(tenant.connectors.find((c) => c.connector_key === 'stripe')).toMatchObject({
      status: 'ok',
      approval_policy: 'per_operation',
    });
    expect(tenant.connector_health).toBe(1);
    expect(tenant.approval_sla).toMatchObject({ due: 0, within_sla: 0 });
    expect(tenant.approval_sla_compliance).toBeNull();
    const foreign = await h.operator.governanceBoard('acme').catch((e: unknown) => e);
    expect(hasErrorCode(foreign, 'DLX_E_HOST_TENANT_FORBIDDEN')).toBe(true);
  });

  it('reads the metric dictionary, health, metrics and the API document', async () => {
    expect(await h.open.metricDictionary()).toEqual(CANONICAL_METRICS);
    const health = await h.open.health();
    expect(health.plugins.ready).toBeGreaterThanOrEqual(1);
    expect(health.entries.find((e) => e.key === 'stripe')).toMatchObject({ outcome: 'ready' });
    const metrics = await h.open.metrics();
    expect(metrics).toContain('connector_health{tenant="sandbox"} 1');
    expect(metrics).toMatch(/approval_sla_compliance\{tenant="all"\}/);
    expect(await h.open.openApi()).toEqual(renderHostApiOpenApi());
    expect(await h.open.ready()).toMatchObject({ status: 'ready', host_id: expect.any(String) });
  });

  it('reads the events outbox page by page, and the audit trail of a call', async () => {
    const ops = h.operator.tenant('sandbox');
    await h.sandbox.trigger('stripe', 'payment_succeeded');
    await h.sandbox.trigger('stripe', 'payment_failed');
    await h.sandbox.trigger('stripe', 'charge_refunded');
    const firstPage = await ops.events({ limit: 2 });
    expect(firstPage.events.map((e) => e.type)).toEqual(['payment_succeeded', 'payment_failed']);
    const all = [];
    for await (const event of ops.iterateEvents({ limit: 2 })) all.push(event);
    expect(all.map((e) => e.type)).toEqual([
      'payment_succeeded',
      'payment_failed',
      'charge_refunded',
    ]);
    expect(all.every((e) => typeof e.cursor === 'string')).toBe(true);
    const rest = [];
    for await (const event of ops.iterateEvents({ after: all[1]!.cursor })) rest.push(event);
    expect(rest.map((e) => e.type)).toEqual(['charge_refunded']);

    const retrieved = await ops
      .execute(
        'stripe',
        'retrieve_payment_intent',
        { payment_intent: 'pi_missing0' },
        {
          correlationId: 'client-trace-1',
        },
      )
      .catch((e: unknown) => e);
    expect(hasErrorCode(retrieved, 'DLX_E_VENDOR_PERMANENT')).toBe(true);
    const { records } = await ops.audit({ limit: 1000 });
    expect(records.find((r) => r.correlation_id === 'client-trace-1')).toMatchObject({
      event: 'payment_intent_retrieve_failed',
      actor: 'sandbox-operator',
      error_code: 'DLX_E_VENDOR_PERMANENT',
    });
    const later = await ops.audit({ after: records[records.length - 1]!.seq });
    expect(later.records).toEqual([]);
  });

  it('compensates a call through its own approval', async () => {
    const ops = h.operator.tenant('sandbox');
    await ops.executeWithApproval('stripe', 'create_payment_intent', payment, {
      idempotencyKey: 'client-refund-1',
      onApprovalRequired: h.grant,
    });
    const undone = await ops.compensateWithApproval<{ action: string }>(
      'stripe',
      'create_payment_intent',
      { idempotencyKey: 'client-refund-1', input: payment, onApprovalRequired: h.grant },
    );
    expect(undone).toMatchObject({ status: 'ok', output: { action: 'refunded' } });
  });
});
