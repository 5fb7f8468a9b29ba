import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/**
 * Whether any request of one governed call got a connected socket (sendRequest reports each
 * request's socket). Until then no request byte can have reached the vendor; from then on it may
 * have.
 */
export class ConnectionTracker {
  /** True once any request of this call had a connected (for TLS: handshaken) socket. */
  connected = false;

  watch(socket: Socket): void {
    // A pooled keep-alive socket is already connected: bytes go out as soon as it is assigned.
    if (!socket.connecting) {
      this.connected = true;
      return;
    }
    // Application bytes on TLS wait for the handshake; a failed handshake sent nothing.
    const event = socket instanceof TLSSocket ? 'secureConnect' : 'connect';
    socket.once(event, () => {
      this.connected = true;
    });
  }
}
