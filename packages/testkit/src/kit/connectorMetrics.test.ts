import { useConnectorHarness } from '@dealix/connector-core/testing';
import { crmHarness } from './__fixtures__/crmConnector';

describe("a connector's declared metrics through ctx.metrics", () => {
  const harness = useConnectorHarness(crmHarness({ tenants: ['acme', 'globex'] }));

  it("publishes Salesforce's Sforce-Limit-Info per tenant and connector", async () => {
    const h = harness();
    const id = h.vendor.seedRecord('Lead', { LastName: 'Ng', Company: 'Acme' });
    await h.call('get_lead', { id });
    await h.call('get_lead', { id }, { tenant: 'globex', idempotencyKey: 'other-tenant-read' });
    const text = await h.runtime.metrics.registry.metrics();
    // Both tenants share the simulated org: its usage counter moved once per REST call.
    expect(text).toContain(
      'crm_api_requests_used{tenant="acme",connector="crm",limit="api-usage"} 1',
    );
    expect(text).toContain(
      'crm_api_requests_used{tenant="globex",connector="crm",limit="api-usage"} 2',
    );
    expect(text).toContain(
      'crm_api_requests_limit{tenant="acme",connector="crm",limit="api-usage"} 5000',
    );
  });
});
