import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A raw TCP server on 127.0.0.1 that accepts and holds connections: a direct transport's vendor. */
export interface TcpSink {
  readonly port: number;
  /** Destroys the open sockets and closes the server. */
  close(): Promise<void>;
}

export async function startTcpSink(): Promise<TcpSink> {
  const open = new Set<Socket>();
  const server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
