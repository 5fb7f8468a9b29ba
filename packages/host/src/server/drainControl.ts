import type { FastifyInstance } from 'fastify';
import { DlxError } from '@dealix/connector-core';
import { publicRoute } from './access/routeScope';

/**
 * An orderly, bounded stop of the HTTP server. While draining, `/readyz` answers 503 (load
 * balancers stop sending), every new request answers 503 DLX_E_RUNTIME_SHUTTING_DOWN with
 * `Retry-After` and `Connection: close`, and requests in flight may finish. After `drainMs`
 * every connection is closed, also one whose client is still trickling a body, so the process
 * stops within drain_ms plus the runtime's own shutdown.
 */
export class DrainControl {
  private draining = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  /**
   * Counts requests in flight and refuses new ones once draining. `/readyz` names the host
   * (`host_id`): behind a load balancer, several answer it.
   */
  attach(app: FastifyInstance, hostId: string): void {
    app.server.on('request', (_req, res) => {
      this.inFlight++;
      res.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        // A keep-alive socket that just served its last answer is idle: close it now.
        if (this.draining) setImmediate(() => app.server.closeIdleConnections());
      });
    });
    // Callback hooks (here and in the other per-request hooks): an async hook costs each
    // request a promise and a microtask turn for what is a synchronous check.
    app.addHook('onRequest', (req, reply, done) => {
      if (!this.draining) return done();
      reply.header('connection', 'close');
      done(req.routeOptions.url === '/readyz' ? undefined : shuttingDown(hostId));
    });
    app.get('/readyz', { config: publicRoute('readiness probe of load balancers') }, async () => {
      if (this.draining) throw shuttingDown(hostId);
      return { status: 'ready', host_id: hostId };
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Drains (bounded by drainMs), then closes the server and every connection. */
  async close(app: FastifyInstance, drainMs: number): Promise<void> {
    this.draining = true;
    app.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => this.idleWaiters.push(r)),
      new Promise<void>((r) => (timer = setTimeout(r, drainMs))),
    ]);
    clearTimeout(timer);
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
  }
}

function shuttingDown(hostId: string): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_SHUTTING_DOWN',
    `the host ${hostId} is shutting down; send the request to another instance or retry later`,
    { details: { host_id: hostId } },
  );
}
