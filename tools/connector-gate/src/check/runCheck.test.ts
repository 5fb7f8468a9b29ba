import {
  CORE_VERSION,
  renderErrorsReference,
  renderHostApiOpenApiText,
  renderManifestJsonSchema,
  renderManifestReference,
  renderMetricDictionaryPage,
  renderMetricsReference,
} from '@dealix/connector-core';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeBuiltPlugin, writeRenderedSchemas } from '../__fixtures__/builtPlugin';
import { sampleManifest } from '../__fixtures__/sampleManifest';
import { packageDir, TempRepo } from '../__fixtures__/tempRepo';
import type { RuleId } from '../findings/gateRules';
import { exitCodeOf } from '../report/gateReport';
import { runCheck } from './runCheck';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

const DIR = packageDir('alpha');

/** A repository whose one connector meets every rule, built. */
function validRepo(key = 'alpha'): TempRepo {
  const repo = new TempRepo();
  repos.push(repo);
  repo.addConnector(key);
  writeBuiltPlugin(repo, key, ['create_charge', 'get_charge']);
  writeRenderedSchemas(repo, ['create_charge', 'get_charge'], packageDir(key));
  return repo;
}

function check(repo: TempRepo) {
  const report = runCheck({ root: repo.dir });
  const rules = report.findings.map((f) => f.rule);
  return {
    report,
    rules,
    exitCode: exitCodeOf(report),
    of: (rule: RuleId) => report.findings.filter((f) => f.rule === rule),
  };
}

describe('check: manifests and repository rules', () => {
  it('passes a complete, built connector with exit 0', () => {
    const out = check(validRepo());
    expect(out.report.findings).toEqual([]);
    expect(out.report.connectors).toEqual([
      expect.objectContaining({ connector: 'alpha', status: 'checked' }),
    ]);
    expect(out.exitCode).toBe(0);
  });

  it('fails a manifest that breaks a cross-field rule, at the line of the field', () => {
    const repo = validRepo();
    repo.editManifest(
      'alpha',
      (m) =>
        (m.operations.get_charge!.audit_events = {
          success: 'charge_read',
          failure: 'charge_lost',
        }),
    );
    const out = check(repo);
    const lines = JSON.stringify(repo.readJson(`${DIR}/connector.json`), null, 2).split('\n');
    expect(out.of('manifest_invalid')).toContainEqual(
      expect.objectContaining({
        path: 'operations.get_charge.audit_events.failure',
        line: lines.findIndex((l) => l.includes('charge_lost')) + 1,
        fails: true,
      }),
    );
    expect(out.exitCode).toBe(1);
  });

  it('fails an allowed_hosts ${config.x} whose field declares no host_pattern (core rule)', () => {
    const repo = validRepo();
    repo.editManifest('alpha', (m) => {
      m.config.region = { type: 'string', required: false, description: 'Region host.' };
      m.allowed_hosts.push('${config.region}');
    });
    const out = check(repo);
    expect(out.of('manifest_invalid')).toEqual([
      expect.objectContaining({ path: 'allowed_hosts[2]' }),
    ]);
    expect(out.report.findings[0]?.message).toContain('region');
  });

  it('fails a package whose name does not follow from the key', () => {
    const repo = validRepo();
    repo.editJson<{ name: string }>(`${DIR}/package.json`, (p) => (p.name = '@dealix/alpha'));
    expect(check(repo).of('package_name')).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('@dealix/connector-alpha'),
        file: `${DIR}/package.json`,
      }),
    ]);
  });

  it('fails a package without README or CHANGELOG', () => {
    const repo = validRepo();
    repo.remove(`${DIR}/README.md`);
    repo.remove(`${DIR}/CHANGELOG.md`);
    const out = check(repo);
    expect(out.rules.sort()).toEqual(['changelog_missing', 'readme_missing']);
    expect(out.exitCode).toBe(1);
  });

  it.each([
    ['missing', undefined],
    ['unparseable', 'one point oh'],
    ['excluding the current core', '^0.9.0'],
  ])('fails a core peer range that is %s', (_name, range) => {
    const repo = validRepo();
    repo.editJson<{ peerDependencies: Record<string, string | undefined> }>(
      `${DIR}/package.json`,
      (p) => {
        p.peerDependencies['@dealix/connector-core'] = range;
      },
    );
    const [finding] = check(repo).of('core_range');
    expect(finding).toEqual(expect.objectContaining({ file: `${DIR}/package.json`, fails: true }));
    if (range === '^0.9.0')
      expect(finding?.message).toContain(`excludes the current core ${CORE_VERSION}`);
  });

  it('fails two packages with one key', () => {
    const repo = validRepo();
    repo.addConnector('beta', sampleManifest('alpha'));
    writeBuiltPlugin(repo, 'alpha', ['create_charge', 'get_charge'], packageDir('beta'));
    const out = check(repo);
    expect(out.of('duplicate_key')).toHaveLength(2);
    expect(out.of('package_name')).toHaveLength(1);
  });

  it('fails a package.json that names no manifest file that exists, or lacks main', () => {
    const repo = validRepo();
    repo.remove(`${DIR}/connector.json`);
    expect(check(repo).rules).toEqual(['manifest_missing']);
    const other = validRepo();
    other.editJson<{ main?: string }>(`${DIR}/package.json`, (p) => delete p.main);
    expect(check(other).rules).toEqual(['package_invalid']);
  });
});

