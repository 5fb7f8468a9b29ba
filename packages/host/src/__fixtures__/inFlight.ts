import { connect, type Socket } from 'node:net';
import { TOKENS, type HostHarness } from './hostHarness';

/**
 * Starts a call of the good_slow fixture (tenant acme) that takes `ms`, and resolves once the
 * plugin is running it: the call is then in flight for shutdown tests. Resolves to the
 * pending answer (wrapped: an async function would otherwise wait for it too).
 */
export async function startSlowCall(
  h: HostHarness,
  ms: number,
): Promise<{ answer: ReturnType<HostHarness['call']> }> {
  const g = globalThis as { __slowStarted?: boolean };
  g.__slowStarted = false;
  const call = h.call('POST', '/api/v1/tenants/acme/connectors/good_slow/operations/wait', {
    token: TOKENS.alice,
    body: { ms },
  });
  while (!g.__slowStarted) await new Promise((r) => setTimeout(r, 5));
  return { answer: call };
}

/** A raw connection to the host: what it sends back until it closes the connection. */
export function openRawSocket(port: number): { socket: Socket; closed: Promise<string> } {
  const socket = connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', () => undefined);
  });
  return { socket, closed };
}
