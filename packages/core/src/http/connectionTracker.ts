import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

type OnResponse = (res: http.IncomingMessage) => void;

/**
 * An axios `transport` for one governed call: node's own http/https request (what axios uses
 * with maxRedirects 0), plus a record of whether any of the call's requests got a connected
 * socket. Until then no request byte can have reached the vendor; from then on it may have.
 */
export class ConnectionTracker {
  /** True once any request of this call had a connected (for TLS: handshaken) socket. */
  connected = false;

  request(options: https.RequestOptions, onResponse: OnResponse): http.ClientRequest {
    const req =
      options.protocol === 'https:'
        ? https.request(options, onResponse)
        : http.request(options, onResponse);
    req.once('socket', (socket: Socket) => this.watch(socket));
    return req;
  }

  private watch(socket: Socket): void {
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