// Outsider finding h5-F11: check passed a plugin the loader refuses, and for an operation the
// manifest lacks it advised "regenerate", which hid the mismatch.
describe('check: code and manifest agree, as the loader requires', () => {
  it('fails an operation the code has and the manifest lacks, without asking to regenerate', () => {
    const repo = validRepo();
    writeBuiltPlugin(repo, 'alpha', ['create_charge', 'get_charge', 'merge_charges']);
    writeRenderedSchemas(repo, ['merge_charges'], DIR);
    const out = check(repo);
    expect(out.rules).toEqual(['code_manifest_mismatch']);
    expect(out.of('code_manifest_mismatch')[0]).toMatchObject({
      path: 'operations.merge_charges',
      fails: true,
      message:
        'code and manifest disagree: operation "merge_charges" is in the code but not in the manifest',
    });
  });

  it('fails a config field the manifest makes optional and the code requires', () => {
    const repo = validRepo();
    repo.editManifest('alpha', (m) => (m.config.api_key!.required = false));
    const out = check(repo);
    expect(out.of('code_manifest_mismatch')).toEqual([
      expect.objectContaining({
        path: 'config.api_key',
        message:
          'code and manifest disagree: config field "api_key" is optional in the manifest but required in code',
      }),
    ]);
    expect(out.exitCode).toBe(1);
  });
});

// Outsider finding h5-F6: a manifest outside its package was read, passed, and its text quoted.
describe('check: a manifest outside its package folder', () => {
  const outsideRepo = () => {
    const repo = validRepo();
    repo.writeJson('elsewhere/connector.json', repo.readJson(`${DIR}/connector.json`));
    repo.write('elsewhere/passwd', 'root:x:0:0:secret-line\n');
    return repo;
  };

  it('fails a "dealix.connector" that leads out of the package, and reads nothing there', () => {
    const repo = outsideRepo();
    repo.editJson<{ dealix: { connector: string } }>(
      `${DIR}/package.json`,
      (p) => (p.dealix.connector = '../../../elsewhere/connector.json'),
    );
    const out = check(repo);
    expect(out.rules).toEqual(['package_invalid']);
    expect(out.of('package_invalid')[0]!.message).toContain('outside the package folder');
    expect(out.exitCode).toBe(1);
  });

  it('fails a manifest that is a symbolic link out of the package, quoting nothing of it', () => {
    const repo = outsideRepo();
    repo.remove(`${DIR}/connector.json`);
    symlinkSync(join(repo.dir, 'elsewhere', 'passwd'), join(repo.dir, DIR, 'connector.json'));
    const out = check(repo);
    expect(out.rules).toEqual(['package_invalid']);
    expect(out.of('package_invalid')[0]!.message).toContain('a symbolic link leads outside');
    expect(JSON.stringify(out.report)).not.toContain('secret-line');
  });
});

