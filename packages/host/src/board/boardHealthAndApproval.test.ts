import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { join } from 'node:path';
import { TOKENS, startHarness, type HostHarness } from '../__fixtures__/hostHarness';

// Item "connector_health from one function; the approval column per operation".
describe('connector_health on the board and in /metrics', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: {
        // init_throws is configured but rejected: registered and not ok.
        acme: { connectors: { good_echo: {}, init_throws: {} } },
        globex: { connectors: { good_echo: {} } },
      },
    });
  });
  afterAll(() => h.stop());

  it('is the same number on the board and in /metrics, per tenant and for all', async () => {
    const board = await h.call('GET', '/api/v1/connectors/governance', { token: TOKENS.vic });
    const onBoard = Object.fromEntries(
      board.json.tenants.map((t: { tenant: string; connector_health: number }) => [
        t.tenant,
        t.connector_health,
      ]),
    );
    expect(onBoard).toEqual({ acme: 0.5, globex: 1 });
    const metrics = await h.call('GET', '/metrics', { token: TOKENS.vic });
    const family = parsePrometheusTextFormat(metrics.text).find(
      (f) => f.name === 'connector_health',
    );
    const gauge = Object.fromEntries(
      (family!.metrics as Array<{ labels: { tenant: string }; value: string }>).map((m) => [
        m.labels.tenant,
        Number(m.value),
      ]),
    );
    expect(gauge.acme).toBe(onBoard.acme);
    expect(gauge.globex).toBe(onBoard.globex);
    expect(gauge.all).toBeCloseTo(2 / 3);
  });
});

describe("the board's approval column", () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({ rootDir: join(__dirname, '..', '..', '..', '..') });
  }, 60_000);
  afterAll(() => h?.stop());

  it("reads 'per operation' for Stripe and lists the operations that need approval", async () => {
    const board = await h.call('GET', '/api/v1/connectors/governance?tenant=sandbox');
    const stripe = board.json.tenants[0].connectors.find(
      (r: { connector_key: string }) => r.connector_key === 'stripe',
    );
    expect(stripe).toMatchObject({
      approval_policy: 'per_operation',
      approval_required_operations: [
        'create_payment_intent',
        'refund_payment_intent',
        'reverse_payment_intent',
      ],
    });
    const page = await h.call('GET', '/board');
    const cell =
      /<tr data-connector="stripe"[\s\S]*?<td data-approval="([^"]+)">([\s\S]*?)<\/td>/.exec(
        page.text,
      );
    expect(cell?.[1]).toBe('per_operation');
    expect(cell?.[2]).toContain('per operation: ');
    expect(cell?.[2]).toContain('<code>refund_payment_intent</code>');
    expect(cell?.[2]).not.toContain('cancel_payment_intent');
  });
});
