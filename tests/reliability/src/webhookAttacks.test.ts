import {
  webhookAttacks,
  withWrongSecrets,
  type ConformanceWebhookDelivery,
} from '@dealix/connector-testkit';
import { discoverConnectors, type DiscoveredConnector } from './discovery/connectorPackages';
import { ConnectorSimulators } from './host/connectorSimulators';
import { suiteHostConfig, TOKENS } from './host/hostConfig';
import type { Exchange } from './host/hostRequest';
import { startInProcessHost, type InProcessHost } from './host/inProcessHost';
import { metricSum } from './host/metricsText';

// Every connector that declares webhook_events, through the host's /webhooks/:tenant/:key: the
// conformance suite's forgeries of each event, and the genuine delivery sent to a tenant
// configured with wrong secrets. Every one refused and counted; every genuine one stored once.
const GENUINE = 'hooks';
const WRONG = 'hooks-wrong';
const signing = discoverConnectors().filter((c) => (c.manifest.webhook_events ?? []).length > 0);

describe('webhook attacks on every signing connector, through the host', () => {
  let host: InProcessHost;
  let simulators: ConnectorSimulators;
  beforeAll(async () => {
    simulators = await ConnectorSimulators.start(signing);
    const { config, env } = suiteHostConfig({
      [GENUINE]: simulators.tenant(signing),
      [WRONG]: simulators.tenant(signing, (c, config) => withWrongSecrets(c.manifest, config)),
    });
    host = await startInProcessHost(config, env);
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await simulators?.stop();
  });

  const deliver = (tenant: string, key: string, delivery: ConformanceWebhookDelivery) =>
    host.request(delivery.method ?? 'POST', `/webhooks/${tenant}/${key}`, {
      headers: delivery.headers,
      body: delivery.body,
    });
  const events = async (key: string, type: string) => {
    const answer = await host.request('GET', `/api/v1/tenants/${GENUINE}/events?limit=1000`, {
      token: TOKENS.viewer,
    });
    const list = (answer.json as { events: Array<{ connector: string; type: string }> }).events;
    return list.filter((e) => e.connector === key && e.type === type).length;
  };
  const refusedAsForged = (answer: Exchange) => ({
    status: answer.status,
    code: (answer.json as { error?: { code?: string } } | undefined)?.error?.code,
  });

  it('has connectors that sign webhooks', () => {
    expect(signing.length).toBeGreaterThan(0);
  });

  it.each(signing.map((c) => [c.key, c] as [string, DiscoveredConnector]))(
    '%s: forged, modified, unsigned and wrong-secret deliveries are all refused and counted; genuine ones stored once',
    async (key, connector) => {
      const hooks = connector.conformance.webhooks!;
      const sim = simulators.sim(key);
      let refusedGenuineTenant = 0;
      let refusedWrongTenant = 0;
      for (const type of connector.manifest.webhook_events ?? []) {
        const url = `${host.url}/webhooks/${GENUINE}/${key}`;
        const genuine = await hooks.delivery(sim, { type, url });
        for (const [attack, forged] of webhookAttacks(genuine, hooks.signatureHeader)) {
          const answer = await deliver(GENUINE, key, forged);
          expect({ type, attack, ...refusedAsForged(answer) }).toEqual({
            type,
            attack,
            status: 401,
            code: 'DLX_E_WEBHOOK_SIGNATURE_INVALID',
          });
          refusedGenuineTenant++;
        }
        expect(await events(key, type)).toBe(0);

        const wrong = await hooks.delivery(sim, {
          type,
          url: `${host.url}/webhooks/${WRONG}/${key}`,
        });
        expect({ type, ...refusedAsForged(await deliver(WRONG, key, wrong)) }).toEqual({
          type,
          status: 401,
          code: 'DLX_E_WEBHOOK_SIGNATURE_INVALID',
        });
        refusedWrongTenant++;

        const accepted = await deliver(GENUINE, key, genuine);
        expect({ type, status: accepted.status, json: accepted.json }).toMatchObject({
          type,
          status: 200,
          json: { accepted: 1 },
        });
        // The same delivery again (a vendor retry, or a replay): stored once.
        const again = await deliver(GENUINE, key, genuine);
        expect(again.json).toMatchObject({ accepted: 0 });
        expect(await events(key, type)).toBe(1);
      }
      const metrics = (await host.request('GET', '/metrics', { token: TOKENS.viewer })).text;
      const rejections = (tenant: string) =>
        metricSum(metrics, 'connector_webhook_rejections_total', { tenant, connector: key });
      expect({ [GENUINE]: rejections(GENUINE), [WRONG]: rejections(WRONG) }).toEqual({
        [GENUINE]: refusedGenuineTenant,
        [WRONG]: refusedWrongTenant,
      });
    },
    120_000,
  );
});
