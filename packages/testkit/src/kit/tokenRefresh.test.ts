import { outputOf, useConnectorHarness } from '@dealix/connector-core/testing';
import { crmHarness } from './__fixtures__/crmConnector';

describe('tokens through the kit, against the Salesforce simulator', () => {
  const harness = useConnectorHarness(crmHarness({ runtime: { limits: { maxConcurrency: 50 } } }));

  const leadIds = (count: number, h: ReturnType<typeof harness>) =>
    Array.from({ length: count }, (_, i) =>
      h.vendor.seedRecord('Lead', { LastName: `Lead ${i}`, Company: 'Acme' }),
    );

  it('asks for one token when 50 concurrent calls find theirs expired at the vendor', async () => {
    const h = harness();
    const [warmUp, ...ids] = leadIds(51, h);
    expect(await h.call('get_lead', { id: warmUp })).toMatchObject({ status: 'ok' });
    expect(h.vendor.counters.get('tokens_issued')).toBe(1);

    h.vendor.expireTokens();
    const results = await Promise.all(ids.map((id) => h.call('get_lead', { id })));
    expect(results.map((r) => outputOf<{ Id: string }>(r).Id)).toEqual(ids);
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
    // The refresh happened inside each attempt: nothing was retried.
    expect(results.every((r) => r.status === 'ok' && r.attempts === 1)).toBe(true);
  });

  it('asks for one token when 50 concurrent calls find theirs expired by the clock', async () => {
    const h = harness();
    const [warmUp, ...ids] = leadIds(51, h);
    await h.call('get_lead', { id: warmUp });
    h.clock.advance(3 * 3_600_000);
    await Promise.all(ids.map((id) => h.call('get_lead', { id })));
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
    // No request went out with the stale token: one read before, then one per call.
    expect(h.vendor.requestsTo('salesforce.sobject.get')).toHaveLength(51);
    expect(h.vendor.server.requests).toHaveLength(53);
  });

  it('refreshes once per attempt: a second refusal ends the call as auth', async () => {
    const h = harness();
    const [warmUp, id] = leadIds(2, h);
    await h.call('get_lead', { id: warmUp });
    h.vendor.injectFault({
      route: 'salesforce.sobject.get',
      fault: { kind: 'expired_token' },
      times: 2,
    });
    const error = await h.rejection(() => h.call('get_lead', { id }));
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: 'INVALID_SESSION_ID' });
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
    expect(h.vendor.requestsTo('salesforce.sobject.get')).toHaveLength(3);
  });

  it('refreshes an expired session once in a health probe too', async () => {
    const h = harness();
    expect((await h.runtime.probe(h.tenant, 'crm')).status).toBe('ok');
    h.vendor.expireTokens();
    expect((await h.runtime.probe(h.tenant, 'crm')).status).toBe('ok');
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
    h.vendor.injectFault({
      route: 'salesforce.limits',
      fault: { kind: 'expired_token' },
      times: 2,
    });
    const refused = await h.runtime.probe(h.tenant, 'crm');
    expect(refused).toMatchObject({ status: 'error', detail: expect.stringContaining('401') });
    expect(h.vendor.counters.get('tokens_issued')).toBe(3);
  });

  it('registers every token as a secret: audit records never show it', async () => {
    const h = harness();
    const result = await h.call('leak_token', {});
    const token = outputOf<{ token: string }>(result).token;
    expect(token).toMatch(/^00DSIM/);
    const audit = JSON.stringify(await h.stores.audit.list());
    expect(audit).toContain('token_leaked');
    expect(audit).not.toContain(token);
    expect(await h.leakedSecrets()).toEqual([]);
  });
});
