import { join } from 'node:path';
import type { ConformanceOptions } from '../conformanceOptions';
import { connector } from './probe/src';
import { createProbeVendor, probeFault, type ProbeVendor } from './probeVendor';

export const PROBE_PACKAGE_DIR = join(__dirname, 'probe');

/** Starts the ticketing simulator with the config a tenant of the test connectors would have. */
export async function startProbeVendor() {
  const vendor = createProbeVendor();
  await vendor.server.start();
  return {
    simulator: vendor,
    config: {
      base_url: vendor.server.baseUrl,
      api_key: vendor.apiKey,
      workspace: vendor.workspace,
      webhook_secret: vendor.webhookSecret,
    },
    stop: () => vendor.server.stop(),
  };
}

/** What the probe connector's own conformance test would pass to runConformance. */
export function probeConformanceOptions(
  overrides: Partial<ConformanceOptions<ProbeVendor>> = {},
): ConformanceOptions<ProbeVendor> {
  return {
    packageDir: PROBE_PACKAGE_DIR,
    plugin: connector,
    startSimulator: startProbeVendor,
    samples: {
      get_ticket: { prepare: (v) => ({ ticket_id: v.seedTicket('Printer on fire') }) },
      create_ticket: {
        input: { subject: 'Invoice 42 is wrong', requester_email: 'buyer@example.test' },
        sideEffect: { counter: 'tickets_created', delta: 1 },
      },
      close_ticket: {
        prepare: (v) => ({ ticket_id: v.seedTicket('Solved on the phone') }),
        sideEffect: { counter: 'tickets_closed', delta: 1 },
      },
      send_reply: {
        prepare: (v) => ({
          ticket_id: v.seedTicket('Where is my order?'),
          body: 'It ships today.',
        }),
        sideEffect: { counter: 'replies_sent', delta: 1 },
      },
    },
    counter: (v, name) => v.server.counters.get(name),
    requestCount: (v) => v.server.requests.length,
    injectFault: probeFault,
    webhooks: {
      signatureHeader: 'X-Probe-Signature',
      delivery: (v) => {
        const { body, signature } = v.ticketUpdated(v.seedTicket('Webhook subject'));
        return {
          headers: { 'Content-Type': 'application/json', 'X-Probe-Signature': signature },
          body,
        };
      },
    },
    ...overrides,
  };
}
