/*
 * SimulatorServer: a vendor simulator on 127.0.0.1 (port 0) with plain node:http.
 *
 * Usage (a simulator is a list of routes plus optional hooks):
 *
 *   const server = new SimulatorServer({
 *     name: 'acme',
 *     routes: [
 *       { id: 'widgets.create', method: 'POST', path: '/v1/widgets', handler: (req) => {
 *           const body = req.json<{ name?: string }>();       // or req.form() for form bodies
 *           server.counters.increment('widgets_created');      // the side effect, counted
 *           return { status: 201, body: { id: 'w_1', name: body.name } };
 *       } },
 *       { id: 'widgets.get', method: 'GET', path: '/v1/widgets/:id',
 *         handler: (req) => ({ status: 200, body: { id: req.params.id } }) },
 *     ],
 *     authenticate: (req) => req.headers.authorization === 'Bearer k' ? null
 *       : { status: 401, body: { error: 'unauthorized' } },          // null = authenticated
 *     expiredTokenResponse: () => ({ status: 401, body: { error: 'token_expired' } }),
 *     errorResponse: (status) => ({ status, body: { error: `status ${status}` } }), // optional
 *     responseHeaders: () => ({ 'Request-Id': 'req_1' }),          // optional, on every answer
 *     onReset: () => widgets.clear(),                               // optional, own state
 *   });
 *   await server.start();                 // server.baseUrl → http://127.0.0.1:PORT
 *   server.injectFault({ route: 'widgets.create', fault: { kind: 'reset_after_processing' }, times: 1 });
 *   server.requestsTo('widgets.create');  // what the connector sent, faulted ones included
 *   server.counters.get('widgets_created');
 *   await server.stop();                  // destroys every socket and timer; idempotent
 *
 * Order per request: record → match route → injected fault (if any) → authenticate → handler.
 * Control API (never recorded, never faulted, never authenticated): GET/POST/DELETE /__sim/faults,
 * GET /__sim/requests[?route=id], GET /__sim/counters, POST /__sim/reset, plus `controlRoutes`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createControlRoutes } from './controlApi';
import { FaultPlan } from './faultPlan';
import { planFaultAction } from './faultAction';
import { destroyAbruptly, writeSimResponse } from './responseWriter';
import { RouteTable } from './routeTable';
import { SideEffectCounters } from './sideEffectCounters';
import { flattenHeaders, parseQuery, readBody, toSimRequest } from './simRequest';
import type { FaultRule, RecordedRequest, RouteDef, SimRequest, SimResponse } from './types';

export interface SimulatorServerOptions {
  name: string;
  routes: RouteDef[];
  /** Seed of the PRNG behind probability faults (default 1). */
  seed?: number;
  /** null = authenticated; otherwise the vendor's refusal. Not called for /__sim routes. */
  authenticate?: (req: SimRequest) => SimResponse | null;
  /** The answer of an `expired_token` fault. */
  expiredTokenResponse?: () => SimResponse;
  /** Vendor-shaped body for injected statuses without a body, unknown routes and handler crashes. */
  errorResponse?: (status: number, req: RecordedRequest) => SimResponse;
  /** Vendor-shaped answer of a `rate_limit` fault; Retry-After is added by the server. */
  rateLimitResponse?: (req: RecordedRequest) => SimResponse;
  /** Headers on every vendor answer (a handler's own headers win). */
  responseHeaders?: (req: RecordedRequest) => Record<string, string>;
  /** Called by reset() so the simulator drops its own state. */
  onReset?: () => void;
  /** Extra control routes; their paths must start with /__sim/. */
  controlRoutes?: RouteDef[];
}

const CONTROL_PREFIX = '/__sim/';

interface PendingSleep {
  timer: NodeJS.Timeout;
  resolve: (elapsed: boolean) => void;
}

