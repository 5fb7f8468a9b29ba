import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureSpans, type SpanCapture } from '@dealix/connector-testkit';
import { discoverConnectors } from './discovery/connectorPackages';
import { suiteHostConfig, TOKENS } from './host/hostConfig';
import { hostRequest } from './host/hostRequest';
import { startInProcessHost, type InProcessHost } from './host/inProcessHost';
import { driveConnector, type DriveCount } from './secretScan/driveConnector';
import { scanForSecrets, type ScannedText } from './secretScan/scanForSecrets';

// A full sandbox run through the host: every connector, every operation, failures included,
// webhooks genuine and forged, every read route and the board page, traced as a host with
// OTEL_* set traces it. Then every secret the host holds (each connector's secret config, the
// API tokens, the audit and data keys) is looked for in every HTTP answer, log line, printed
// line, exported span and in the SQLite files themselves. The spans come from an SDK provider
// this process registers (the host uses it, as it says at startup): jest's module sandbox
// cannot run the OTLP exporter itself.
const SANDBOX = 'sandbox';
const connectors = discoverConnectors();

describe('secret scan of a full sandbox run', () => {
  let host: InProcessHost;
  let spans: SpanCapture;
  const secrets = new Map<string, string>();
  beforeAll(async () => {
    spans = captureSpans()!;
    const { config, env } = suiteHostConfig({});
    host = await startInProcessHost(config, env);
    for (const [name, value] of Object.entries(env)) secrets.set(value, name);
    const sandbox = host.host.sandbox!;
    for (const c of connectors) {
      const configured = (sandbox.configs as Record<string, Record<string, unknown>>)[c.key] ?? {};
      for (const [field, spec] of Object.entries(c.manifest.config)) {
        const value = configured[field];
        if ((spec.type === 'secret' || spec.type === 'private_key') && typeof value === 'string') {
          secrets.set(value, `${c.key}.${field}`);
        }
      }
    }
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await spans?.stop();
  });

  it('runs every connector package in the sandbox', () => {
    const registered = host.host.runtime.registered(SANDBOX).map((rc) => rc.key);
    expect(registered.sort()).toEqual(connectors.map((c) => c.key).sort());
  });

  it('finds no secret in any answer, log line, printed line or database file', async () => {
    const sims = host.host.sandbox!.simulators as unknown as Record<string, unknown>;
    const counts: Array<[string, DriveCount]> = await Promise.all(
      connectors.map(
        async (c) =>
          [c.key, await driveConnector(host, SANDBOX, c, sims[c.key])] as [string, DriveCount],
      ),
    );
    await resolveUnknownOutcomes(host);
    await readEverything(host);
    const control = await sandboxShowFindsWebhookSecrets(host, secrets);
    await host.host.close();

    const texts: ScannedText[] = [
      ...host.exchanges.map((e, i) => ({
        where: `answer #${i + 1} (${e.method} ${e.path} → ${e.status})`,
        text: `${JSON.stringify(e.headers)}\n${e.text}`,
      })),
      ...host.logs.map((text, i) => ({ where: `log line #${i + 1}`, text })),
      ...host.printed.map((text, i) => ({ where: `printed line #${i + 1}`, text })),
      ...['sandbox.db', 'sandbox.db-wal']
        .map((f) => join(host.dir, f))
        .filter((file) => existsSync(file))
        .map((file) => ({ where: file, text: readFileSync(file).toString('latin1') })),
      { where: `the exported spans (${spans.spans().length})`, text: spans.exportedText() },
    ];
    const bytes = texts.reduce((n, t) => n + t.text.length, 0);
    const hits = scanForSecrets(texts, secrets);
    process.stdout.write(
      [
        `secret scan: ${secrets.size} secrets × ${texts.length} texts (${Math.round(bytes / 1024)} KiB, ${spans.spans().length} spans): ${hits.length} hits`,
        '| connector | calls | webhook deliveries |',
        '| --- | --- | --- |',
        ...counts.map(([key, n]) => `| ${key} | ${n.calls} | ${n.webhooks} |`),
        '',
      ].join('\n'),
    );
    expect(host.exchanges.some((e) => e.path.startsWith('/board'))).toBe(true);
    expect(spans.spans().length).toBeGreaterThan(connectors.length);
    expect(control).toBe(true);
    expect(hits).toEqual([]);
  }, 300_000);
});

/**
 * The scan's positive control: `sandbox show`, the one answer meant to carry the sandbox's
 * webhook secrets (never recorded with the others), is found to carry them.
 */
async function sandboxShowFindsWebhookSecrets(
  host: InProcessHost,
  secrets: ReadonlyMap<string, string>,
): Promise<boolean> {
  const shown = await hostRequest(host.url)('GET', '/api/v1/sandbox', { token: TOKENS.operator });
  const signing = connectors.filter((c) => (c.manifest.webhook_events ?? []).length > 0);
  const hits = scanForSecrets([{ where: 'sandbox show', text: shown.text }], secrets);
  return signing.every((c) => hits.some((h) => h.secret.startsWith(`${c.key}.`)));
}

/** A person settles every unknown outcome the faults left (audited with a note). */
async function resolveUnknownOutcomes(host: InProcessHost): Promise<void> {
  const listed = await host.request('GET', `/api/v1/tenants/${SANDBOX}/unknown-outcomes`, {
    token: TOKENS.viewer,
  });
  const outcomes =
    (listed.json as { unknown_outcomes?: Array<{ id: string }> }).unknown_outcomes ?? [];
  for (const { id } of outcomes) {
    await host.request('POST', `/api/v1/tenants/${SANDBOX}/unknown-outcomes/${id}/resolve`, {
      token: TOKENS.approver,
      json: { outcome: 'failed', note: 'checked at the vendor: nothing happened' },
    });
  }
}

/** Every read a viewer or a consumer makes, the board page in both languages included. */
async function readEverything(host: InProcessHost): Promise<void> {
  const viewer = { token: TOKENS.viewer };
  for (const path of [
    '/board',
    '/board?lang=ar',
    '/api/v1/connectors/governance',
    '/metrics',
    '/healthz',
    '/readyz',
    '/api/v1/metric-dictionary',
    `/api/v1/tenants/${SANDBOX}/approvals`,
    `/api/v1/tenants/${SANDBOX}/unknown-outcomes?status=all`,
    '/api/v1/no-such-route',
  ]) {
    await host.request('GET', path, viewer);
  }
  for (const feed of ['audit', 'events']) {
    let after = 0;
    for (;;) {
      const page = await host.request(
        'GET',
        `/api/v1/tenants/${SANDBOX}/${feed}?after=${after}&limit=500`,
        viewer,
      );
      const body = page.json as { records?: unknown[]; events?: unknown[]; next_after?: number };
      const items = body.records ?? body.events ?? [];
      if (items.length === 0 || body.next_after === undefined || body.next_after === after) break;
      after = body.next_after;
    }
  }
}
