import {
  FIXTURE_SECRET,
  TOKENS,
  startHarness,
  type HostHarness,
  GOOD_PAYMENTS,
} from './__fixtures__/hostHarness';

describe('startup with a set of broken plugins', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: {
        acme: {
          connectors: {
            good_echo: {},
            good_payments: GOOD_PAYMENTS,
            init_throws: {},
            init_hangs: {},
            missing_secret: {},
            health_failing: {},
            import_throws: {},
          },
        },
      },
    });
  });
  afterAll(() => h.stop());

  const entry = (k: string) => h.host.load.report.entries.find((e) => e.key === k);

  it.each([
    [
      'invalid_manifest',
      'validate_manifest',
      'DLX_E_MANIFEST_INVALID',
      'approval_policy: "B" is not allowed',
    ],
    ['unknown_field', 'validate_manifest', 'DLX_E_MANIFEST_INVALID', 'flavour: unknown field'],
    [
      'incompatible_core',
      'check_core_compatibility',
      'DLX_E_LOADER_INCOMPATIBLE_CORE',
      'supports core ^2.0.0, this host runs 1.0.0',
    ],
    [
      'missing_range',
      'check_core_compatibility',
      'DLX_E_LOADER_MISSING_CORE_RANGE',
      'does not state the core it supports',
    ],
    ['import_throws', 'import_entry', 'DLX_E_LOADER_IMPORT_FAILED', 'boom while importing'],
    [
      'init_throws',
      'initialize',
      'DLX_E_LOADER_INITIALIZE_FAILED',
      'cannot reach the vendor during initialize',
    ],
    ['init_hangs', 'initialize', 'DLX_E_LOADER_INITIALIZE_TIMEOUT', 'did not finish within 300 ms'],
    [
      'identity_mismatch',
      'check_contract',
      'DLX_E_LOADER_CONTRACT_MISMATCH',
      'code says key "somebody_else" but the manifest says "identity_mismatch"',
    ],
    [
      'missing_secret',
      'initialize',
      'DLX_E_CONFIG_MISSING_SECRET',
      'config field "api_key" (secret) is required',
    ],
  ])('rejects %s at stage %s with a clear reason', (k, stage, code, reason) => {
    expect(entry(k)).toMatchObject({ outcome: 'rejected', stage, code });
    expect(entry(k)!.reason).toContain(reason);
    expect(entry(k)!.path).toMatch(/^plugins\//);
  });

  it('rejects both packages of a duplicate key, naming both', () => {
    const dupes = h.host.load.report.entries.filter((e) => e.key === 'dupe');
    expect(dupes).toHaveLength(2);
    for (const d of dupes) {
      expect(d).toMatchObject({
        outcome: 'rejected',
        stage: 'check_unique_key',
        code: 'DLX_E_LOADER_DUPLICATE_KEY',
      });
      expect(d.reason).toContain('@fixtures/connector-dup-a@1.0.0');
      expect(d.reason).toContain('@fixtures/connector-dup-b@1.0.0');
    }
  });

  it('marks a plugin whose health probe fails as degraded, not rejected', () => {
    expect(entry('health_failing')).toMatchObject({ outcome: 'degraded', stage: 'health_probe' });
    expect(entry('health_failing')!.reason).toContain('vendor says no');
  });

  it('loads the good plugins and serves them', async () => {
    expect(entry('good_echo')).toMatchObject({
      outcome: 'ready',
      version: '1.0.0',
      package: '@fixtures/connector-good-echo',
    });
    const res = await h.call('POST', '/api/v1/tenants/acme/connectors/good_echo/operations/echo', {
      token: TOKENS.alice,
      body: { text: 'hi' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', output: { text: 'hi' } });
  });

  it('prints the startup report as a table naming every plugin', () => {
    const table = h.printed.join('\n');
    for (const k of ['good_echo', 'invalid_manifest', 'init_hangs', 'dupe'])
      expect(table).toContain(k);
    expect(table).toMatch(/\d+ ready, \d+ degraded, \d+ rejected/);
  });

  it('shows rejected and unconfigured connectors on the board', async () => {
    const res = await h.call('GET', '/api/v1/connectors/governance?tenant=acme', {
      token: TOKENS.vic,
    });
    const rows = res.json.tenants[0].connectors as Array<{
      connector_key: string;
      status: string;
      registered: boolean;
    }>;
    const byKey = Object.fromEntries(rows.map((r) => [r.connector_key, r]));
    expect(byKey.good_echo).toMatchObject({ status: 'ok', registered: true });
    expect(byKey.init_throws).toMatchObject({ status: 'error', registered: true });
    expect(byKey.health_failing).toMatchObject({ status: 'degraded' });
    expect(byKey.good_unconfigured).toMatchObject({ registered: false });
  });

  it('answers /healthz with the startup summary and keeps secrets out of the logs', async () => {
    const res = await h.call('GET', '/healthz', { token: TOKENS.vic });
    expect(res.json).toMatchObject({
      status: 'degraded',
      plugins: { ready: expect.any(Number), rejected: expect.any(Number) },
    });
    const everything = h.logs.join('') + JSON.stringify(h.host.load.report);
    for (const secret of [FIXTURE_SECRET, ...Object.values(TOKENS)])
      expect(everything).not.toContain(secret);
  });

  it('refuses API calls without a token or with a role that does not allow them', async () => {
    const none = await h.call('POST', '/api/v1/tenants/acme/connectors/good_echo/operations/echo', {
      body: { text: 'x' },
    });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('DLX_E_HOST_UNAUTHENTICATED');
    const viewer = await h.call(
      'POST',
      '/api/v1/tenants/acme/connectors/good_echo/operations/echo',
      { token: TOKENS.vic, body: { text: 'x' } },
    );
    expect(viewer.status).toBe(403);
  });
});

describe('strict mode', () => {
  it('fails startup when any plugin is rejected', async () => {
    await expect(
      startHarness({
        tenants: { acme: { connectors: { good_echo: {} } } },
        host: { strict: true },
      }),
    ).rejects.toMatchObject({ code: 'DLX_E_LOADER_BLOCKED' });
  });
});

describe('loader.health_probe false', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: { acme: { connectors: { good_echo: {}, health_failing: {}, init_throws: {} } } },
      extraConfig: { loader: { health_probe: false } },
    });
  });
  afterAll(() => h.stop());

  const entry = (k: string) => h.host.load.report.entries.find((e) => e.key === k);

  it('starts without the first health probe: its state stays unknown until the periodic one', () => {
    expect(entry('health_failing')).toMatchObject({
      outcome: 'ready',
      stage: 'initialize',
      reason: 'first health probe off',
    });
    expect(h.host.runtime.get('acme', 'health_failing').probe).toBeNull();
  });

  it('still rejects a plugin whose initialize throws, and serves the others', async () => {
    expect(entry('init_throws')).toMatchObject({ outcome: 'rejected', stage: 'initialize' });
    const res = await h.call('POST', '/api/v1/tenants/acme/connectors/good_echo/operations/echo', {
      token: TOKENS.alice,
      body: { text: 'hi' },
    });
    expect(res.status).toBe(200);
  });
});
