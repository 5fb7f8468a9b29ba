import { diffCase, trackRepos } from '../__fixtures__/gateRun';
import { sampleInputSchema, sampleOutputSchema } from '../__fixtures__/sampleManifest';
import { packageDir, packageName } from '../__fixtures__/tempRepo';
import { MAX_COMPARED_DEPTH } from './compareSchemas';

const repos = trackRepos();
afterAll(() => repos.cleanup());

const SCHEMAS = `${packageDir('alpha')}/schemas`;
const INPUT = `${SCHEMAS}/create_charge.input.json`;
const OUTPUT = `${SCHEMAS}/create_charge.output.json`;
const WEBHOOK = `${SCHEMAS}/webhooks/charge_succeeded.json`;

const input = (note: Record<string, unknown>, amount: Record<string, unknown> = {}) => ({
  ...sampleInputSchema,
  properties: {
    ...sampleInputSchema.properties,
    note: { type: 'string', ...note },
    amount: { ...sampleInputSchema.properties.amount, ...amount },
  },
});
const output = (id: Record<string, unknown>) => ({
  ...sampleOutputSchema,
  properties: { id: { type: 'string', ...id } },
});
const webhook = (customer: Record<string, unknown>) => ({
  type: 'object',
  properties: { id: { type: 'string' }, customer: { type: 'string', ...customer } },
});

/** alpha with a personal note in create_charge's input, a secret id in its output, a webhook. */
const marked = () =>
  repos.track(
    diffCase((repo) => {
      repo.addConnector('alpha');
      repo.editManifest('alpha', (m) => {
        m.audit_events.push('charge_succeeded');
        m.webhook_events = ['charge_succeeded'];
      });
      repo.writeJson(INPUT, input({ personal: true }));
      repo.writeJson(OUTPUT, output({ secret: true }));
      repo.writeJson(WEBHOOK, webhook({ personal: true }));
    }),
  );

// Outsider finding h5-F2: redaction marks of operation schemas were only "input changed".
describe('diff: redaction marks of committed schemas', () => {
  it('fails an operation field that lost its personal or secret mark unless acknowledged', async () => {
    const c = marked();
    c.repo.writeJson(INPUT, input({}));
    c.repo.writeJson(OUTPUT, output({}));
    c.repo.changeset('alpha', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.of('personal_unmarked').map((f) => [f.path, f.severity, f.fails])).toEqual([
      ['operations.create_charge.input.note', 'relaxation', true],
      ['operations.create_charge.output.id', 'relaxation', true],
    ]);
    expect(out.exitCode).toBe(1);
    expect((await c.diff({ acknowledge: true, commit: false })).exitCode).toBe(0);
  });

  it('fails a field newly marked safe, in an operation or a webhook schema', async () => {
    const c = marked();
    c.repo.writeJson(INPUT, input({ personal: true }, { safe: true }));
    c.repo.writeJson(WEBHOOK, webhook({ personal: true, safe: true }));
    c.repo.changeset('alpha', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.of('safe_marked').map((f) => f.path)).toEqual([
      'operations.create_charge.input.amount',
      'webhook_events.charge_succeeded.customer',
    ]);
    expect(out.of('personal_unmarked')).toEqual([]);
    expect(out.exitCode).toBe(1);
  });

  it('finds nothing to review when marks are only added or kept', async () => {
    const c = marked();
    c.repo.writeJson(INPUT, input({ personal: true }, { personal: true }));
    c.repo.changeset('alpha', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.report.findings.filter((f) => f.severity === 'relaxation')).toEqual([]);
    expect(out.exitCode).toBe(0);
  });

  // Outsider finding h5-F5: a 20,000-level schema overflowed the stack and the diff exited 2.
  it('reports a schema nested past what it compares, without overflowing the stack', async () => {
    const c = marked();
    // Written as text: JSON.stringify itself recurses.
    const levels = 20_000;
    const deep = `${'{"type":"object","properties":{"next":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;
    c.repo.write(
      INPUT,
      `{"type":"object","properties":{"note":{"type":"string","personal":true},"deep":${deep}}}\n`,
    );
    c.repo.changeset('alpha', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.of('schema_uncompared')).toEqual([
      expect.objectContaining({
        path: 'operations.create_charge.input',
        severity: 'relaxation',
        fails: true,
        message: expect.stringContaining(`more than ${MAX_COMPARED_DEPTH} levels`),
      }),
    ]);
    expect(out.exitCode).toBe(1);
  });
});
