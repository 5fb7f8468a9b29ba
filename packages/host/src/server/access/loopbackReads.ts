import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '@dealix/connector-core';

/**
 * Whether a request without a token may read an open route: it comes from loopback, and its
 * Host header names this server as loopback (127.0.0.1, localhost, [::1] with our port) or the
 * configured public_base_url host. The Host check stops DNS rebinding: a page on an attacker's
 * domain that resolves to 127.0.0.1 sends its own domain as Host.
 */
export function isOpenLoopbackRead(req: FastifyRequest, publicHost: string | null): boolean {
  if (!isLoopbackHost(req.ip)) return false;
  const host = req.headers.host?.toLowerCase();
  if (host === undefined) return false;
  const port = req.socket.localPort;
  const allowed = ['127.0.0.1', 'localhost', '[::1]'].flatMap((name) =>
    port === 80 ? [name, `${name}:80`] : [`${name}:${port}`],
  );
  if (publicHost !== null) allowed.push(publicHost.toLowerCase());
  return allowed.includes(host);
}
