import type { Clock, InboundWebhook, WebhookEvent } from '../contract/types';
import { DlxError } from '../errors/dlxError';
import type { ConnectorMetrics } from '../metrics/connectorMetrics';
import type { DataProtection, ProtectedPlace } from '../protection/dataProtection';
import type { EventOutboxStore } from '../stores/eventOutboxStore';
import type { AuditRecorder } from './auditRecorder';
import { instanceContext } from './connectorKit';
import type { RegisteredConnector } from './registeredConnector';
import { classifyWebhookEvent } from './webhookPayloads';
import type { CallLink } from '../stores/callLinkStore';
import { linkToSend } from '../tracing/webhookTrace';

const WEBHOOK_REJECTION_CODES = {
  signature_invalid: 'DLX_E_WEBHOOK_SIGNATURE_INVALID',
  replayed: 'DLX_E_WEBHOOK_REPLAYED',
  malformed: 'DLX_E_WEBHOOK_MALFORMED',
} as const;

export type WebhookReceipt =
  | { kind: 'respond'; status: number; body: string; contentType: string }
  | { kind: 'accepted'; accepted: number; duplicates: number; cursors: string[] };

export interface WebhookDeps {
  clock: Clock;
  audit: AuditRecorder;
  outbox: EventOutboxStore;
  metrics: ConnectorMetrics;
  protection: DataProtection;
}

/** Where an outbox event lives: its seal binds it to that event. */
export function outboxPlace(event: {
  tenant: string;
  connector: string;
  event_id: string;
}): ProtectedPlace {
  return [event.tenant, event.connector, 'outbox', event.event_id];
}

/**
 * Inbound webhooks: the connector verifies the raw bytes; a rejection is counted and never
 * parsed; each verified event is de-duplicated by vendor id, stored in the outbox (the consumer
 * copy) and audited (a copy redacted by classification, kept apart from the outbox's).
 */
export async function receiveWebhook(
  rc: RegisteredConnector,
  req: InboundWebhook,
  deps: WebhookDeps,
): Promise<WebhookReceipt> {
  const verify = rc.plugin.verifyWebhook;
  if (!verify) {
    throw new DlxError('DLX_E_WEBHOOK_NOT_SUPPORTED', `connector "${rc.key}" accepts no webhooks`);
  }
  const outcome = await verify(req, instanceContext(rc, AbortSignal.timeout(5_000), deps.clock));
  if (outcome.kind === 'respond') {
    return {
      kind: 'respond',
      status: outcome.status,
      body: outcome.body,
      contentType: outcome.contentType ?? 'text/plain',
    };
  }
  if (outcome.kind === 'rejected') {
    deps.metrics.webhookRejections.inc({
      tenant: rc.tenant,
      connector: rc.key,
      reason: outcome.reason,
    });
    rc.log.warn(
      { tenant: rc.tenant, connector: rc.key, reason: outcome.reason },
      'webhook rejected',
    );
    throw new DlxError(
      WEBHOOK_REJECTION_CODES[outcome.reason],
      `${rc.key} webhook rejected (${outcome.reason}): ${outcome.message}`,
      { details: { reason: outcome.reason } },
    );
  }
  const declared = rc.manifest.webhook_events ?? [];
  let accepted = 0;
  let duplicates = 0;
  const cursors: string[] = [];
  const receivedAt = new Date(req.receivedAt).toISOString();
  const classified = outcome.events.map((event) => {
    if (!declared.includes(event.type)) {
      throw new DlxError(
        'DLX_E_VENDOR_PERMANENT',
        `${rc.key} webhook produced event type "${event.type}", which the manifest does not declare in webhook_events`,
      );
    }
    const copies = classifyWebhookEvent(rc, event);
    if ('malformed' in copies) {
      deps.metrics.webhookRejections.inc({
        tenant: rc.tenant,
        connector: rc.key,
        reason: 'malformed',
      });
      throw new DlxError(
        'DLX_E_WEBHOOK_MALFORMED',
        `${rc.key} webhook rejected (malformed): ${copies.malformed}`,
        {
          details: { reason: 'malformed', event_type: event.type },
        },
      );
    }
    return { event, ...copies };
  });
  for (const { event, consumer, audited } of classified) {
    const link = await callLinkOf(rc, event);
    // A recorded link first; else the id the vendor carried back on a signed URL.
    const linked = link?.correlation_id ?? event.correlationId;
    const stored = await deps.outbox.append({
      tenant: rc.tenant,
      connector: rc.key,
      event_id: event.id,
      type: event.type,
      occurred_at: event.occurredAt ?? null,
      received_at: receivedAt,
      payload: deps.protection.seal(
        consumer,
        rc.manifest.data_classification,
        outboxPlace({ tenant: rc.tenant, connector: rc.key, event_id: event.id }),
      ),
      ...(linked !== undefined && { correlation_id: linked }),
    });
    if (!stored.inserted) {
      duplicates++;
      continue;
    }
    accepted++;
    cursors.push(stored.cursor);
    linkToSend(event.type, link);
    deps.metrics.webhookEvents.inc({ tenant: rc.tenant, connector: rc.key, type: event.type });
    await deps.audit.record(
      {
        tenant: rc.tenant,
        actor: `webhook:${rc.key}`,
        connector_key: rc.key,
        connector_version: rc.version,
        operation: null,
        correlation_id: linked ?? event.id,
        idempotency_key: null,
        payload_digest: null,
      },
      event.type,
      'info',
      { payload: { event_id: event.id, payload: audited } },
    );
  }
  return { kind: 'accepted', accepted, duplicates, cursors };
}

/** The call that created the object an event names, when one did. */
async function callLinkOf(
  rc: RegisteredConnector,
  event: WebhookEvent,
): Promise<CallLink | undefined> {
  if (event.objectId === undefined) return undefined;
  return rc.kit.callLinks.find(rc.tenant, rc.key, event.objectId);
}
