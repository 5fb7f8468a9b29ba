import { createHmac } from 'node:crypto';
import { createGenericSimulator, type GenericSimulator } from '@dealix/connector-testkit';
import { AUDIT_KEY_B64, FIXTURE_SECRET, HARNESS_TOKENS, TOKENS } from './hostHarness';

/**
 * The order vendor of the several-hosts test: counts every order it creates per idempotency
 * key in `orders`. Keys named doomed-* hang long enough for a test to kill the host that sent
 * them; draining-* long enough to stop a host gracefully while one is in flight.
 */
export async function startOrdersVendor(orders: Map<string, number>): Promise<GenericSimulator> {
  const vendor = createGenericSimulator({
    name: 'orders',
    routes: [
      {
        id: 'orders.create',
        method: 'POST',
        path: '/orders',
        response: async (req) => {
          const key = req.headers['idempotency-key'] ?? '';
          if (key.startsWith('doomed-')) await new Promise((r) => setTimeout(r, 4_000));
          if (key.startsWith('draining-')) await new Promise((r) => setTimeout(r, 1_500));
          orders.set(key, (orders.get(key) ?? 0) + 1);
          const { item } = req.json<{ item: string }>();
          return { status: 200, body: { id: `ord_${orders.size}_${key}`, item } };
        },
      },
    ],
  });
  await vendor.start();
  return vendor;
}

/** One config for every host (as one file shared by a fleet): DLX_HOST_ID tells them apart. */
export function severalHostsConfig(vendorUrl: string): Record<string, unknown> {
  return {
    database: { env: 'APP_DATABASE' },
    egress: { allow_loopback: true },
    idempotency: { lease_margin_ms: 1_000 },
    // Room for 200 calls at once: what waits for a slot counts against its deadline.
    limits: { max_concurrency: 100 },
    loader: { allow: ['good_orders', 'good_payments'] },
    tenants: {
      acme: {
        connectors: {
          good_orders: { base_url: vendorUrl, webhook_secret: { env: 'ORDERS_WHSEC' } },
          good_payments: { api_key: { env: 'FIXTURE_API_KEY' } },
        },
      },
    },
    tokens: HARNESS_TOKENS,
  };
}

/** A host's environment: its own DLX_HOST_ID, the shared database URL, keys and secrets. */
export function severalHostsEnv(
  hostId: string,
  databaseUrl: string,
  webhookSecret: string,
): Record<string, string> {
  return {
    APP_DATABASE: databaseUrl,
    DLX_HOST_ID: hostId,
    DLX_AUDIT_KEY: AUDIT_KEY_B64,
    ORDERS_WHSEC: webhookSecret,
    FIXTURE_API_KEY: FIXTURE_SECRET,
    TOK_ALICE: TOKENS.alice,
    TOK_BOB: TOKENS.bob,
    TOK_CAROL: TOKENS.carol,
    TOK_VIC: TOKENS.vic,
  };
}

interface OutboxPage {
  events: { event_id: string; cursor: string }[];
  next_after: string | null;
}

/**
 * A consumer of `GET .../events?after=` that polls whichever host answers (they share one
 * outbox) from the start of a test to its end, and a webhook sender that delivers signed
 * events to the hosts in turn, each event twice (a vendor's redelivery, to the other host).
 */
export class OutboxConsumer {
  /** Every event id delivered (accepted by some host). */
  readonly delivered: string[] = [];
  private readonly seen: string[] = [];
  private after: string | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;
  private turn = 0;

  constructor(
    private readonly urls: () => string[],
    private readonly token: string,
  ) {}

  start(): void {
    this.polling ??= (async () => {
      while (!this.stopped) {
        await this.poll();
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Stops polling, reads until a page comes back empty, and reports what was seen. */
  async drain(): Promise<{ ids: Set<string>; duplicates: string[] }> {
    this.stop();
    await this.polling;
    while ((await this.poll()) > 0);
    const ids = new Set(this.seen);
    const duplicates = this.seen.filter((id, i) => this.seen.indexOf(id) !== i);
    return { ids, duplicates };
  }

  /** Delivers `count` events (and a redelivery of each to the next host), `prefix`-named. */
  async deliverEvents(secret: string, count: number, prefix = 'evt'): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const id = `${prefix}_${i}`;
        const body = JSON.stringify({ id, order: `ord_${i}` });
        const signature = createHmac('sha256', secret).update(body).digest('hex');
        const first = await this.sendToAny(i, body, signature);
        await this.sendToAny(i + 1, body, signature);
        if (first) this.delivered.push(id);
      }),
    );
  }

  /** One page from the next host that answers; how many events it held. */
  private async poll(): Promise<number> {
    const after = this.after === undefined ? '' : `&after=${encodeURIComponent(this.after)}`;
    const page = await this.fromAny<OutboxPage>((url) =>
      fetch(`${url}/api/v1/tenants/acme/events?limit=25${after}`, {
        headers: { authorization: `Bearer ${this.token}` },
      }),
    );
    if (page === undefined) return 0;
    this.seen.push(...page.events.map((e) => e.event_id));
    if (page.events.length > 0) this.after = page.events.at(-1)!.cursor;
    return page.events.length;
  }

  private async sendToAny(start: number, body: string, signature: string): Promise<boolean> {
    const urls = this.urls();
    for (let n = 0; n < urls.length; n++) {
      try {
        const res = await fetch(`${urls[(start + n) % urls.length]}/webhooks/acme/good_orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-fixture-signature': signature },
          body,
        });
        if (res.status === 200) return true;
      } catch {
        // That host is gone: the next one takes it.
      }
    }
    return false;
  }

  private async fromAny<T>(request: (url: string) => Promise<Response>): Promise<T | undefined> {
    const urls = this.urls();
    for (let n = 0; n < urls.length; n++) {
      const url = urls[this.turn++ % urls.length]!;
      try {
        const res = await request(url);
        if (res.status === 200) return (await res.json()) as T;
      } catch {
        // A host that was killed: ask the other.
      }
    }
    return undefined;
  }
}
