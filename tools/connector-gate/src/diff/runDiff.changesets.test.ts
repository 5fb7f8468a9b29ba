import { runDiff } from './runDiff';
import { diffCase, trackRepos } from '../__fixtures__/gateRun';
import { sampleManifest, sampleOutputSchema } from '../__fixtures__/sampleManifest';
import { packageDir, packageName, type TempRepo } from '../__fixtures__/tempRepo';
import type { RuleId } from '../findings/gateRules';

const repos = trackRepos();
afterAll(() => repos.cleanup());

const ALPHA = packageName('alpha');
const alpha = (setup: (repo: TempRepo) => void = () => undefined) =>
  repos.track(
    diffCase((repo) => {
      const base = sampleManifest('alpha');
      base.audit_events.push('charge_succeeded');
      base.webhook_events = ['charge_succeeded'];
      base.direct_transports = [{ library: 'nodemailer', reason: 'SMTP' }];
      repo.addConnector('alpha', base);
      setup(repo);
    }),
  );

interface MinorCase {
  name: string;
  change: (repo: TempRepo) => void;
  rule: RuleId;
  path: string;
}

const minorCases: MinorCase[] = [
  {
    name: 'an operation added',
    change: (repo) =>
      repo.editManifest('alpha', (m) => {
        m.operations.list_charges = {
          kind: 'read',
          description: 'Lists charges.',
          audit_events: { success: 'charge_read', failure: 'charge_read_failed' },
        };
      }),
    rule: 'operation_added',
    path: 'operations.list_charges',
  },
  {
    name: 'an operation kind changed',
    change: (repo) =>
      repo.editManifest('alpha', (m) =>
        Object.assign(m.operations.get_charge!, {
          kind: 'write',
          compensation: 'none',
          compensation_note: 'No undo.',
        }),
      ),
    rule: 'operation_changed',
    path: 'operations.get_charge.kind',
  },
  {
    name: 'audit events added',
    change: (repo) =>
      repo.editManifest('alpha', (m) => {
        m.audit_events.push('charge_refunded');
        m.webhook_events = ['charge_succeeded', 'charge_refunded'];
      }),
    rule: 'audit_events_added',
    path: 'audit_events',
  },
  {
    name: 'webhook events changed',
    change: (repo) =>
      repo.editManifest('alpha', (m) => {
        m.audit_events.push('charge_refunded');
        m.webhook_events = ['charge_succeeded', 'charge_refunded'];
      }),
    rule: 'webhook_events_changed',
    path: 'webhook_events',
  },
  {
    name: 'an optional config field added',
    change: (repo) =>
      repo.editManifest(
        'alpha',
        (m) => (m.config.region = { type: 'string', required: false, description: 'Region.' }),
      ),
    rule: 'config_field_added',
    path: 'config.region',
  },
  {
    name: 'a config default changed',
    change: (repo) =>
      repo.editManifest(
        'alpha',
        (m) => (m.config.base_url!.default = 'https://api.example.com/v2'),
      ),
    rule: 'config_field_changed',
    path: 'config.base_url.default',
  },
  {
    name: 'metrics changed',
    change: (repo) =>
      repo.editManifest(
        'alpha',
        (m) =>
          (m.metrics = [
            { name: 'alpha_charges_total', type: 'counter', unit: 'charges', labels: [] },
          ]),
      ),
    rule: 'metrics_changed',
    path: 'metrics',
  },
  {
    name: 'a direct transport removed',
    change: (repo) => repo.editManifest('alpha', (m) => delete m.direct_transports),
    rule: 'direct_transport_removed',
    path: 'direct_transports',
  },
  {
    name: 'the core peer range changed',
    change: (repo) =>
      repo.editJson<{ peerDependencies: Record<string, string> }>(
        `${packageDir('alpha')}/package.json`,
        (p) => (p.peerDependencies['@dealix/connector-core'] = '^1.0.0 || ^2.0.0'),
      ),
    rule: 'core_range_changed',
    path: 'peerDependencies["@dealix/connector-core"]',
  },
  {
    name: 'an output schema changed',
    change: (repo) =>
      repo.writeJson(`${packageDir('alpha')}/schemas/get_charge.output.json`, {
        ...sampleOutputSchema,
        required: [],
      }),
    rule: 'output_schema_changed',
    path: 'operations.get_charge.output',
  },
];

