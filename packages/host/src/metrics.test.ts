import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { TOKENS, startHarness, type HostHarness } from './__fixtures__/hostHarness';

describe('/metrics', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: { acme: { connectors: { good_echo: {}, health_failing: {} } } },
    });
  });
  afterAll(() => h.stop());

  it('parses as Prometheus text and includes connector_health and call counters', async () => {
    await h.call('POST', '/api/v1/tenants/acme/connectors/good_echo/operations/echo', {
      token: TOKENS.alice,
      body: { text: 'm' },
    });
    const res = await h.call('GET', '/metrics', { token: TOKENS.vic });
    expect(res.status).toBe(200);
    const families = parsePrometheusTextFormat(res.text);
    const byName = Object.fromEntries(families.map((f) => [f.name, f]));
    expect(byName.connector_health).toMatchObject({ type: 'GAUGE' });
    const acme = byName.connector_health!.metrics.find(
      (m) => (m as { labels?: Record<string, string> }).labels?.tenant === 'acme',
    ) as { value: string };
    expect(Number(acme.value)).toBeCloseTo(0.5);
    const calls = byName.connector_calls_total!.metrics as Array<{
      labels: Record<string, string>;
      value: string;
    }>;
    expect(
      calls.find((m) => m.labels.connector === 'good_echo' && m.labels.outcome === 'success')
        ?.value,
    ).toBe('1');
  });

  it('needs a token unless read routes are open', async () => {
    expect((await h.call('GET', '/metrics')).status).toBe(401);
  });
});
