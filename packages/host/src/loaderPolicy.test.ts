import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlowCall } from './__fixtures__/inFlight';
import { startHarness, ACME_ECHO_AND_PAYMENTS } from './__fixtures__/hostHarness';

describe('host loader policy', () => {
  it('blocks a connector version by range and names the reason', async () => {
    const h = await startHarness({
      tenants: ACME_ECHO_AND_PAYMENTS,
      extraConfig: {
        loader: {
          block: [{ name: 'good_payments', range: '>=2.0.0 <3.0.0', reason: 'refund bug in 2.x' }],
        },
      },
    });
    try {
      const entry = h.host.load.report.entries.find((e) => e.key === 'good_payments');
      expect(entry).toMatchObject({
        outcome: 'rejected',
        stage: 'check_core_compatibility',
        code: 'DLX_E_LOADER_BLOCKED',
      });
      expect(entry!.reason).toContain(
        '@fixtures/connector-good-payments@2.3.4 is blocked by the host configuration (versions >=2.0.0 <3.0.0): refund bug in 2.x',
      );
      expect(h.host.load.report.entries.find((e) => e.key === 'good_echo')?.outcome).toBe('ready');
    } finally {
      await h.stop();
    }
  });

  it.each(['banana', '2.x || banana'])(
    'refuses a block rule whose range %j is not a semver range, naming the field and the value',
    async (range) => {
      // A host that started anyway (the rule ignored) is stopped, so the test fails, not hangs.
      const refusal = await startHarness({
        tenants: ACME_ECHO_AND_PAYMENTS,
        extraConfig: { loader: { block: [{ name: 'good_payments', range }] } },
      }).then(
        (h) => h.stop().then(() => 'started'),
        (error: unknown) => error,
      );
      expect(refusal).toMatchObject({ code: 'DLX_E_CONFIG_INVALID' });
      expect((refusal as Error).message).toContain(
        `loader.block.0.range: must be a semver range such as <0.2.0 (leave it out to block every version), got ${JSON.stringify(range)}`,
      );
    },
  );

  it('notes a block rule whose name matches no connector key or package name', async () => {
    const h = await startHarness({
      tenants: ACME_ECHO_AND_PAYMENTS,
      extraConfig: {
        loader: {
          block: [
            { name: 'good_paymentss', range: '>=2.0.0' },
            { name: '@fixtures/connector-good-echo', range: '>=99.0.0' },
          ],
        },
      },
    });
    try {
      const notes = h.host.load.report.notes.filter((n) => n.startsWith('loader.block'));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(
        /^loader\.block\[0\]: "good_paymentss" matches no connector key or package name found, so it blocks nothing \(connector keys found: .*good_payments.*\); check its spelling/,
      );
      expect(h.printed.join('\n')).toContain('note: loader.block[0]: "good_paymentss"');
      expect(h.host.load.report.entries.find((e) => e.key === 'good_payments')?.outcome).toBe(
        'ready',
      );
    } finally {
      await h.stop();
    }
  });

  it('names a configured connector key no package provides, with the keys found and the closest', async () => {
    const h = await startHarness({
      tenants: { acme: { connectors: { good_echoo: {}, good_echo: {} } } },
    });
    try {
      expect(h.host.load.unknownConnectors).toEqual([{ tenant: 'acme', key: 'good_echoo' }]);
      const note = h.host.load.report.notes.find((n) => n.includes('"good_echoo"'));
      expect(note).toMatch(
        /^tenant "acme" configures connector "good_echoo", which no connector package found provides \(connector keys found: .*good_echo, .*\); did you mean "good_echo"\?$/,
      );
      // The rest starts: one entry never takes the host down.
      expect(h.host.load.report.entries.find((e) => e.key === 'good_echo')?.outcome).toBe('ready');
    } finally {
      await h.stop();
    }
  });

  it('fails a strict start when a configured connector key matches no package', async () => {
    const refusal = await startHarness({
      tenants: { acme: { connectors: { good_echoo: {} } } },
      rootDir: mkdtempSync(join(tmpdir(), 'dlx-no-plugins-')),
      host: { strict: true },
    }).then(
      (h) => h.stop().then(() => 'started'),
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ code: 'DLX_E_LOADER_BLOCKED' });
  });

  it('loads only allowlisted connectors when an allowlist is set', async () => {
    const h = await startHarness({
      tenants: { acme: { connectors: { good_echo: {} } } },
      extraConfig: { loader: { allow: ['good_echo'] } },
    });
    try {
      expect(h.host.load.plugins.map((p) => p.pkg.manifest.connector_key)).toEqual(['good_echo']);
      expect(h.host.load.report.entries.find((e) => e.key === 'good_unconfigured')).toMatchObject({
        code: 'DLX_E_LOADER_BLOCKED',
      });
    } finally {
      await h.stop();
    }
  });

  it('fails startup when a plugin whose failure policy is abort is rejected, and only then', async () => {
    await expect(
      startHarness({
        tenants: { acme: { connectors: { init_throws: {} } } },
        extraConfig: { loader: { failure_policy: { init_throws: 'abort' } } },
      }),
    ).rejects.toMatchObject({ code: 'DLX_E_LOADER_BLOCKED' });
    const h = await startHarness({
      tenants: { acme: { connectors: { init_throws: {} } } },
      extraConfig: { loader: { failure_policy: { good_echo: 'abort' } } },
    });
    await h.stop();
  });

  it('refuses a secret written into the config file, naming tenant, connector and field', async () => {
    const literal = 'sk_literal_in_the_repo_123';
    const h = await startHarness({
      tenants: { acme: { connectors: { good_payments: { api_key: literal } } } },
    });
    try {
      const entry = h.host.load.report.entries.find((e) => e.key === 'good_payments');
      expect(entry).toMatchObject({
        outcome: 'rejected',
        stage: 'initialize',
        code: 'DLX_E_CONFIG_INVALID',
      });
      expect(entry!.reason).toContain(
        'tenant "acme", connector "good_payments": config field "api_key" is a secret and is written in the config file',
      );
      expect(JSON.stringify(h.host.load.report) + h.logs.join('')).not.toContain(literal);
    } finally {
      await h.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight call finish, then closes the database', async () => {
    const h = await startHarness({ tenants: { acme: { connectors: { good_slow: {} } } } });
    const { answer: call } = await startSlowCall(h, 300);
    const closing = h.stop();
    const res = await call;
    await closing;
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', output: { waited: 300 } });
    await expect(h.host.stores.audit.list()).rejects.toMatchObject({ code: 'DLX_E_STORE_FAILURE' });
  });
});
