import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type LoopbackHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
) => void;

export interface LoopbackServer {
  /** "http://<host>:<port>" */
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  /** Every request received, in arrival order, recorded once its body was read. */
  readonly requests: RecordedRequest[];
  /** Requests whose headers arrived, counted before their body is read. */
  readonly arrivals: number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a loopback address and an ephemeral port. `host` may be any
 * 127.0.0.0/8 address (Linux answers on all of them), which gives tests a second, distinct
 * host to deny.
 */
export async function startLoopbackServer(
  handler: LoopbackHandler,
  host = '127.0.0.1',
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  let arrivals = 0;
  const server = http.createServer((req, res) => {
    arrivals++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    host,
    port,
    requests,
    get arrivals() {
      return arrivals;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a JSON body. */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** An address nothing listens on: a port that was free a moment ago. */
export async function refusedOrigin(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function thrownBy(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
