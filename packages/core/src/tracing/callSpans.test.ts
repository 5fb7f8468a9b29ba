import { createHash } from 'node:crypto';
import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import {
  LEDGER_SECRET,
  rejectionOf,
  useHarness,
  type Harness,
} from '../runtime/__fixtures__/runtimeHarness';
import { activeTracer } from './activeTracer';
import { startSpanRecorder, type SpanRecorder } from './__fixtures__/spanRecorder';

// Every governed call as a span tree: `<connector>.<operation>`, an attempt span per attempt,
// ctx.http's client span below each, waits and approvals as events, trace ids in audit records.

const EMAIL = 'dana.customer@example.org';

/** Everything an exporter would send of these spans, as text (for the leak scan). */
function exported(spans: ReadableSpan[]): string {
  return JSON.stringify(
    spans.map((s) => ({
      name: s.name,
      attributes: s.attributes,
      events: s.events,
      links: s.links,
      status: s.status,
    })),
  );
}

describe('call spans with a tracer provider registered', () => {
  const harness = useHarness({ runtime: { limits: { maxConcurrency: 1 } } });
  let h: Harness;
  let spans: SpanRecorder;
  beforeEach(() => {
    h = harness();
    spans = startSpanRecorder();
  });
  afterEach(() => spans.stop());

  it('records a call retried after a 503 as one span with an attempt span and a client span each', async () => {
    h.vendor.script(
      '/balance/a1',
      { status: 503, headers: { 'retry-after': '1' } },
      { body: { balance: 42 }, headers: { 'request-id': 'req_77' } },
    );
    const result = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'a1' },
      actor: 'ops',
    });
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });

    const call = spans.one('ledger.get_balance');
    expect(call.parentSpanContext).toBeUndefined();
    expect(call.attributes).toMatchObject({
      'dealix.tenant': 'acme',
      'dealix.connector': 'ledger',
      'dealix.connector.version': '1.2.3',
      'dealix.operation': 'get_balance',
      'dealix.call.kind': 'execute',
      'dealix.outcome': 'success',
      'dealix.attempts': 2,
      'dealix.replayed': false,
      'dealix.vendor_request_id': 'req_77',
      'dealix.correlation_id': result.correlation_id,
    });
    expect(call.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'retry_after',
        { 'dealix.wait_ms': 1000, 'dealix.attempt': 1, 'dealix.retry_after_ms': 1000 },
      ],
    ]);

    const attempts = spans.childrenOf(call);
    expect(attempts.map((a) => [a.name, a.attributes['dealix.attempt'], a.status.code])).toEqual([
      ['ledger.get_balance attempt', 1, SpanStatusCode.ERROR],
      ['ledger.get_balance attempt', 2, SpanStatusCode.UNSET],
    ]);
    expect(attempts[0]!.attributes).toMatchObject({
      'error.type': 'DLX_E_VENDOR_TRANSIENT',
      'dealix.retryable': true,
    });
    const clients = attempts.map((a) => spans.childrenOf(a));
    expect(
      clients.map((c) => c.map((s) => [s.name, s.attributes['http.response.status_code']])),
    ).toEqual([[['GET', 503]], [['GET', 200]]]);
    expect(clients[1]![0]!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'url.scheme': 'http',
      'dealix.vendor_request_id': 'req_77',
    });

    // The vendor saw each hop's client span as its parent.
    expect(h.vendor.seen.map((r) => r.headers.traceparent)).toEqual(
      clients.map((c) => `00-${call.spanContext().traceId}-${c[0]!.spanContext().spanId}-01`),
    );
    // Every audit record of the call names the call's trace and span.
    const records = await h.stores.audit.list();
    expect(records.map((r) => [r.event, r.trace_id, r.span_id])).toEqual([
      ['attempt_failed', call.spanContext().traceId, call.spanContext().spanId],
      ['balance_read', call.spanContext().traceId, call.spanContext().spanId],
    ]);
  });

  it('continues the active context: a call inside a caller span is its child', async () => {
    h.vendor.script('/balance/a2', { body: { balance: 1 } });
    const tracer = trace.getTracer('test');
    const parent = tracer.startSpan('caller');
    await context.with(trace.setSpan(context.active(), parent), () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'a2' },
        actor: 'ops',
      }),
    );
    parent.end();
    const call = spans.one('ledger.get_balance');
    expect(call.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(call.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('records an approval round trip: pending, then granted with its wait, and never the payload', async () => {
    h.vendor.script('/payments', { body: { id: 'pay_1' } });
    const input = { amount: 500, customer_email: EMAIL };
    const key = 'caller-key-7f3e';
    const first = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input,
      actor: 'ops',
      idempotencyKey: key,
    });
    if (first.status !== 'approval_required') throw new Error('expected an approval request');
    h.clock.advance(90_000);
    await h.runtime.approvals.grant('acme', first.approval_id, 'approver');
    const second = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input,
      actor: 'ops',
      idempotencyKey: key,
      approvalId: first.approval_id,
    });
    expect(second).toMatchObject({ status: 'ok', attempts: 1 });

    const [asked, paid] = spans.spans().filter((s) => s.name === 'ledger.create_payment');
    expect(asked!.attributes).toMatchObject({
      'dealix.outcome': 'approval_required',
      'dealix.approval_id': first.approval_id,
      'dealix.attempts': 0,
    });
    expect(asked!.events.map((e) => e.name)).toEqual(['approval_pending']);
    expect(paid!.attributes).toMatchObject({
      'dealix.outcome': 'success',
      'dealix.approval_id': first.approval_id,
      'dealix.idempotency_key.sha256': createHash('sha256').update(key).digest('hex'),
    });
    expect(paid!.events.map((e) => [e.name, e.attributes?.['dealix.approval_id']])).toEqual([
      ['approval_granted', first.approval_id],
    ]);
    // The virtual clock also moves with real time: at least the 90 s the approver took.
    expect(paid!.events[0]!.attributes?.['dealix.approval.waited_ms']).toBeGreaterThanOrEqual(
      90_000,
    );
    const text = exported(spans.spans());
    for (const hidden of [EMAIL, key, LEDGER_SECRET, '"amount"'])
      expect(text).not.toContain(hidden);
  });

  it('marks a failed call with its error code only, and an attempt that waited for a slot', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.vendor.script('/balance/slow', { body: { balance: 1 }, hold: held });
    h.vendor.script('/balance/a3', { status: 401, body: { error: `bad key for ${EMAIL}` } });
    const slow = h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'slow' },
      actor: 'ops',
    });
    await h.vendor.arrived('/balance/slow', 1);
    const refused = rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'a3' },
        actor: 'ops',
      }),
    );
    setImmediate(release);
    await slow;
    expect((await refused).code).toBe('DLX_E_VENDOR_AUTH');

    const failed = spans
      .spans()
      .find(
        (s) => s.name === 'ledger.get_balance' && s.attributes['dealix.outcome'] === 'failure',
      )!;
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'DLX_E_VENDOR_AUTH' });
    expect(failed.attributes).toMatchObject({
      'dealix.error.code': 'DLX_E_VENDOR_AUTH',
      'error.type': 'DLX_E_VENDOR_AUTH',
      'dealix.attempts': 1,
    });
    const [attempt] = spans.childrenOf(failed);
    expect(attempt!.events.map((e) => [e.name, e.attributes?.['dealix.wait.reason']])).toEqual([
      ['limiter_slot', 'concurrency'],
    ]);
    expect(exported(spans.spans())).not.toContain(EMAIL);
  });

  it('names a compensation by the operation it runs and the one it undoes', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_1' } });
    h.vendor.script('/refunds', { body: { id: 're_1' } });
    const input = { amount: 5, customer_email: EMAIL };
    await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input,
      actor: 'ops',
      idempotencyKey: 'charge-1',
    });
    await h.runtime.compensate('acme', 'ledger', 'create_charge', {
      input,
      actor: 'ops',
      idempotencyKey: 'charge-1',
    });
    expect(spans.one('ledger.refund_charge').attributes).toMatchObject({
      'dealix.call.kind': 'compensate',
      'dealix.compensates': 'create_charge',
      'dealix.operation': 'refund_charge',
      'dealix.outcome': 'success',
    });
  });
});

describe('call spans with no tracer provider registered', () => {
  const harness = useHarness();

  it('makes no span, sends no traceparent and leaves audit trace ids null', async () => {
    const h = harness();
    expect(activeTracer()).toBeUndefined();
    h.vendor.script('/balance/a1', { body: { balance: 3 } });
    await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'a1' },
      actor: 'ops',
    });
    expect(h.vendor.seen[0]!.headers.traceparent).toBeUndefined();
    const [record] = await h.stores.audit.list();
    expect(record).toMatchObject({ trace_id: null, span_id: null });
  });
});
