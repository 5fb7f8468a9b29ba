import { discoverConnectors } from './discovery/connectorPackages';
import { ConnectorSimulators } from './host/connectorSimulators';
import { suiteHostConfig, TOKENS } from './host/hostConfig';
import { startGcHost, type GcHost } from './load/gcHost';
import { loadCalls, type LoadCall } from './load/loadPlan';

// The one real-time part of the suite: the host, in its own process, under 30 s of 64
// concurrent calls on loopback against every connector's simulator. It must keep answering the
// board and /metrics throughout, and after the load and a forced GC its heap must be within
// 20 MB of what it was before. Speeds are printed, never asserted.
const LOAD_MS = Number(process.env.DLX_RELIABILITY_LOAD_SECONDS ?? 30) * 1000;
const CONCURRENCY = 64;
const HEAP_SLACK_BYTES = 20 * 1024 * 1024;
const TENANT = 'load';
const connectors = discoverConnectors();

interface Probe {
  path: string;
  status: number;
  ms: number;
}

describe('the host under load', () => {
  let simulators: ConnectorSimulators;
  let host: GcHost;
  let calls: LoadCall[];
  beforeAll(async () => {
    simulators = await ConnectorSimulators.start(connectors);
    calls = await loadCalls(connectors, simulators.sims());
    const tenants = { [TENANT]: simulators.tenant(connectors) };
    const { config, env } = suiteHostConfig(tenants, { unthrottled: true });
    host = await startGcHost(config, env);
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await simulators?.stop();
  });

  const call = async (c: LoadCall): Promise<number> => {
    const res = await fetch(
      `${host.url}/api/v1/tenants/${TENANT}/connectors/${c.key}/operations/${c.operation}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKENS.operator}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(c.input),
      },
    );
    await res.arrayBuffer();
    return res.status;
  };
  const probe = async (path: string): Promise<Probe> => {
    const started = performance.now();
    try {
      const res = await fetch(`${host.url}${path}`, {
        headers: { authorization: `Bearer ${TOKENS.viewer}` },
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer();
      return { path, status: res.status, ms: performance.now() - started };
    } catch {
      return { path, status: 0, ms: performance.now() - started };
    }
  };

  it(
    `keeps serving the board and /metrics under ${CONCURRENCY} concurrent calls, and gives its heap back`,
    async () => {
      expect(calls.length).toBeGreaterThan(0);
      // Warm up (code compiled, caches filled, pools open), then the baseline.
      for (let round = 0; round < 4; round++) {
        await Promise.all(
          Array.from({ length: CONCURRENCY }, (_, i) => call(calls[i % calls.length]!)),
        );
      }
      await probe('/board');
      await probe('/metrics');
      const before = await host.heapUsed();

      const statuses = new Map<number, number>();
      const probes: Probe[] = [];
      const until = Date.now() + LOAD_MS;
      let sent = 0;
      const worker = async (w: number) => {
        for (let i = w; Date.now() < until; i += CONCURRENCY) {
          sent++;
          const status = await call(calls[i % calls.length]!).catch(() => 0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      };
      const prober = async () => {
        while (Date.now() < until) {
          probes.push(await probe('/board'), await probe('/metrics'));
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      const started = Date.now();
      await Promise.all([...Array.from({ length: CONCURRENCY }, (_, w) => worker(w)), prober()]);
      const seconds = (Date.now() - started) / 1000;
      const after = await host.heapUsed();

      const ms = probes.map((p) => p.ms).sort((a, b) => a - b);
      const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(0);
      process.stdout.write(
        [
          `host load: ${sent} calls in ${seconds.toFixed(1)} s at concurrency ${CONCURRENCY} (${(sent / seconds).toFixed(0)}/s) over ${calls.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
          `  board and /metrics: ${probes.length} probes, ${probes.filter((p) => p.status === 200).length} answered 200; p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms.at(-1)!.toFixed(0)} ms`,
          `  heapUsed after a forced GC: ${(before / 1048576).toFixed(1)} MB before, ${(after / 1048576).toFixed(1)} MB after (${((after - before) / 1048576).toFixed(1)} MB)`,
          '',
        ].join('\n'),
      );
      // Served throughout: each page answered while the load ran, every time it was asked.
      for (const path of ['/board', '/metrics']) {
        expect(probes.filter((p) => p.path === path).length).toBeGreaterThanOrEqual(2);
      }
      expect(probes.filter((p) => p.status !== 200)).toEqual([]);
      expect(statuses.get(0) ?? 0).toBe(0);
      expect(after - before).toBeLessThan(HEAP_SLACK_BYTES);
    },
    LOAD_MS + 120_000,
  );
});
