import { join } from 'node:path';
import {
  httpFaultInjector,
  runConformance,
  type UnstructuredSimulator,
} from '@dealix/connector-testkit';
import { PARTITION_ROUTE, startPartitionService } from './__fixtures__/contractHarness';
import { HELIOS_SUBSCRIPTION } from './__fixtures__/corpus/englishPdfs';
import { connector } from './index';

const pdf = HELIOS_SUBSCRIPTION.bytes();

runConformance<UnstructuredSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: startPartitionService,
  samples: {
    extract_contract: {
      input: {
        document_base64: pdf.toString('base64'),
        filename: 'helios.pdf',
        content_type: 'application/pdf',
      },
      sideEffect: { counter: 'documents_partitioned', delta: 1 },
    },
    classify_clauses: {
      input: {
        elements: [
          {
            type: 'NarrativeText',
            element_id: 'e1',
            text: 'This Agreement is governed by the laws of England and Wales.',
            metadata: { page_number: 1 },
          },
        ],
      },
    },
  },
  counter: (sim, name) => sim.counters.get(name),
  requestCount: (sim) => sim.server.requests.length,
  // Only extract_contract calls the service (classify_clauses is vendor_call: false).
  injectFault: httpFaultInjector(PARTITION_ROUTE),
});
