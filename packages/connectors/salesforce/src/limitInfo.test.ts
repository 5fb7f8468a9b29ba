import fc from 'fast-check';
import { lead, useSalesforceHarness } from './__fixtures__/salesforceHarness';
import { parseLimitInfo } from './limitInfo';

describe('Sforce-Limit-Info', () => {
  it('reads the org limit and a per-app limit, leaving the app name out', () => {
    expect(
      parseLimitInfo('api-usage=18/5000; per-app-api-usage=17/250(appName=sample-connected-app)'),
    ).toEqual([
      { limit: 'api-usage', used: 18, max: 5000 },
      { limit: 'per-app-api-usage', used: 17, max: 250 },
    ]);
    expect(parseLimitInfo(undefined)).toEqual([]);
  });

  it.each(['', 'api-usage', 'api-usage=18', 'api-usage=x/5000', 'API_USAGE=1/2', 'a=1/2/3'])(
    'skips %j instead of guessing',
    (header) => {
      expect(parseLimitInfo(header)).toEqual([]);
    },
  );

  it('never throws, and reads back every well-formed entry it is given (property)', () => {
    const entry = fc.record({
      limit: fc.stringMatching(/^[a-z][a-z-]{0,20}$/),
      used: fc.nat(1_000_000),
      max: fc.nat(1_000_000),
      app: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 4 }),
        fc.constantFrom('; ', ';', ', '),
        (entries, sep) => {
          const header = entries
            .map(
              (e) =>
                `${e.limit}=${e.used}/${e.max}${e.app === undefined ? '' : `(appName=${e.app})`}`,
            )
            .join(sep);
          const parsed = parseLimitInfo(header);
          expect(parsed).toEqual(entries.map(({ limit, used, max }) => ({ limit, used, max })));
        },
      ),
    );
    fc.assert(fc.property(fc.string(), (header) => Array.isArray(parseLimitInfo(header))));
  });
});

describe('the API usage gauges through ctx.metrics', () => {
  const harness = useSalesforceHarness();

  it('publish the last Sforce-Limit-Info per tenant and connector, errors included', async () => {
    const h = harness();
    await h.call('create_record', { sobject: 'Lead', fields: lead() }, 'lead-1');
    await h.rejection(() => h.call('query', { soql: 'SELEKT' }));
    const text = await h.runtime.metrics.registry.metrics();
    // Two REST calls so far (the token request is not a REST call); the second was refused.
    expect(text).toContain(
      'salesforce_api_requests_used{tenant="acme",connector="salesforce",limit="api-usage"} 2',
    );
    expect(text).toContain(
      'salesforce_api_requests_limit{tenant="acme",connector="salesforce",limit="api-usage"} 5000',
    );
    expect(h.vendor.apiUsage).toBe(2);
  });
});