describe('check: generated files are fresh', () => {
  it('reports a connector that is not built', () => {
    const repo = validRepo();
    repo.remove(`${DIR}/dist`);
    expect(check(repo).of('not_built')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('npm run build') }),
    ]);
  });

  it('reports a built entry that does not export a plugin', () => {
    const repo = validRepo();
    repo.write(`${DIR}/dist/index.js`, 'exports.connector = { operations: {} };\n');
    expect(check(repo).rules).toEqual(['plugin_load_failed']);
    const throwing = validRepo();
    throwing.write(`${DIR}/dist/index.js`, "throw new Error('boom');\n");
    expect(check(throwing).of('plugin_load_failed')[0]?.message).toContain('boom');
  });

  it('reports stale, missing and orphaned operation schemas', () => {
    const repo = validRepo();
    repo.editJson<{ required: string[] }>(
      `${DIR}/schemas/get_charge.input.json`,
      (s) => (s.required = ['amount']),
    );
    repo.remove(`${DIR}/schemas/create_charge.output.json`);
    repo.writeJson(`${DIR}/schemas/old_op.input.json`, {});
    const messages = check(repo)
      .of('operation_schema_stale')
      .map((f) => f.message);
    expect(messages).toEqual([
      `${DIR}/schemas/create_charge.output.json is missing: regenerate the operation schemas`,
      `${DIR}/schemas/get_charge.input.json differs from what the built plugin renders: regenerate it`,
      `${DIR}/schemas/old_op.input.json belongs to no operation of the plugin: delete it`,
    ]);
  });

  it('needs a committed schema for every webhook event (issue 9 item 9)', () => {
    const repo = validRepo();
    repo.editManifest('alpha', (m) => {
      m.audit_events.push('charge_settled');
      Object.assign(m, { webhook_events: ['charge_settled'] });
    });
    repo.writeJson(`${DIR}/schemas/webhooks/old_event.json`, {});
    expect(
      check(repo)
        .of('webhook_schema_stale')
        .map((f) => f.message),
    ).toEqual([
      'webhook event "charge_settled" has no schema: describe its payload in defineConnector({ webhookEvents }) and regenerate the schemas',
      `${DIR}/schemas/webhooks/old_event.json belongs to no webhook event of the manifest: delete it`,
    ]);
  });

  it('accepts committed schemas in any JSON layout (Prettier may reflow them)', () => {
    const repo = validRepo();
    const file = `${DIR}/schemas/get_charge.input.json`;
    repo.write(file, JSON.stringify(repo.readJson(file)));
    expect(check(repo).report.findings).toEqual([]);
  });

  it('accepts committed schemas with their keys in another order, and still sees a changed value', () => {
    const repo = validRepo();
    const file = `${DIR}/schemas/get_charge.input.json`;
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const original = repo.readJson(file) as Record<string, unknown>;
    repo.write(file, JSON.stringify(reversed(original)));
    expect(check(repo).report.findings).toEqual([]);
    repo.write(file, JSON.stringify(reversed({ ...original, type: 'array' })));
    expect(
      check(repo)
        .of('operation_schema_stale')
        .map((f) => f.message),
    ).toEqual([`${file} differs from what the built plugin renders: regenerate it`]);
  });

  it("compares core's committed JSON Schema and generated docs with what core renders", () => {
    const repo = validRepo();
    repo.editJson<{ workspaces: string[] }>('package.json', (p) =>
      p.workspaces.push('packages/core'),
    );
    repo.writeJson('packages/core/package.json', {
      name: '@dealix/connector-core',
      version: CORE_VERSION,
    });
    repo.write('packages/core/connector-manifest.schema.json', renderManifestJsonSchema());
    repo.write('docs/manifest-reference.md', renderManifestReference());
    repo.write('docs/errors.md', renderErrorsReference());
    repo.write('docs/metrics.md', renderMetricsReference());
    repo.write('docs/metric-dictionary.md', renderMetricDictionaryPage());
    repo.write('docs/host-api.openapi.json', renderHostApiOpenApiText());
    expect(check(repo).report.findings).toEqual([]);

    repo.write('packages/core/connector-manifest.schema.json', '{}\n');
    repo.remove('docs/metrics.md');
    repo.write('docs/metric-dictionary.md', '# Metric dictionary\n');
    const out = check(repo);
    expect(out.of('generated_file_stale').map((f) => f.manifestFile)).toEqual([
      'packages/core/connector-manifest.schema.json',
      'docs/metrics.md',
      'docs/metric-dictionary.md',
    ]);
    expect(out.exitCode).toBe(1);
  });

  it("measures connector ranges against the repository's own core version", () => {
    const repo = validRepo();
    repo.editJson<{ workspaces: string[] }>('package.json', (p) =>
      p.workspaces.push('packages/core'),
    );
    repo.writeJson('packages/core/package.json', {
      name: '@dealix/connector-core',
      version: '2.0.0',
    });
    expect(check(repo).of('core_range')[0]?.message).toContain('excludes the current core 2.0.0');
  });
});
