import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { hasErrorCode } from '../errors/dlxError';
import { createGovernedHttp } from '../http/governedHttpClient';
import {
  sendJson,
  startLoopbackServer,
  thrownBy,
  type LoopbackServer,
} from '../http/__fixtures__/loopbackServer';
import { bindDirectTransport } from '../kit/directTransport';
import { startTcpSink, type TcpSink } from '../kit/__fixtures__/tcpSink';
import { startSpanRecorder, type SpanRecorder } from './__fixtures__/spanRecorder';

// ctx.http's client span per hop (with the W3C traceparent the vendor sees, unless the
// connector turns it off) and a direct transport's span per exchange, inside a traced attempt.

let vendor: LoopbackServer;
let spans: SpanRecorder;
beforeAll(async () => {
  vendor = await startLoopbackServer((req, res) => {
    if (req.url === '/hop') {
      res.writeHead(302, { location: `${vendor.origin}/end` }).end();
      return;
    }
    sendJson(res, 200, { ok: true }, { 'request-id': 'req_9' });
  });
});
afterAll(() => vendor.close());
beforeEach(() => {
  spans = startSpanRecorder();
  vendor.requests.length = 0;
});
afterEach(() => spans.stop());

/** Runs `fn` inside an active span, as an attempt runs. */
function inSpan<T>(fn: () => Promise<T>): Promise<T> {
  const attempt = trace.getTracer('test').startSpan('attempt');
  return context.with(trace.setSpan(context.active(), attempt), fn).finally(() => attempt.end());
}

const http = (propagateTraceContext?: boolean) =>
  createGovernedHttp({
    connectorKey: 'crm',
    allowedHosts: ['127.0.0.1'],
    secrets: [],
    conventions: {
      requestIdHeaders: ['request-id'],
      ...(propagateTraceContext !== undefined && { propagateTraceContext }),
    },
  }).bind({ signal: new AbortController().signal });

describe('ctx.http client spans', () => {
  it('records one CLIENT span per hop and sends each hop its own traceparent', async () => {
    await inSpan(() => http().request({ url: `${vendor.origin}/hop` }));
    const [first, second] = spans.spans().filter((s) => s.name === 'GET');
    expect(first!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 302,
      'server.address': '127.0.0.1',
      'server.port': vendor.port,
    });
    expect(second!.attributes).toMatchObject({
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
      'dealix.vendor_request_id': 'req_9',
    });
    expect(vendor.requests.map((r) => r.headers.traceparent)).toEqual(
      [first!, second!].map((s) => `00-${s.spanContext().traceId}-${s.spanContext().spanId}-01`),
    );
    // Never the path or query: a connector may put a payload value there.
    expect(JSON.stringify([first!.attributes, second!.attributes])).not.toContain('/hop');
  });

  it('sends no trace context when the connector turns it off, and keeps its own traceparent', async () => {
    await inSpan(() => http(false).request({ url: `${vendor.origin}/a` }));
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await inSpan(() =>
      http().request({ url: `${vendor.origin}/b`, headers: { traceparent: own } }),
    );
    expect(vendor.requests.map((r) => r.headers.traceparent)).toEqual([undefined, own]);
    expect(spans.spans().filter((s) => s.name === 'GET')).toHaveLength(2);
  });

  it('makes no span outside a traced attempt (a health probe)', async () => {
    await http().request({ url: `${vendor.origin}/probe` });
    expect(spans.spans()).toEqual([]);
    expect(vendor.requests[0]!.headers.traceparent).toBeUndefined();
  });

  it('marks a request that got no answer with its error code', async () => {
    const error = await thrownBy(() =>
      inSpan(() => http().request({ url: 'http://127.0.0.1:1/closed' })),
    );
    expect(hasErrorCode(error, 'DLX_E_VENDOR_NETWORK')).toBe(true);
    const [client] = spans.spans().filter((s) => s.name === 'GET');
    expect(client!.status.code).toBe(SpanStatusCode.ERROR);
    expect(client!.attributes).toMatchObject({
      'error.type': 'DLX_E_VENDOR_NETWORK',
      'dealix.may_have_reached_vendor': false,
    });
  });
});

describe('direct transport spans', () => {
  let sink: TcpSink;
  beforeAll(async () => {
    sink = await startTcpSink();
  });
  afterAll(() => sink.close());

  it('records an exchange as a CLIENT span with its library, target and connection', async () => {
    const transport = bindDirectTransport(
      {
        connectorKey: 'mail',
        libraries: ['rawlib'],
        allowsHost: (host) => host === '127.0.0.1',
        secrets: [],
      },
      () => new AbortController().signal,
    );
    const target = { library: 'rawlib', host: '127.0.0.1', port: sink.port };
    await inSpan(() =>
      transport.exchange(target, async (io) => {
        (await io.connect()).destroy();
      }),
    );
    await thrownBy(() =>
      inSpan(() =>
        transport.exchange(target, async (io) => {
          await io.connect();
          throw Object.assign(new Error('boom'), { code: 'ECONNRESET' });
        }),
      ),
    );
    const [ok, failed] = spans.spans().filter((s) => s.name === 'rawlib exchange');
    expect(ok!.attributes).toMatchObject({
      'dealix.transport.library': 'rawlib',
      'server.address': '127.0.0.1',
      'server.port': sink.port,
      'network.transport': 'tcp',
    });
    expect(ok!.events.map((e) => e.name)).toEqual(['connected']);
    expect(failed!.attributes).toMatchObject({
      'error.type': 'DLX_E_VENDOR_NETWORK',
      'dealix.may_have_reached_vendor': true,
    });
  });
});
