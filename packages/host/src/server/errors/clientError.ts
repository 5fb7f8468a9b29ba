import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DlxError } from '@dealix/connector-core';

/**
 * Answers a request Node's HTTP parser refused before fastify saw it (a header or body timeout,
 * headers too large, a malformed request) in the host's error shape, then closes the socket.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const dlx = clientErrorAsDlx(error);
  const body = JSON.stringify({ error: dlx.toJSON() });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${dlx.httpStatus} ${STATUS_CODES[dlx.httpStatus] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

function clientErrorAsDlx(error: Error & { code?: string }): DlxError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DlxError(
        'DLX_E_HOST_REQUEST_TIMEOUT',
        'the request headers or body arrived too slowly; the connection is closed',
      );
    case 'HPE_HEADER_OVERFLOW':
      return new DlxError(
        'DLX_E_HOST_HEADERS_TOO_LARGE',
        'the request line and headers are larger than 16 KiB',
      );
    default:
      return new DlxError(
        'DLX_E_HOST_HEADER_INVALID',
        `the request is not valid HTTP/1.1 (${error.code ?? 'parse error'})`,
      );
  }
}
