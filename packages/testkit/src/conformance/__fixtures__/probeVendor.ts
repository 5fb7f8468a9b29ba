import { randomBytes } from 'node:crypto';
import type { SimulatorServer } from '../../http/simulatorServer';
import type { SimRequest, SimResponse } from '../../http/types';
import { hmacHex } from '../../http/signing';
import { createGenericSimulator } from '../../simulators/generic/genericSimulator';
import { httpFaultInjector } from '../httpFaults';

export interface ProbeTicket {
  id: string;
  subject: string;
  status: 'open' | 'closed';
  priority: string;
}

/** The ticketing API both test connectors talk to, on the generic simulator. */
export interface ProbeVendor {
  readonly server: SimulatorServer;
  readonly apiKey: string;
  readonly workspace: string;
  readonly webhookSecret: string;
  readonly tickets: ReadonlyMap<string, ProbeTicket>;
  /** A signed `ticket.updated` delivery: body and X-Probe-Signature. */
  ticketUpdated(ticketId: string): { body: string; signature: string };
  /** Opens a ticket directly (no counter moves), for samples that need one. */
  seedTicket(subject: string): string;
}

/** The simulator route each operation of the test connectors uses. */
export const PROBE_ROUTES: Record<string, string> = {
  get_ticket: 'tickets.get',
  create_ticket: 'tickets.create',
  close_ticket: 'tickets.close',
  send_reply: 'replies.create',
};

export const probeFault = httpFaultInjector<ProbeVendor>(PROBE_ROUTES);

const notFound = (what: string): SimResponse => ({
  status: 404,
  body: { error: { code: 'not_found', message: `${what} not found` } },
});

export function createProbeVendor(): ProbeVendor {
  const apiKey = `probe_live_${randomBytes(16).toString('hex')}`;
  const workspace = `ws_${randomBytes(4).toString('hex')}`;
  const webhookSecret = `probe_whsec_${randomBytes(16).toString('hex')}`;
  let events = 0;
  const tickets = new Map<string, ProbeTicket>();
  const byIdempotencyKey = new Map<string, ProbeTicket>();
  let seq = 0;
  const open = (subject: string, priority: string): ProbeTicket => {
    const created: ProbeTicket = { id: `tkt_${++seq}`, subject, status: 'open', priority };
    tickets.set(created.id, created);
    return created;
  };
  const lookup = (req: SimRequest): ProbeTicket | undefined =>
    req.params.ws === workspace ? tickets.get(req.params.id ?? '') : undefined;
  const ok = (body: object, status = 200): SimResponse => ({
    status,
    body: { ...body },
    headers: { 'x-request-id': `req_${randomBytes(6).toString('hex')}` },
  });

  const simulator = createGenericSimulator({
    name: 'probe-tickets',
    auth: { bearer: apiKey },
    routes: [
      { id: 'me', method: 'GET', path: '/v1/me', response: { status: 200, body: { workspace } } },
      {
        id: 'tickets.get',
        method: 'GET',
        path: '/v1/workspaces/:ws/tickets/:id',
        response: (req) => {
          const found = lookup(req);
          return found ? ok(found) : notFound(`ticket ${req.params.id}`);
        },
      },
      {
        id: 'tickets.create',
        method: 'POST',
        path: '/v1/workspaces/:ws/tickets',
        response: (req) => {
          if (req.params.ws !== workspace) return notFound(`workspace ${req.params.ws}`);
          const key = req.headers['idempotency-key'];
          const replay = key === undefined ? undefined : byIdempotencyKey.get(key);
          if (replay) return ok(replay, 201);
          const body = req.json<{ subject?: unknown; priority?: unknown }>();
          if (typeof body.subject !== 'string' || typeof body.priority !== 'string') {
            return {
              status: 400,
              body: { error: { code: 'invalid', message: 'subject and priority are required' } },
            };
          }
          const created = open(body.subject, body.priority);
          if (key !== undefined) byIdempotencyKey.set(key, created);
          server.counters.increment('tickets_created');
          return ok(created, 201);
        },
      },
      {
        id: 'tickets.close',
        method: 'POST',
        path: '/v1/workspaces/:ws/tickets/:id/close',
        response: (req) => {
          const found = lookup(req);
          if (!found) return notFound(`ticket ${req.params.id}`);
          if (found.status === 'open') server.counters.increment('tickets_closed');
          found.status = 'closed';
          return ok(found);
        },
      },
      {
        id: 'replies.create',
        method: 'POST',
        path: '/v1/workspaces/:ws/tickets/:id/replies',
        sideEffect: 'replies_sent',
        response: (req) => {
          if (!lookup(req)) return notFound(`ticket ${req.params.id}`);
          return ok({ reply_id: `rep_${++seq}` }, 201);
        },
      },
    ],
  });
  const server = simulator.server;
  return {
    server,
    apiKey,
    workspace,
    webhookSecret,
    tickets,
    seedTicket: (subject) => open(subject, 'normal').id,
    ticketUpdated: (ticketId) => {
      const body = JSON.stringify({ id: `evt_${++events}`, ticket_id: ticketId, status: 'closed' });
      return { body, signature: hmacHex('sha256', webhookSecret, body) };
    },
  };
}
