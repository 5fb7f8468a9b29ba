import { join } from 'node:path';
import type { ConformanceOptions } from '../conformanceOptions';
import { connector } from './broken/src';
import { probeFault, type ProbeVendor } from './probeVendor';
import { startProbeVendor } from './probeConformance';

export const BROKEN_PACKAGE_DIR = join(__dirname, 'broken');

/** Correct options for a connector with mistakes: the failures found are the connector's. */
export function brokenConformanceOptions(
  overrides: Partial<ConformanceOptions<ProbeVendor>> = {},
): ConformanceOptions<ProbeVendor> {
  return {
    packageDir: BROKEN_PACKAGE_DIR,
    plugin: connector,
    // The broken connector takes no webhooks, so its tenant has no webhook secret.
    startSimulator: async () => {
      const handle = await startProbeVendor();
      const { webhook_secret: _unused, ...config } = handle.config;
      return { ...handle, config };
    },
    samples: {
      get_ticket: { prepare: (v) => ({ ticket_id: v.seedTicket('Printer on fire') }) },
      create_ticket: {
        input: { subject: 'Invoice 42 is wrong' },
        sideEffect: { counter: 'tickets_created', delta: 1 },
      },
      close_ticket: {
        prepare: (v) => ({ ticket_id: v.seedTicket('Solved on the phone') }),
        sideEffect: { counter: 'tickets_closed', delta: 1 },
      },
    },
    counter: (v, name) => v.server.counters.get(name),
    requestCount: (v) => v.server.requests.length,
    injectFault: probeFault,
    ...overrides,
  };
}
