import type { ConnectorNames } from '../connectorNames';

/** src/__fixtures__/vendorSimulator.ts: the vendor API on the testkit's generic simulator. */
export function vendorSimulatorTemplate(names: ConnectorNames): string {
  return `import { randomBytes } from 'node:crypto';
import {
  createGenericSimulator,
  httpFaultInjector,
  type SimRequest,
  type GenericSimulator,
  type SimResponse,
  type SimulatorHandle,
} from '@dealix/connector-testkit';

/** An item as the simulated vendor stores it. */
interface StoredItem {
  id: string;
  name: string;
  owner_email: string | null;
  created: number;
}

/**
 * The vendor's API on the testkit's generic simulator (TODO: its real paths, bodies and error
 * bodies). It runs on 127.0.0.1, counts side effects and injects faults on request.
 */
export interface VendorSimulator {
  readonly server: GenericSimulator['server'];
  /** Realistic in length, so the conformance suite's secret scan means something. */
  readonly apiKey: string;
  /** Creates an item directly (no counter moves), for samples that need one. */
  seedItem(name: string): string;
}

/**
 * Makes the next \`times\` requests of the route \`operation\` calls fail with \`fault\`: each
 * operation's simulator route, for the conformance suite's fault injection.
 */
export const injectVendorFault = httpFaultInjector<VendorSimulator>({
  get_item: 'items.get',
  create_item: 'items.create',
  delete_item: 'items.delete',
});

const requestId = () => ({ 'x-request-id': \`req_\${randomBytes(6).toString('hex')}\` });

const notFound = (req: SimRequest): SimResponse => ({
  status: 404,
  body: { error: { code: 'not_found', message: \`item \${req.params.id} not found\` } },
  headers: requestId(),
});

export function createVendorSimulator(): VendorSimulator {
  const apiKey = \`sk_test_\${randomBytes(16).toString('hex')}\`;
  const items = new Map<string, StoredItem>();
  const byIdempotencyKey = new Map<string, StoredItem>();
  let seq = 0;
  const store = (name: string, ownerEmail: string | null): StoredItem => {
    const item = { id: \`item_\${++seq}\`, name, owner_email: ownerEmail, created: 1_700_000_000 };
    items.set(item.id, item);
    return item;
  };
  const ok = (body: object, status = 200): SimResponse => ({
    status,
    body: { ...body },
    headers: requestId(),
  });

  const simulator = createGenericSimulator({
    name: '${names.key}',
    auth: { bearer: apiKey },
    routes: [
      { id: 'me', method: 'GET', path: '/v1/me', response: ok({ id: 'acct_simulated' }) },
      {
        id: 'items.get',
        method: 'GET',
        path: '/v1/items/:id',
        response: (req) => {
          const found = items.get(req.params.id ?? '');
          return found ? ok(found) : notFound(req);
        },
      },
      {
        id: 'items.create',
        method: 'POST',
        path: '/v1/items',
        response: (req) => {
          // The vendor de-duplicates on Idempotency-Key: a repeated key replays the first item.
          const key = req.headers['idempotency-key'];
          const replay = key === undefined ? undefined : byIdempotencyKey.get(key);
          if (replay) return ok(replay, 201);
          const body = req.json<{ name?: unknown; owner_email?: unknown }>();
          if (typeof body.name !== 'string') {
            return {
              status: 400,
              body: { error: { code: 'validation_failed', message: 'name is required' } },
            };
          }
          const owner = typeof body.owner_email === 'string' ? body.owner_email : null;
          const created = store(body.name, owner);
          if (key !== undefined) byIdempotencyKey.set(key, created);
          server.counters.increment('items_created');
          return ok(created, 201);
        },
      },
      {
        id: 'items.delete',
        method: 'DELETE',
        path: '/v1/items/:id',
        // Counted by the simulator on every 2xx answer.
        sideEffect: 'items_deleted',
        response: (req) =>
          items.delete(req.params.id ?? '')
            ? ok({ id: req.params.id, deleted: true })
            : notFound(req),
      },
    ],
  });
  const server = simulator.server;
  return { server, apiKey, seedItem: (name) => store(name, null).id };
}

/**
 * A started simulator and the tenant config that reaches it: the conformance suite and the
 * behaviour tests (the kit's harness) start the vendor the same way.
 */
export async function startVendorSimulator(): Promise<SimulatorHandle<VendorSimulator>> {
  const sim = createVendorSimulator();
  await sim.server.start();
  return {
    simulator: sim,
    config: { api_key: sim.apiKey, base_url: sim.server.baseUrl },
    stop: () => sim.server.stop(),
  };
}
`;
}
