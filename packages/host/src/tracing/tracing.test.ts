import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createGenericSimulator, type GenericSimulator } from '@dealix/connector-testkit';
import { startHarness, TOKENS, type HostHarness } from '../__fixtures__/hostHarness';
import { removeSpawnedHost, spawnHarnessHost } from '../__fixtures__/spawnHarnessHost';
import {
  startOtlpReceiver,
  type ExportedSpan,
  type OtlpReceiver,
} from './__fixtures__/otlpReceiver';

// The must-show of issue 18: a host exporting to a real loopback OTLP/HTTP receiver turns an
// approval round trip and a call retried after a 503 into one trace, continuing the caller's
// traceparent down to the vendor simulator, and links the later webhook to the send. The
// exporting host runs as its own process, as an operator runs it (the OTLP exporter loads
// node:http with import(), which jest's module sandbox does not offer).

const WORKSPACE = join(__dirname, '..', '__fixtures__', 'tracedWorkspace');
const API_KEY = 'sk_traced_SECRET_7d1c9e2b4a';
const WEBHOOK_SECRET = 'whsec_traced_SECRET_3f8e6a';
const PHONE = '+966500000777';
const TEXT = 'Your invoice INV-2291 is ready';
const IDEMPOTENCY_KEY = 'order-2291-notify';
const SEND = '/api/v1/tenants/acme/connectors/traced_messages/operations/send_message';
const SERVER = 2;
const CLIENT = 3;

function startVendor(): GenericSimulator {
  let sent = 0;
  return createGenericSimulator({
    name: 'traced-vendor',
    auth: { bearer: API_KEY },
    routes: [
      {
        id: 'messages.create',
        method: 'POST',
        path: '/v1/messages',
        sideEffect: 'messages_sent',
        response: () => ({
          status: 200,
          headers: { 'request-id': `req_${++sent}` },
          body: { id: `msg_${sent}` },
        }),
      },
    ],
  });
}

function tenantsFor(vendor: GenericSimulator) {
  return {
    acme: {
      connectors: {
        traced_messages: {
          base_url: vendor.baseUrl,
          api_key: { env: 'TRACED_API_KEY' },
          webhook_secret: { env: 'TRACED_WEBHOOK_SECRET' },
        },
      },
    },
  };
}

/**
 * The host in this process: it makes spans (request, call, audit trace ids) when OTEL_* is set,
 * though its exporter cannot send them here (see CLI above).
 */
async function startTracedHost(
  vendor: GenericSimulator,
  env: NodeJS.ProcessEnv,
): Promise<HostHarness> {
  return startHarness({
    rootDir: WORKSPACE,
    tenants: tenantsFor(vendor),
    extraConfig: { egress: { allow_loopback: true } },
    env: { TRACED_API_KEY: API_KEY, TRACED_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env },
  });
}

/** The send's approval round trip in the in-process host: asked, granted by bob, sent. */
async function approvedSend(h: HostHarness, headers: Record<string, string>) {
  const body = { to: PHONE, text: TEXT };
  const asked = await h.call('POST', SEND, { token: TOKENS.alice, body, headers });
  await h.call('POST', `/api/v1/tenants/acme/approvals/${asked.json.approval_id}/grant`, {
    token: TOKENS.bob,
  });
  return h.call('POST', `${SEND}?approval_id=${asked.json.approval_id}`, {
    token: TOKENS.alice,
    body,
    headers,
  });
}

interface SpawnedTracedHost {
  url: string;
  call(
    method: string,
    path: string,
    opts: { token: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
  /** What the process printed: the startup report and its JSON log lines. */
  output(): string;
  stop(): Promise<void>;
}

/** The host as its own process (`dealix-connectors start`), exporting as OTEL_* says. */
async function spawnTracedHost(
  vendor: GenericSimulator,
  env: Record<string, string>,
): Promise<SpawnedTracedHost> {
  const host = await spawnHarnessHost({
    cwd: WORKSPACE,
    config: { egress: { allow_loopback: true }, tenants: tenantsFor(vendor) },
    env: {
      TRACED_API_KEY: API_KEY,
      TRACED_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...env,
    },
  });
  return {
    url: host.url,
    async call(method, path, opts) {
      const res = await fetch(`${host.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.token}`,
          ...(opts.body !== undefined && { 'content-type': 'application/json' }),
          ...opts.headers,
        },
        ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
      });
      return { status: res.status, json: await res.json() };
    },
    output: () => host.output(),
    // SIGTERM: the graceful stop, which flushes the batch of spans not exported yet.
    stop: () => removeSpawnedHost(host),
  };
}

