import { redactPayload } from '../audit';
import type { WebhookEvent } from '../contract/types';
import { zodIssueText } from '../kit/zodIssueText';
import type { RegisteredConnector } from './registeredConnector';

/** The two copies of a verified webhook event's payload. */
export type ClassifiedEvent =
  | {
      /** For the outbox's consumers: the payload as the connector described it, secrets removed. */
      consumer: unknown;
      /** For the audit chain: redacted by the connector's data classification. */
      audited: unknown;
    }
  | { malformed: string };

/**
 * Classifies one event's payload by the connector's schema for it (`webhookEvents`, with
 * personal(), safe() and secret() marks). The consumer copy keeps what consumers need, personal
 * data included; the audit copy is redacted like an operation's payload. Without a schema,
 * nothing says which fields are personal, so a confidential or restricted connector's audit copy
 * keeps only a digest. A payload that does not fit its schema is malformed (a connector bug).
 */
export function classifyWebhookEvent(
  rc: RegisteredConnector,
  event: WebhookEvent,
): ClassifiedEvent {
  const schema = rc.plugin.webhookEvents?.[event.type];
  let payload = event.payload;
  if (schema !== undefined) {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      return {
        malformed: `the ${event.type} payload does not match the connector's schema: ${zodIssueText(parsed.error.issues)}`,
      };
    }
    payload = parsed.data;
  }
  const classification = rc.manifest.data_classification;
  const undescribedSensitive =
    schema === undefined && (classification === 'confidential' || classification === 'restricted');
  return {
    consumer: redactPayload(payload, {
      ...(schema !== undefined && { schema }),
      classification: 'public',
      secrets: rc.secrets,
    }),
    audited: redactPayload(payload, {
      ...(schema !== undefined && { schema }),
      classification: undescribedSensitive ? 'restricted' : classification,
      secrets: rc.secrets,
    }),
  };
}
