import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupRepos, cli, minimalRepo, tree, validManifest } from './__fixtures__/scaffoldRepo';
import { scaffoldConnector } from './scaffoldConnector';

afterAll(cleanupRepos);

const PACKAGE_FILES = [
  'CHANGELOG.md',
  'README.md',
  'connector.json',
  'jest.config.js',
  'package.json',
  'schemas/create_item.input.json',
  'schemas/create_item.output.json',
  'schemas/delete_item.input.json',
  'schemas/delete_item.output.json',
  'schemas/get_item.input.json',
  'schemas/get_item.output.json',
  'src/__fixtures__/vendorSimulator.ts',
  'src/bin/generateSchemas.ts',
  'src/conformance.test.ts',
  'src/connectorConfig.ts',
  'src/errors.test.ts',
  'src/errors.ts',
  'src/healthCheck.ts',
  'src/index.ts',
  'src/itemSchemas.ts',
  'src/operations.test.ts',
  'src/operations/createItem.ts',
  'src/operations/deleteItem.ts',
  'src/operations/getItem.ts',
  'src/vendorApi.ts',
  'tsconfig.build.json',
  'tsconfig.json',
];

describe('connector-gate new: what it writes', () => {
  const repo = minimalRepo();
  const dir = 'packages/connectors/contract-intel';
  let out: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    out = await cli('new', 'contract_intel', '--root', repo.dir);
  });

  it('writes the checklist package under the key with _ as -, and its changeset, exit 0', () => {
    expect(out).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const written = tree(repo.dir).filter((path) => path.startsWith(`${dir}/`));
    expect(written).toEqual(PACKAGE_FILES.map((file) => `${dir}/${file}`));
    expect(existsSync(join(repo.dir, '.changeset/contract-intel-connector.md'))).toBe(true);
    expect(out.stdout).toContain(`${dir}/connector.json`);
    expect(out.stdout).toContain('npm install');
  });

  it('names the package after the key and takes its ranges from the repository core and testkit', () => {
    expect(repo.readJson(`${dir}/package.json`)).toEqual(
      expect.objectContaining({
        name: '@dealix/connector-contract-intel',
        version: '0.1.0',
        main: 'dist/index.js',
        dealix: { connector: 'connector.json' },
        peerDependencies: { '@dealix/connector-core': '^1.0.0' },
        devDependencies: {
          '@dealix/connector-core': '^1.0.0',
          '@dealix/connector-testkit': '^0.3.0',
        },
        scripts: expect.objectContaining({
          build: 'tsc -p tsconfig.build.json',
          test: 'jest',
          generate: 'tsc -p tsconfig.build.json && node dist/bin/generateSchemas.js',
        }),
      }),
    );
  });

  it("writes a manifest core's validateManifest accepts, with the sample operations", () => {
    const manifest = validManifest(repo, dir);
    expect(manifest).toEqual(
      expect.objectContaining({
        $schema: '../../core/connector-manifest.schema.json',
        connector_key: 'contract_intel',
        display_name: 'Contract Intel',
        allowed_hosts: ['${config.base_url}'],
      }),
    );
    expect(manifest.display_name_ar).toMatch(/[\u0600-\u06FF]/);
    const ops = manifest.operations;
    expect(ops.get_item?.kind).toBe('read');
    expect(ops.create_item).toEqual(
      expect.objectContaining({ kind: 'write', compensation: 'delete_item' }),
    );
    expect(ops.delete_item).toEqual(
      expect.objectContaining({ kind: 'write', compensation: 'none' }),
    );
    expect(ops.delete_item?.compensation_note).toBeTruthy();
    expect(manifest.config.api_key?.type).toBe('secret');
    expect(manifest.config.base_url).toEqual(
      expect.objectContaining({ type: 'url', host_pattern: 'api.example.com' }),
    );
  });

  it('commits operation schemas that mark personal input for reviewers and the gate', () => {
    const input = repo.readJson<{
      required: string[];
      properties: Record<string, { personal?: boolean }>;
    }>(`${dir}/schemas/create_item.input.json`);
    expect(input.required).toEqual(['name']);
    expect(input.properties.owner_email?.personal).toBe(true);
  });

  it('writes a CHANGELOG with 0.1.0 and a changeset naming the new package', () => {
    expect(readFileSync(join(repo.dir, dir, 'CHANGELOG.md'), 'utf8')).toContain('## 0.1.0');
    const changeset = readFileSync(
      join(repo.dir, '.changeset/contract-intel-connector.md'),
      'utf8',
    );
    expect(changeset.startsWith("---\n'@dealix/connector-contract-intel': none\n---\n")).toBe(true);
  });

  it('documents every operation, config field and audit event in the README, with a TODO list', () => {
    const readme = readFileSync(join(repo.dir, dir, 'README.md'), 'utf8');
    const manifest = validManifest(repo, dir);
    for (const name of [
      ...Object.keys(manifest.operations),
      ...Object.keys(manifest.config),
      ...manifest.audit_events,
    ]) {
      expect(readme).toContain(`\`${name}\``);
    }
    expect(readme).toContain('## TODO before the first release');
  });
});

describe('connector-gate new: options', () => {
  it('puts the given display names and owner into the manifest and README', () => {
    const repo = minimalRepo();
    const result = scaffoldConnector({
      root: repo.dir,
      key: 'cal',
      displayName: 'Cal.com Scheduling',
      displayNameAr: 'جدولة كال',
      owner: 'scheduling-team',
    });
    expect(result).toEqual(
      expect.objectContaining({
        packageName: '@dealix/connector-cal',
        packageDir: 'packages/connectors/cal',
      }),
    );
    expect(validManifest(repo, result.packageDir)).toEqual(
      expect.objectContaining({
        display_name: 'Cal.com Scheduling',
        display_name_ar: 'جدولة كال',
        owners: ['scheduling-team'],
      }),
    );
    const readme = readFileSync(join(repo.dir, result.packageDir, 'README.md'), 'utf8');
    expect(readme).toContain('"Cal.com Scheduling" (English) and "جدولة كال" (Arabic)');
    expect(readme).toContain('`scheduling-team`');
  });

  it('falls back to the installed core version when the repository holds no core package', () => {
    const repo = minimalRepo();
    repo.remove('packages/core');
    const result = scaffoldConnector({ root: repo.dir, key: 'voice' });
    const pkg = repo.readJson<{ peerDependencies: Record<string, string> }>(
      `${result.packageDir}/package.json`,
    );
    expect(pkg.peerDependencies['@dealix/connector-core']).toMatch(/^\^\d+\.0\.0$/);
  });
});
