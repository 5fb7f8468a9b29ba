import { isDlxError, type InboundWebhook, type WebhookReceipt } from '@dealix/connector-core';
import {
  CONFORMANCE_PUBLIC_BASE_URL,
  CONFORMANCE_TENANT,
  describeError,
  withHarness,
  type Harness,
} from '../conformanceHarness';
import type { ConformanceWebhookDelivery } from '../conformanceOptions';
import type { ConformanceSession } from '../conformanceSession';
import { webhookAttacks } from '../webhookAttacks';

const HOUR_MS = 3_600_000;

type Delivered = { ok: true; receipt: WebhookReceipt } | { ok: false; error: unknown };

/**
 * Webhooks, for every event type the manifest declares: a genuine delivery is accepted and
 * stored; a forged signature, a body changed after signing and a missing signature header are
 * refused as DLX_E_WEBHOOK_SIGNATURE_INVALID and store nothing; the genuine delivery replayed an
 * hour later adds no event. The one owner of webhook attack tests: connectors run it, they do
 * not repeat it.
 */
export async function checkWebhooks<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const load = session.runnable();
  if (!load.ok) return load.problems;
  const hooks = session.options.webhooks;
  if (hooks === undefined) {
    return [
      'the manifest declares webhook_events, but runConformance() got no `webhooks` option to make genuine deliveries with',
    ];
  }
  return withHarness(session, 'webhooks', async (h) => {
    const url = `${CONFORMANCE_PUBLIC_BASE_URL}/webhooks/${CONFORMANCE_TENANT}/${h.key}`;
    const problems: string[] = [];
    const replays: Array<[string, ConformanceWebhookDelivery]> = [];
    for (const type of load.manifest.webhook_events ?? []) {
      const genuine = await hooks.delivery(h.sim, { type, url });
      for (const [attack, delivery] of webhookAttacks(genuine, hooks.signatureHeader)) {
        const stored = await eventCount(h);
        const outcome = await deliver(session, h, delivery, url, `webhook ${type}, ${attack}`);
        if (
          outcome.ok ||
          !isDlxError(outcome.error) ||
          outcome.error.code !== 'DLX_E_WEBHOOK_SIGNATURE_INVALID'
        ) {
          problems.push(
            `a "${type}" delivery with ${attack} was ${outcome.ok ? 'accepted' : `refused as ${describeError(outcome.error)}`}; expected DLX_E_WEBHOOK_SIGNATURE_INVALID`,
          );
        }
        if ((await eventCount(h)) !== stored)
          problems.push(`a "${type}" delivery with ${attack} stored an event`);
      }
      const before = await eventCount(h);
      const accepted = await deliver(session, h, genuine, url, `webhook ${type}, genuine`);
      if (!accepted.ok) {
        problems.push(`a genuine "${type}" delivery was refused: ${describeError(accepted.error)}`);
        continue;
      }
      if ((await eventCount(h, type)) < 1 || (await eventCount(h)) === before) {
        problems.push(`a genuine "${type}" delivery stored no "${type}" event`);
      }
      replays.push([type, genuine]);
    }
    // Replays last: signatures are made on real time, and the clock now jumps an hour ahead.
    h.clock.advance(HOUR_MS);
    for (const [type, genuine] of replays) {
      const stored = await eventCount(h);
      const replay = await deliver(session, h, genuine, url, `webhook ${type}, replayed`);
      if (replay.ok && replay.receipt.kind === 'accepted' && replay.receipt.accepted > 0) {
        problems.push(`a "${type}" delivery replayed an hour later was accepted as a new event`);
      }
      if ((await eventCount(h)) !== stored)
        problems.push(`a replayed "${type}" delivery stored an event`);
    }
    return problems;
  });
}

async function deliver<Sim>(
  session: ConformanceSession<Sim>,
  h: Harness<Sim>,
  delivery: ConformanceWebhookDelivery,
  url: string,
  where: string,
): Promise<Delivered> {
  const parsed = new URL(url);
  const req: InboundWebhook = {
    method: delivery.method ?? 'POST',
    url,
    query: Object.fromEntries(parsed.searchParams),
    headers: Object.fromEntries(
      Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    rawBody: Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body, 'utf8'),
    receivedAt: h.clock.now(),
  };
  try {
    return { ok: true, receipt: await h.runtime.receiveWebhook(CONFORMANCE_TENANT, h.key, req) };
  } catch (error) {
    session.observeError(`an error of ${where}`, error);
    return { ok: false, error };
  }
}

async function eventCount<Sim>(h: Harness<Sim>, type?: string): Promise<number> {
  const events = await h.stores.outbox.list(CONFORMANCE_TENANT, undefined, 10_000);
  return events.filter((event) => type === undefined || event.type === type).length;
}
