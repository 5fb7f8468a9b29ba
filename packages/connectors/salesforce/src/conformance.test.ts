import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  httpFaultInjector,
  runConformance,
  type SalesforceSimulator,
} from '@dealix/connector-testkit';
import { lead, restRequests, startSalesforceSimulator } from './__fixtures__/salesforceHarness';
import { connector } from './index';

/** The simulator route each operation calls (after the token, which has its own route). */
const ROUTES: Record<string, string> = {
  create_record: 'salesforce.sobject.create',
  update_record: 'salesforce.sobject.update',
  upsert_by_external_id: 'salesforce.sobject.upsert',
  query: 'salesforce.query',
  delete_record: 'salesforce.sobject.delete',
};

const seedLead = (sim: SalesforceSimulator) => sim.seedRecord('Lead', lead('Seeded'));

// Salesforce sends no webhooks here: the webhook checks do not apply (printed by the suite).
runConformance<SalesforceSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: () => startSalesforceSimulator(),
  samples: {
    create_record: {
      input: { sobject: 'Lead', fields: lead() },
      sideEffect: { counter: 'records_created', delta: 1 },
    },
    update_record: {
      prepare: (sim) => ({ sobject: 'Lead', id: seedLead(sim), fields: { Status: 'Working' } }),
      sideEffect: { counter: 'records_updated', delta: 1 },
    },
    upsert_by_external_id: {
      // A fresh external id per call, so every run creates (a repeat of one id would update).
      prepare: () => ({
        sobject: 'Lead',
        external_id_field: 'Dealix_Id__c',
        external_id_value: `D-${randomUUID()}`,
        fields: lead('Upserted'),
      }),
      sideEffect: { counter: 'records_created', delta: 1 },
    },
    query: {
      prepare: (sim) => {
        seedLead(sim);
        return { soql: "SELECT Id, Email FROM Lead WHERE Company = 'Nakheel Trading'" };
      },
    },
    delete_record: {
      prepare: (sim) => ({ sobject: 'Lead', id: seedLead(sim) }),
      sideEffect: { counter: 'records_deleted', delta: 1 },
    },
  },
  counter: (sim, name) => sim.counters.get(name),
  requestCount: restRequests,
  injectFault: httpFaultInjector(ROUTES),
});
