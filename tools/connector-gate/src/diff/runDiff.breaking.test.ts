import { diffCase, trackRepos, type DiffCase } from '../__fixtures__/gateRun';
import { sampleInputSchema, type SampleManifest } from '../__fixtures__/sampleManifest';
import { packageDir, packageName, type TempRepo } from '../__fixtures__/tempRepo';
import type { RuleId } from '../findings/gateRules';

const repos = trackRepos();
afterAll(() => repos.cleanup());

const alpha = (): DiffCase => repos.track(diffCase((repo) => repo.addConnector('alpha')));
const editAlpha = (c: DiffCase, change: (m: SampleManifest) => void) =>
  c.repo.editManifest('alpha', change);
const inputFile = `${packageDir('alpha')}/schemas/get_charge.input.json`;

interface BreakingCase {
  name: string;
  change: (repo: TempRepo) => void;
  rule: RuleId;
  path: string;
}

const cases: BreakingCase[] = [
  {
    name: 'an operation removed',
    change: (repo) =>
      repo.editManifest('alpha', (m) => {
        delete m.operations.get_charge;
        m.audit_events = ['charge_created', 'charge_failed'];
      }),
    rule: 'operation_removed',
    path: 'operations.get_charge',
  },
  {
    name: 'a config field removed',
    change: (repo) =>
      repo.editManifest('alpha', (m) => {
        delete m.config.base_url;
        m.allowed_hosts = ['api.example.com'];
      }),
    rule: 'config_field_removed',
    path: 'config.base_url',
  },
  {
    name: 'a config field made required without a default',
    change: (repo) =>
      repo.editManifest('alpha', (m) => {
        m.config.base_url!.required = true;
        delete m.config.base_url!.default;
      }),
    rule: 'config_field_made_required',
    path: 'config.base_url.required',
  },
  {
    name: 'a required config field added without a default',
    change: (repo) =>
      repo.editManifest('alpha', (m) => {
        m.config.region = { type: 'string', required: true, description: 'Region.' };
      }),
    rule: 'config_field_added_required',
    path: 'config.region',
  },
  {
    name: 'a config field that changed type',
    change: (repo) => repo.editManifest('alpha', (m) => (m.config.api_key!.type = 'private_key')),
    rule: 'config_field_type_changed',
    path: 'config.api_key.type',
  },
  {
    name: 'an input schema with a newly required property',
    change: (repo) =>
      repo.writeJson(inputFile, { ...sampleInputSchema, required: ['amount', 'currency', 'note'] }),
    rule: 'input_schema_narrowed',
    path: 'operations.get_charge.input',
  },
  {
    name: 'an input property narrowed from string to an enum',
    change: (repo) =>
      repo.writeJson(inputFile, {
        ...sampleInputSchema,
        properties: {
          ...sampleInputSchema.properties,
          currency: { type: 'string', enum: ['usd', 'eur'] },
        },
      }),
    rule: 'input_schema_narrowed',
    path: 'operations.get_charge.input.currency',
  },
];

describe('diff: breaking changes need a major changeset', () => {
  it.each(cases)(
    '$name fails without a major changeset and passes with one',
    async ({ change, rule, path }) => {
      const c = alpha();
      change(c.repo);
      c.repo.changeset('minor-only', { [packageName('alpha')]: 'minor' });
      // Acknowledged: removing an operation also drops its audit events, a relaxation of its own.
      const minor = await c.diff({ acknowledge: true });
      expect(minor.of(rule)).toEqual([
        expect.objectContaining({ path, severity: 'breaking', requiredBump: 'major', fails: true }),
      ]);
      expect(minor.of('changeset_missing')).toEqual([
        expect.objectContaining({ before: 'minor', after: 'major', fails: true }),
      ]);
      expect(minor.exitCode).toBe(1);

      c.repo.changeset('major', { [packageName('alpha')]: 'major' });
      const major = await c.diff({ acknowledge: true });
      expect(major.of(rule)).toEqual([
        expect.objectContaining({
          path,
          fails: false,
          resolution: expect.stringContaining('major changeset'),
        }),
      ]);
      expect(major.exitCode).toBe(0);
    },
  );

  it('keeps optional additions and widenings out of breaking', async () => {
    const c = alpha();
    editAlpha(c, (m) => {
      m.config.region = { type: 'string', required: true, description: 'Region.', default: 'eu' };
      m.config.base_url!.required = true;
    });
    c.repo.writeJson(inputFile, { ...sampleInputSchema, required: ['amount'] });
    c.repo.changeset('minor', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.report.findings.filter((f) => f.severity === 'breaking')).toEqual([]);
    expect(out.of('config_field_added')).toEqual([
      expect.objectContaining({ path: 'config.region' }),
    ]);
    expect(out.of('input_schema_changed')).toEqual([
      expect.objectContaining({ path: 'operations.get_charge.input' }),
    ]);
    expect(out.exitCode).toBe(0);
  });

  it('points a breaking finding at the line of the field in the head manifest', async () => {
    const c = alpha();
    editAlpha(c, (m) => (m.config.api_key!.type = 'private_key'));
    const out = await c.diff();
    const text = c.repo.readJson<SampleManifest>(`${packageDir('alpha')}/connector.json`);
    const lines = JSON.stringify(text, null, 2).split('\n');
    const expected = lines.findIndex((l) => l.includes('"private_key"')) + 1;
    expect(out.of('config_field_type_changed')[0]?.line).toBe(expected);
  });
});
