/** src/conformance.test.ts: runConformance against the simulator. */
export function conformanceTestTemplate(): string {
  return `import { join } from 'node:path';
import { runConformance } from '@dealix/connector-testkit';
import {
  injectVendorFault,
  startVendorSimulator,
  type VendorSimulator,
} from './__fixtures__/vendorSimulator';
import { connector } from './index';

runConformance<VendorSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: startVendorSimulator,
  samples: {
    get_item: { prepare: (sim) => ({ item_id: sim.seedItem('Seeded item') }) },
    create_item: {
      input: { name: 'Quarterly report', owner_email: 'owner@example.test' },
      sideEffect: { counter: 'items_created', delta: 1 },
    },
    delete_item: {
      prepare: (sim) => ({ item_id: sim.seedItem('Item to delete') }),
      sideEffect: { counter: 'items_deleted', delta: 1 },
    },
  },
  counter: (sim, name) => sim.server.counters.get(name),
  requestCount: (sim) => sim.server.requests.length,
  injectFault: injectVendorFault,
});
`;
}