export class SimulatorServer {
  readonly name: string;
  readonly counters = new SideEffectCounters();
  private readonly routes: RouteTable;
  private readonly controlTable: RouteTable;
  private readonly faults: FaultPlan;
  private readonly recorded: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly sleeps = new Set<PendingSleep>();
  private server: Server | null = null;
  private port: number | null = null;
  private stopping: Promise<void> | null = null;
  private seq = 0;
  private handling = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: SimulatorServerOptions) {
    this.name = options.name;
    this.routes = new RouteTable(options.routes);
    for (const route of options.controlRoutes ?? []) {
      if (!route.path.startsWith(CONTROL_PREFIX)) {
        throw new Error(`control route "${route.id}" must live under ${CONTROL_PREFIX}`);
      }
    }
    this.controlTable = new RouteTable([
      ...createControlRoutes(this),
      ...(options.controlRoutes ?? []),
    ]);
    this.faults = new FaultPlan(options.seed ?? 1);
  }

  get baseUrl(): string {
    if (this.port === null) throw new Error(`simulator "${this.name}" is not started`);
    return `http://127.0.0.1:${this.port}`;
  }

  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  requestsTo(routeId: string): RecordedRequest[] {
    return this.recorded.filter((request) => request.routeId === routeId);
  }

  async start(): Promise<void> {
    if (this.server !== null) return;
    const server = createServer((req, res) => void this.handleCounted(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    this.server = server;
    this.port = address.port;
    this.stopping = null;
  }

  stop(): Promise<void> {
    const server = this.server;
    if (server === null) return this.stopping ?? Promise.resolve();
    this.server = null;
    this.port = null;
    for (const pending of this.sleeps) {
      clearTimeout(pending.timer);
      pending.resolve(false);
    }
    this.sleeps.clear();
    this.stopping = new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
    return this.stopping;
  }

  injectFault(rule: FaultRule): void {
    if (rule.route !== undefined && rule.route !== '*' && !this.routes.has(rule.route)) {
      throw new Error(`simulator "${this.name}" has no route "${rule.route}"`);
    }
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * The fault rules still armed (copies, with the uses each has left): which route a
   * connector's `injectFault` aimed at, and whether a test's faults were all used.
   */
  armedFaults(): FaultRule[] {
    return this.faults.armed();
  }

  reset(): void {
    this.recorded.length = 0;
    this.seq = 0;
    this.counters.reset();
    this.faults.reset();
    this.options.onReset?.();
  }

  /**
   * Resolves once no request is being handled (at once when none is): a delayed request that
   * a client gave up on has then had its side effect, or been dropped by stop().
   */
  whenIdle(): Promise<void> {
    if (this.handling === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Waits `ms`, resolving false instead if the server stops first, so a slow handler never
   * keeps a timer alive after stop().
   */
  sleep(ms: number): Promise<boolean> {
    if (this.server === null) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const pending: PendingSleep = {
        timer: setTimeout(() => {
          this.sleeps.delete(pending);
          resolve(true);
        }, ms),
        resolve,
      };
      this.sleeps.add(pending);
    });
  }

  private async handleCounted(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.handling += 1;
    try {
      await this.handle(req, res);
    } finally {
      this.handling -= 1;
      if (this.handling === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const rawBody = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const base = {
        method,
        path: url.pathname,
        query: parseQuery(url.searchParams),
        headers: flattenHeaders(req.headers),
        rawBody,
        at: Date.now(),
      };
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        const match = this.controlTable.match(method, url.pathname);
        const recorded = { ...base, seq: 0, routeId: match?.def.id ?? null };
        const answer = match
          ? await match.def.handler(toSimRequest(recorded, match.params))
          : { status: 404, body: { error: `no control route ${method} ${url.pathname}` } };
        writeSimResponse(res, answer);
        return;
      }
      const match = this.routes.match(method, url.pathname);
      this.seq += 1;
      const recorded: RecordedRequest = { ...base, seq: this.seq, routeId: match?.def.id ?? null };
      this.recorded.push(recorded);
      await this.answer(recorded, match?.params ?? null, match?.def ?? null, res);
    } catch (error) {
      writeSimResponse(res, { status: 500, body: { error: (error as Error).message } });
    }
  }

  private async answer(
    recorded: RecordedRequest,
    params: Record<string, string> | null,
    route: RouteDef | null,
    res: ServerResponse,
  ): Promise<void> {
    const headers = this.options.responseHeaders?.(recorded) ?? {};
    const fault = this.faults.take(recorded.routeId);
    if (fault !== null) {
      const plan = planFaultAction(fault, recorded, {
        errorResponse: (status, req) => this.errorResponse(status, req),
        rateLimitResponse: this.options.rateLimitResponse,
        expiredTokenResponse: this.options.expiredTokenResponse,
      });
      if (plan.action === 'respond') return writeSimResponse(res, plan.response, headers);
      if (plan.action === 'destroy') return destroyAbruptly(res);
      // A stop() during the delay ends the request instead of running the handler.
      if (plan.action === 'delay' && !(await this.sleep(plan.ms))) return destroyAbruptly(res);
    }
    const afterProcessing = fault?.kind === 'reset_after_processing';
    let response: SimResponse;
    if (route === null || params === null) {
      response = this.errorResponse(404, recorded);
    } else {
      const simRequest = toSimRequest(recorded, params);
      const refusal = this.options.authenticate?.(simRequest) ?? null;
      response = refusal ?? (await this.runHandler(route, simRequest));
    }
    if (afterProcessing) {
      destroyAbruptly(res);
      return;
    }
    writeSimResponse(res, response, headers);
  }

  private async runHandler(route: RouteDef, req: SimRequest): Promise<SimResponse> {
    try {
      return await route.handler(req);
    } catch {
      return this.errorResponse(500, req);
    }
  }

  private errorResponse(status: number, req: RecordedRequest): SimResponse {
    return (
      this.options.errorResponse?.(status, req) ?? {
        status,
        body: { error: status === 404 ? 'not_found' : `simulated status ${status}` },
      }
    );
  }
}
