import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { HostConfig } from '../config/hostConfig';

/**
 * What one client can make the host do and hold. `max_connections`: a connection past the cap
 * is closed as it arrives (open idle sockets cannot exhaust memory). `requests_per_connection`
 * (also the server's maxRequestsPerSocket, so the last allowed answer says `Connection: close`):
 * the connection ends once that answer is out. Past maxRequestsPerSocket Node would answer each
 * further pipelined request 503 itself, reading and answering every one a client sends
 * (millions, from a client that pipelines and never reads).
 */
export function applyConnectionLimits(
  server: Server,
  limits: Pick<HostConfig['limits'], 'max_connections' | 'requests_per_connection'>,
): void {
  server.maxConnections = limits.max_connections;
  const served = new WeakMap<Socket, number>();
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const count = (served.get(socket) ?? 0) + 1;
    served.set(socket, count);
    // Destroyed, not ended: an ended socket would hold a non-reading client's answers (and its
    // unread requests) until a timer. A client that pipelined past the limit may see a reset
    // before its last answer; RFC 9112 9.3.2 has it retry what went unanswered (and it
    // pipelines no write).
    if (count >= limits.requests_per_connection) res.once('finish', () => socket.destroy());
  });
}
