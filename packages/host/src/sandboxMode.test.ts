import { join } from 'node:path';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';

// The newcomer's path: no tenant configured, so the host starts every simulator and registers a
// `sandbox` tenant for each connector package of this repository.
const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('sandbox mode (npm start with no tenant configured)', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({ rootDir: REPO_ROOT });
  }, 60_000);
  afterAll(() => h?.stop());

  it('registers a sandbox tenant and shows every connector of the repo ok on the open board', async () => {
    const loaded = h.host.load.plugins.map((p) => p.pkg.manifest.connector_key);
    expect(loaded.length).toBeGreaterThan(0);
    const res = await h.call('GET', '/api/v1/connectors/governance');
    expect(res.status).toBe(200);
    const tenant = res.json.tenants.find((t: { tenant: string }) => t.tenant === 'sandbox');
    const rows = tenant.connectors as Array<{
      connector_key: string;
      status: string;
      registered: boolean;
    }>;
    expect(rows.map((r) => r.connector_key).sort()).toEqual([...loaded].sort());
    for (const r of rows) expect(r).toMatchObject({ status: 'ok', registered: true });
    expect(tenant.connector_health).toBe(1);
  });

  it('prints the board URL and an operator and an approver token', () => {
    const printed = h.printed.join('\n');
    expect(printed).toContain(`${h.host.url}/board`);
    expect(printed).toMatch(/operator token: dlx_op_[0-9a-f]{32}/);
    expect(printed).toMatch(/approver token: dlx_ap_[0-9a-f]{32}/);
    expect(h.host.load.report.notes.join('\n')).toContain('sandbox mode');
  });

  it('shows /healthz the startup notes without file-system paths (the report printed keeps them)', async () => {
    const local = h.host.load.report.notes.find((n) => n.startsWith('database: SQLite /'));
    expect(local).toBeDefined();
    const health = await h.call('GET', '/healthz');
    expect(health.status).toBe(200);
    const notes = health.json.notes as string[];
    expect(notes).toContain(local!.replace(/\/\S+/, '<path>'));
    expect(notes.join('\n')).not.toMatch(/(^|\s)\/[\w.-]+\//);
  });
});
