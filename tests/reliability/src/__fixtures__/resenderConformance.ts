import { join } from 'node:path';
import {
  createGenericSimulator,
  HTTP_CONFORMANCE_FAULTS,
  type ConformanceOptions,
  type GenericSimulator,
} from '@dealix/connector-testkit';
import { connector } from './resender/src';

const API_KEY = 'fixture_resender_key_0a1b2c3d4e5f';
const ROUTES: Record<string, string> = { get_note: 'notes.get', send_note: 'notes.create' };

/** What the resender's own conformance test would pass to runConformance(). */
export function resenderConformance(): ConformanceOptions<GenericSimulator> {
  return {
    packageDir: join(__dirname, 'resender'),
    plugin: connector,
    startSimulator: async () => {
      const sim = createGenericSimulator({
        name: 'notes',
        auth: { bearer: API_KEY },
        routes: [
          {
            id: 'notes.get',
            method: 'GET',
            path: '/v1/notes/:id',
            response: (req) => ({ status: 200, body: { id: req.params.id!, text: 'hello' } }),
          },
          {
            id: 'notes.create',
            method: 'POST',
            path: '/v1/notes',
            response: { status: 201, body: { id: 'n_1', text: 'sent' } },
            sideEffect: 'notes_sent',
          },
        ],
      });
      await sim.start();
      return {
        simulator: sim,
        config: { base_url: sim.baseUrl, api_key: API_KEY },
        stop: () => sim.stop(),
      };
    },
    samples: {
      get_note: { input: { note_id: 'n_7' } },
      send_note: {
        input: { text: 'Your order shipped.' },
        sideEffect: { counter: 'notes_sent', delta: 1 },
      },
    },
    counter: (sim, name) => sim.counters.get(name),
    requestCount: (sim) => sim.server.requests.length,
    injectFault: (sim, operation, fault, times) =>
      sim.injectFault({ route: ROUTES[operation]!, fault: HTTP_CONFORMANCE_FAULTS[fault], times }),
  };
}
