import type { RawHttpResponse } from '../http/rawHttpRequest';
import type { SignedEventSource } from '../http/signedEvents';
import type { SandboxConnectorKey } from './sandboxConfigs';
import type { Sandbox } from './startSandbox';

/** How the sandbox drives one connector's webhooks. */
export interface SandboxWebhookSpec {
  /** The config fields a person needs to sign or check a delivery (shown by `sandbox show`). */
  readonly secretFields: readonly string[];
  /**
   * Each manifest `webhook_events` name the sandbox can trigger, with the vendor event type its
   * simulator delivers for it (the connector turns that type into that name). A connector that
   * declares webhook_events adds its names here; the host's sandbox test checks every one.
   */
  readonly events: Readonly<Record<string, string>>;
}

export const SANDBOX_WEBHOOKS: Readonly<Partial<Record<SandboxConnectorKey, SandboxWebhookSpec>>> =
  {
    stripe: {
      secretFields: ['webhook_secret'],
      events: {
        payment_succeeded: 'payment_intent.succeeded',
        payment_failed: 'payment_intent.payment_failed',
        charge_refunded: 'charge.refunded',
      },
    },
    whatsapp: {
      secretFields: ['app_secret', 'verify_token'],
      events: {
        message_sent: 'statuses.sent',
        message_delivered: 'statuses.delivered',
        message_read: 'statuses.read',
        message_failed: 'statuses.failed',
        message_received: 'messages.text',
      },
    },
    voice: {
      secretFields: ['auth_token'],
      events: {
        call_initiated: 'initiated',
        call_ringing: 'ringing',
        call_answered: 'in-progress',
        call_finished: 'completed',
      },
    },
    cal: {
      secretFields: ['webhook_secret'],
      events: {
        cal_booking_created: 'BOOKING_CREATED',
        cal_booking_rescheduled: 'BOOKING_RESCHEDULED',
        cal_booking_cancelled: 'BOOKING_CANCELLED',
      },
    },
  };

/** What a person needs to drive one sandbox connector by hand. */
export interface SandboxConnectorView {
  key: string;
  /** `http://127.0.0.1:<port>` (SMTP: `smtp://127.0.0.1:<port>`). */
  simulator_url: string;
  /** The simulator's fault API (`POST` a fault rule, `DELETE` to clear), for HTTP simulators. */
  fault_api: string | null;
  /** The webhook secrets by config field name. Secret: show them to the sandbox's user only. */
  webhook_secrets: Record<string, string>;
  /** The manifest webhook_events names `triggerSandboxWebhook` can deliver. */
  webhook_events: string[];
}

/** The view of each of `keys` (the connectors the host registered) in the sandbox. */
export function describeSandbox(sandbox: Sandbox, keys: Iterable<string>): SandboxConnectorView[] {
  const views: SandboxConnectorView[] = [];
  for (const key of keys) {
    if (!isSandboxKey(sandbox, key)) continue;
    const sim = sandbox.simulators[key];
    const url = 'baseUrl' in sim ? sim.baseUrl : `smtp://${sim.host}:${sim.port}`;
    const spec = SANDBOX_WEBHOOKS[key];
    const config = sandbox.configs[key];
    views.push({
      key,
      simulator_url: url,
      fault_api: 'baseUrl' in sim ? `${url}/__sim/faults` : null,
      webhook_secrets: Object.fromEntries(
        (spec?.secretFields ?? []).map((field) => [field, String(config[field])]),
      ),
      webhook_events: Object.keys(spec?.events ?? {}),
    });
  }
  return views.sort((a, b) => a.key.localeCompare(b.key));
}

export interface SandboxDelivery {
  /** The vendor's event type the simulator sent. */
  vendor_event_type: string;
  /** What the receiving URL answered. */
  response: RawHttpResponse;
}

/**
 * Makes `key`'s simulator send a signed delivery of the manifest event `event` to `url` (the
 * host's `/webhooks/sandbox/<key>`), as the vendor would.
 */
export async function triggerSandboxWebhook(
  sandbox: Sandbox,
  key: string,
  event: string,
  url: string,
): Promise<SandboxDelivery> {
  const events = isSandboxKey(sandbox, key) ? (SANDBOX_WEBHOOKS[key]?.events ?? {}) : {};
  const type = Object.hasOwn(events, event) ? events[event] : undefined;
  const sim = isSandboxKey(sandbox, key) ? sandbox.simulators[key] : undefined;
  if (type === undefined || sim === undefined || !('deliverEvent' in sim)) {
    const known = Object.keys(events);
    throw new Error(
      `the sandbox cannot deliver "${event}" for "${key}"` +
        (known.length > 0
          ? `; it delivers ${known.join(', ')}`
          : '; it delivers no webhook events'),
    );
  }
  const source: SignedEventSource = sim;
  return { vendor_event_type: type, response: await source.deliverEvent(url, type) };
}

function isSandboxKey(sandbox: Sandbox, key: string): key is SandboxConnectorKey {
  return Object.hasOwn(sandbox.simulators, key);
}
