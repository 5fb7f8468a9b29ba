import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { CORE_VERSION } from '../coreVersion';
import type { ConnectionTracker } from './connectionTracker';
import type { OutgoingRequest } from './outgoingRequest';
import { ACCEPT_ENCODING, decodedBody } from './responseDecoding';

/** One hop's answer: status, raw headers (node's, lower-case names) and the decoded body. */
export interface SentAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  stream: Readable;
}

/**
 * Headers every request carries unless the connector set its own. The user agent names what
 * sends the request (it said "axios/1.21.1" from when axios carried the requests, which it no
 * longer does): vendors read it in their request logs and support cases.
 */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/json, text/plain, */*',
  'user-agent': `dealix-connectors/${CORE_VERSION} node/${process.versions.node}`,
  'accept-encoding': ACCEPT_ENCODING,
};

const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Sends one hop with node's own http/https request on the global (keep-alive) agent: no
 * redirects, no proxy, no body transforms, the signal aborting the request and its response.
 * Axios's request path cost about 2.5 times this one per call (bench/reports/call-throughput.md),
 * and core already did everything axios was configured to leave alone.
 */
export function sendRequest(
  hop: OutgoingRequest,
  headers: Record<string, string>,
  signal: AbortSignal,
  tracker: ConnectionTracker,
): Promise<SentAnswer> {
  const sent: Record<string, string> = { ...DEFAULT_HEADERS, ...headers };
  const { body, method } = hop;
  // Axios's default for these methods (kept: a vendor may have read a body by it).
  if (WRITE_METHODS.has(method)) sent['content-type'] ??= 'application/x-www-form-urlencoded';
  if (body !== undefined && sent['content-length'] === undefined) {
    sent['content-length'] = String(
      typeof body === 'string' ? Buffer.byteLength(body) : body.length,
    );
  }
  return new Promise<SentAnswer>((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        stream: decodedBody(res, method),
      });
    };
    let req: http.ClientRequest;
    try {
      const options: https.RequestOptions = { method, headers: sent, signal };
      req =
        hop.url.protocol === 'https:'
          ? https.request(hop.url, options, onResponse)
          : http.request(hop.url, options, onResponse);
    } catch (error) {
      // An invalid header value or an unsupported protocol: nothing was sent.
      reject(error);
      return;
    }
    req.once('socket', (socket) => tracker.watch(socket));
    // Kept for the request's life: node can report a socket error on it after the answer came.
    req.on('error', reject);
    req.end(body);
  });
}
