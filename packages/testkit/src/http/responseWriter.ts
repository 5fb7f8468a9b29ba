import type { ServerResponse } from 'node:http';
import type { SimResponse } from './types';

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === lower);
}

/** Turns a SimResponse into bytes: objects as JSON, strings as text, Buffers as they are. */
export function encodeSimResponse(response: SimResponse): {
  headers: Record<string, string>;
  body: Buffer;
} {
  const headers = { ...(response.headers ?? {}) };
  let body: Buffer;
  let contentType: string | undefined;
  if (response.body === undefined || response.body === null) {
    body = Buffer.alloc(0);
  } else if (Buffer.isBuffer(response.body)) {
    body = response.body;
    contentType = 'application/octet-stream';
  } else if (typeof response.body === 'string') {
    body = Buffer.from(response.body, 'utf8');
    contentType = 'text/plain; charset=utf-8';
  } else {
    body = Buffer.from(JSON.stringify(response.body), 'utf8');
    contentType = 'application/json; charset=utf-8';
  }
  if (contentType !== undefined && !hasHeader(headers, 'content-type')) {
    headers['Content-Type'] = contentType;
  }
  return { headers, body };
}

export function writeSimResponse(
  res: ServerResponse,
  response: SimResponse,
  defaultHeaders: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  const { headers, body } = encodeSimResponse(response);
  for (const [name, value] of Object.entries(defaultHeaders)) {
    if (!hasHeader(headers, name)) headers[name] = value;
  }
  headers['Content-Length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** A TCP RST where the platform offers it, so the client sees ECONNRESET, not a clean close. */
export function destroyAbruptly(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