describe('diff: every change needs a changeset with at least the bump it needs', () => {
  it.each(minorCases)('$name needs a minor changeset', async ({ change, rule, path }) => {
    const c = alpha();
    change(c.repo);
    c.repo.changeset('patch', { [ALPHA]: 'patch' });
    const patch = await c.diff();
    expect(patch.of(rule)).toEqual([
      expect.objectContaining({ path, severity: 'changeset', requiredBump: 'minor', fails: false }),
    ]);
    expect(patch.of('changeset_missing')).toEqual([
      expect.objectContaining({ before: 'patch', after: 'minor', fails: true }),
    ]);
    expect(patch.exitCode).toBe(1);

    c.repo.changeset('patch', { [ALPHA]: 'minor' });
    const minor = await c.diff();
    expect(minor.of('changeset_missing')).toEqual([]);
    expect(minor.exitCode).toBe(0);
  });

  it('points the core range finding at package.json', async () => {
    const c = alpha();
    minorCases.find((m) => m.rule === 'core_range_changed')!.change(c.repo);
    const out = await c.diff();
    expect(out.of('core_range_changed')).toEqual([
      expect.objectContaining({
        file: `${packageDir('alpha')}/package.json`,
        line: 9,
        before: '^1.0.0',
        after: '^1.0.0 || ^2.0.0',
      }),
    ]);
  });

  it('asks for a patch changeset for an informational change and accepts a higher bump', async () => {
    const c = alpha();
    c.repo.editManifest('alpha', (m) => (m.display_name = 'Alpha Payments'));
    const none = await c.diff();
    expect(none.of('informational')).toEqual([
      expect.objectContaining({
        severity: 'info',
        before: 'Sample alpha',
        after: 'Alpha Payments',
        fails: false,
      }),
    ]);
    expect(none.of('changeset_missing')).toEqual([
      expect.objectContaining({ before: '(no changeset)', after: 'patch', fails: true }),
    ]);
    expect(none.exitCode).toBe(1);

    c.repo.changeset('names', { [ALPHA]: 'none' });
    expect((await c.diff()).exitCode).toBe(1);
    c.repo.changeset('names', { [ALPHA]: 'major' });
    expect((await c.diff()).exitCode).toBe(0);
  });

  it('asks for a patch changeset for any other file changed under the package', async () => {
    const c = alpha();
    c.repo.write(`${packageDir('alpha')}/src/index.ts`, 'export const fixed = true;\n');
    const out = await c.diff();
    expect(out.of('files_changed')).toEqual([
      expect.objectContaining({
        requiredBump: 'patch',
        message: expect.stringContaining('src/index.ts'),
      }),
    ]);
    expect(out.exitCode).toBe(1);
    c.repo.changeset('fix', { [ALPHA]: 'patch' });
    expect((await c.diff()).exitCode).toBe(0);
  });

  it('ignores files outside connector packages', async () => {
    const c = alpha();
    c.repo.write('docs/guide.md', '# Guide\n');
    const out = await c.diff();
    expect(out.report.findings).toEqual([]);
    expect(out.exitCode).toBe(0);
  });

  it('counts only changesets the pull request adds, and only for the package they name', async () => {
    const c = alpha((repo) => repo.changeset('old', { [ALPHA]: 'major' }));
    c.repo.editManifest('alpha', (m) => (m.owners = ['team-b']));
    c.repo.changeset('other', { [packageName('beta')]: 'major' });
    const out = await c.diff();
    expect(out.of('changeset_missing')).toEqual([
      expect.objectContaining({ before: '(no changeset)' }),
    ]);
    expect(out.exitCode).toBe(1);
  });

  it('reads double-quoted and unquoted names, several per file', async () => {
    const c = alpha();
    c.repo.addConnector('beta');
    c.repo.commit('beta');
    const base = c.repo.commit('base with beta');
    c.repo.editManifest('alpha', (m) => (m.owners = ['team-b']));
    c.repo.write(
      '.changeset/mixed.md',
      `---\n"${ALPHA}": patch\n@dealix/connector-beta: minor\n---\n\nChanged.\n`,
    );
    c.repo.commit('head');
    const report = await runDiff({ root: c.repo.dir, base, acknowledge: false });
    expect(report.findings.filter((f) => f.fails)).toEqual([]);
  });

  // Outsider finding h5-F7: unreadable lines were only a note, and a changeset naming a package
  // the workspace lacks passed; `changeset version` then failed on both.
  it('fails a line it cannot read and a package the workspace does not have', async () => {
    const c = alpha();
    c.repo.editManifest('alpha', (m) => (m.owners = ['team-b']));
    c.repo.write(
      '.changeset/mixed.md',
      `---\n"${ALPHA}": patch\n"${ALPHA}": gigantic\n"@dealix/connector-nonexistent": major\n---\n\nChanged.\n`,
    );
    const out = await c.diff();
    expect(out.of('changeset_invalid').map((f) => f.message)).toEqual([
      `.changeset/mixed.md: cannot read "\\"${ALPHA}\\": gigantic": each line is "<package>": major, minor, patch or none`,
      '.changeset/mixed.md names @dealix/connector-nonexistent, which is not a package of this workspace',
    ]);
    expect(out.exitCode).toBe(1);
  });
});
