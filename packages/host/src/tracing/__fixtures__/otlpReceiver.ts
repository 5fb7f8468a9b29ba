import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP attribute as OTLP/JSON writes it. */
interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

/** One exported span, flattened from OTLP/JSON for assertions. */
export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  status: { code?: number; message?: string };
  resource: Record<string, unknown>;
}

/** A real OTLP/HTTP (JSON) trace receiver on 127.0.0.1: POST /v1/traces. */
export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  readonly endpoint: string;
  /** Every request body received, as text (the secret scan reads these). */
  readonly bodies: string[];
  /** Content types of the requests received. */
  readonly contentTypes: string[];
  spans(): ExportedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: string[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      contentTypes.push(String(req.headers['content-type']));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bodies,
    contentTypes,
    spans: () => bodies.flatMap(spansOf),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function spansOf(body: string): ExportedSpan[] {
  const request = JSON.parse(body) as {
    resourceSpans: {
      resource: { attributes: OtlpAttribute[] };
      scopeSpans: { spans: Record<string, unknown>[] }[];
    }[];
  };
  return request.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        traceId: s.traceId as string,
        spanId: s.spanId as string,
        parentSpanId: (s.parentSpanId as string | undefined) || undefined,
        name: s.name as string,
        kind: s.kind as number,
        attributes: attributesOf(s.attributes),
        events: ((s.events ?? []) as { name: string; attributes?: OtlpAttribute[] }[]).map((e) => ({
          name: e.name,
          attributes: attributesOf(e.attributes),
        })),
        links: (
          (s.links ?? []) as { traceId: string; spanId: string; attributes?: OtlpAttribute[] }[]
        ).map((l) => ({
          traceId: l.traceId,
          spanId: l.spanId,
          attributes: attributesOf(l.attributes),
        })),
        status: (s.status ?? {}) as ExportedSpan['status'],
        resource: attributesOf(rs.resource.attributes),
      })),
    ),
  );
}

function attributesOf(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of (list ?? []) as OtlpAttribute[]) {
    const [kind, raw] = Object.entries(value)[0] ?? [];
    out[key] = kind === 'intValue' ? Number(raw) : raw;
  }
  return out;
}