function signedDelivery(messageId: string, status: string) {
  const body = JSON.stringify({ message_id: messageId, status });
  return {
    body,
    signature: createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex'),
  };
}

describe('traces exported over OTLP/HTTP', () => {
  let vendor: GenericSimulator;
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    vendor = startVendor();
    await vendor.start();
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await vendor.stop();
    await receiver.close();
  });

  it('makes one trace of an approval round trip and a retried call, down to the vendor and back through its webhook', async () => {
    const h = await spawnTracedHost(vendor, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_SERVICE_NAME: 'dealix-traced-test',
    });
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const traceparent = `00-${traceId}-${callerSpan}-01`;
    try {
      expect(h.output()).toContain(
        `tracing: OTLP/HTTP to ${receiver.endpoint}/v1/traces as service "dealix-traced-test"`,
      );
      const headers = { traceparent, 'idempotency-key': IDEMPOTENCY_KEY };
      const asked = await h.call('POST', SEND, {
        token: TOKENS.alice,
        body: { to: PHONE, text: TEXT },
        headers,
      });
      expect(asked.status).toBe(202);
      const approvalId: string = asked.json.approval_id;
      const granted = await h.call('POST', `/api/v1/tenants/acme/approvals/${approvalId}/grant`, {
        token: TOKENS.bob,
        headers: { traceparent },
      });
      expect(granted.status).toBe(200);
      vendor.injectFault({
        route: 'messages.create',
        fault: { kind: 'status', status: 503 },
        times: 1,
      });
      const sent = await h.call('POST', `${SEND}?approval_id=${approvalId}`, {
        token: TOKENS.alice,
        body: { to: PHONE, text: TEXT },
        headers,
      });
      expect(sent.status).toBe(200);
      expect(sent.json).toMatchObject({ status: 'ok', attempts: 2 });
      const delivery = signedDelivery(sent.json.output.message_id, 'delivered');
      const hook = await fetch(`${h.url}/webhooks/acme/traced_messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-fixture-signature': delivery.signature },
        body: delivery.body,
      });
      expect(hook.status).toBe(200);
    } finally {
      // Shutdown flushes the batch processor: every span reaches the receiver.
      await h.stop();
    }

    const spans = receiver.spans();
    expect(receiver.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);
    expect(spans.every((s) => s.resource['service.name'] === 'dealix-traced-test')).toBe(true);
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const childrenOf = (parent: ExportedSpan) =>
      spans.filter((s) => s.parentSpanId === parent.spanId);

    // The caller's trace, continued by each of its three requests.
    const servers = byName('POST /api/v1/tenants/:tenant/connectors/:key/operations/:op');
    const grant = byName('POST /api/v1/tenants/:tenant/approvals/:id/grant');
    expect(servers).toHaveLength(2);
    for (const server of [...servers, ...grant]) {
      expect(server).toMatchObject({ traceId, parentSpanId: callerSpan, kind: SERVER });
    }
    expect(servers.map((s) => s.attributes['http.response.status_code'])).toEqual([202, 200]);

    // The first execute asked for approval; the second used it and retried once after the 503.
    const [askSpan, sendSpan] = servers.map((s) => childrenOf(s));
    expect(askSpan!.map((s) => [s.name, s.attributes['dealix.outcome']])).toEqual([
      ['traced_messages.send_message', 'approval_required'],
    ]);
    expect(askSpan![0]!.events.map((e) => e.name)).toEqual(['approval_pending']);
    const call = sendSpan![0]!;
    expect(call).toMatchObject({ name: 'traced_messages.send_message', traceId });
    expect(call.attributes).toMatchObject({
      'dealix.tenant': 'acme',
      'dealix.connector': 'traced_messages',
      'dealix.connector.version': '1.4.0',
      'dealix.operation': 'send_message',
      'dealix.outcome': 'success',
      'dealix.attempts': 2,
      'dealix.replayed': false,
      'dealix.approval_id': askSpan![0]!.attributes['dealix.approval_id'],
      'dealix.vendor_request_id': 'req_1',
    });
    expect(call.events.map((e) => e.name)).toEqual(['approval_granted', 'backoff']);
    const attempts = childrenOf(call);
    expect(attempts.map((a) => [a.name, a.attributes['dealix.attempt']])).toEqual([
      ['traced_messages.send_message attempt', 1],
      ['traced_messages.send_message attempt', 2],
    ]);
    const clients = attempts.map((a) => childrenOf(a));
    expect(
      clients.map((c) => c.map((s) => [s.name, s.kind, s.attributes['http.response.status_code']])),
    ).toEqual([[['POST', CLIENT, 503]], [['POST', CLIENT, 200]]]);

    // The vendor simulator saw each request's client span as its parent, in the caller's trace.
    expect(vendor.requestsTo('messages.create').map((r) => r.headers.traceparent)).toEqual(
      clients.map((c) => `00-${traceId}-${c[0]!.spanId}-01`),
    );

    // The webhook delivery is a trace of its own, linked to the attempt that sent the message.
    const [webhook] = byName('traced_messages.webhook');
    expect(webhook!.traceId).not.toBe(traceId);
    expect(webhook!.links).toEqual([
      {
        traceId,
        spanId: attempts[1]!.spanId,
        attributes: {
          'dealix.correlation_id': call.attributes['dealix.correlation_id'],
          'dealix.operation': 'send_message',
          'dealix.event.type': 'message_status_changed',
        },
      },
    ]);
    const [webhookServer] = byName('POST /webhooks/:tenant/:key');
    expect(webhook!.parentSpanId).toBe(webhookServer!.spanId);

    // Log lines of the call carry its trace id: fastify's request lines and the connector's own.
    const lines = h
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const sendLines = lines.filter((l) => l.msg === 'sending a message');
    expect(sendLines.map((l) => [l.trace_id, l.span_id])).toEqual(
      attempts.map((a) => [traceId, a.spanId]),
    );
    // fastify's own line of each traced request (one per request) carries the request span's ids.
    for (const server of [...servers, ...grant]) {
      const ofRequest = lines.filter((l) => l.span_id === server.spanId);
      expect(ofRequest.map((l) => [l.msg, l.trace_id])).toEqual([['request completed', traceId]]);
    }

    // Every exported byte is free of secrets, personal fields, payload values and the key.
    const exported = receiver.bodies.join('\n');
    for (const hidden of [
      API_KEY,
      WEBHOOK_SECRET,
      TOKENS.alice,
      TOKENS.bob,
      PHONE,
      TEXT,
      IDEMPOTENCY_KEY,
    ]) {
      expect(exported).not.toContain(hidden);
    }
  }, 60_000);

  it('writes the trace ids of the call into its audit records', async () => {
    const h = await startTracedHost(vendor, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    const traceId = randomBytes(16).toString('hex');
    try {
      const headers = {
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        'idempotency-key': 'audit-ids-1',
      };
      await approvedSend(h, headers);
      const records = await h.host.stores.audit.list({ tenant: 'acme' });
      const ofCall = records.filter(
        (r) => r.event === 'approval_requested' || r.event === 'message_sent',
      );
      expect(ofCall.map((r) => [r.event, r.trace_id])).toEqual([
        ['approval_requested', traceId],
        ['message_sent', traceId],
      ]);
      expect(ofCall.every((r) => /^[0-9a-f]{16}$/.test(r.span_id ?? ''))).toBe(true);
      expect((await h.host.stores.audit.verify()).ok).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it('is off unless configured: no span, no traceparent to the vendor, no trace ids', async () => {
    const h = await startTracedHost(vendor, {});
    try {
      expect(h.printed.join('\n')).not.toContain('tracing:');
      const headers = {
        traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
        'idempotency-key': 'untraced-1',
      };
      const sent = await approvedSend(h, headers);
      expect(sent.status).toBe(200);
      expect(vendor.requestsTo('messages.create')[0]!.headers.traceparent).toBeUndefined();
      const records = await h.host.stores.audit.list({ tenant: 'acme' });
      expect(records.every((r) => r.trace_id === null && r.span_id === null)).toBe(true);
      expect(h.logs.some((l) => l.includes('"trace_id"'))).toBe(false);
    } finally {
      await h.stop();
    }
    expect(receiver.bodies).toEqual([]);
  });

  it('refuses an OTEL variable it cannot use, naming it and what is allowed', async () => {
    await expect(
      startTracedHost(vendor, {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_TRACES_SAMPLER: 'sometimes',
      }),
    ).rejects.toMatchObject({
      code: 'DLX_E_CONFIG_INVALID',
      message: expect.stringContaining(
        'OTEL_TRACES_SAMPLER is "sometimes"; allowed: parentbased_always_on',
      ),
    });
  });
});
