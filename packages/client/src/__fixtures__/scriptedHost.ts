import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a string as is. */
  body?: unknown;
}

export interface ScriptedHost {
  url: string;
  /** What arrived, in order. */
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
  /** Queues answers; each request takes the next one (404 when none is left). */
  answer(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that answers with what a test queued: for answers a real
 * host gives only in states a test cannot reach (a newer host's unknown code, a proxy's HTML
 * page, an answer off the schema). Every answer that a running host can give is tested
 * against one (approvalRoundTrip, hostReads, outcomesAndRetries).
 */
export async function startScriptedHost(): Promise<ScriptedHost> {
  const queue: ScriptedAnswer[] = [];
  const requests: ScriptedHost['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const next = queue.shift() ?? { status: 404, body: 'nothing queued' };
      const text = typeof next.body === 'string' ? next.body : JSON.stringify(next.body ?? null);
      res.writeHead(next.status, {
        'content-type': typeof next.body === 'string' ? 'text/html' : 'application/json',
        'x-request-id': `req-${requests.length}`,
        ...next.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (...answers) => queue.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The host's error answer for a code, as `DlxError.toJSON()` makes it. */
export function errorAnswer(
  status: number,
  code: string,
  extra: { retryable?: boolean; kind?: string; headers?: Record<string, string> } & Record<
    string,
    unknown
  > = {},
): ScriptedAnswer {
  const { retryable = false, kind = 'transient', headers, ...rest } = extra;
  return {
    status,
    ...(headers && { headers }),
    body: { error: { code, kind, message: `${code} from the scripted host`, retryable, ...rest } },
  };
}
