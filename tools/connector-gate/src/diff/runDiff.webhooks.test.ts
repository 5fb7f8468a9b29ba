import { diffCase, trackRepos, type DiffCase } from '../__fixtures__/gateRun';
import { packageDir, packageName } from '../__fixtures__/tempRepo';

const repos = trackRepos();
afterAll(() => repos.cleanup());

const FILE = `${packageDir('alpha')}/schemas/webhooks/message_received.json`;
const schema = (personalText: boolean, extra: Record<string, unknown> = {}) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    message_id: { type: 'string' },
    from: { type: 'string', personal: true },
    text: { type: 'string', ...(personalText && { personal: true }) },
    ...extra,
  },
  required: ['message_id', 'from', 'text'],
  additionalProperties: false,
});

/** alpha accepts one webhook event, its schema committed with both personal fields marked. */
const withWebhook = (): DiffCase =>
  repos.track(
    diffCase((repo) => {
      repo.addConnector('alpha');
      repo.editManifest('alpha', (m) => {
        m.audit_events.push('message_received');
        Object.assign(m, { webhook_events: ['message_received'] });
      });
      repo.writeJson(FILE, schema(true));
    }),
  );

// Issue 9 item 9: webhook event schemas are diffed like operation schemas.
describe('diff: webhook event schemas', () => {
  it('needs a changeset for a changed schema', async () => {
    const c = withWebhook();
    c.repo.writeJson(FILE, schema(true, { thread_id: { type: 'string' } }));
    const out = await c.diff();
    expect(out.of('webhook_schema_changed')).toEqual([
      expect.objectContaining({ path: 'webhook_events.message_received', severity: 'changeset' }),
    ]);
    expect(out.of('webhook_personal_unmarked')).toEqual([]);
    c.repo.changeset('minor', { [packageName('alpha')]: 'minor' });
    expect((await c.diff()).exitCode).toBe(0);
  });

  it('fails a field that lost its personal mark unless a reviewer acknowledges it', async () => {
    const c = withWebhook();
    c.repo.writeJson(FILE, schema(false));
    c.repo.changeset('minor', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.of('webhook_personal_unmarked')).toEqual([
      expect.objectContaining({
        path: 'webhook_events.message_received.text',
        severity: 'relaxation',
        fails: true,
      }),
    ]);
    expect(out.exitCode).toBe(1);
    expect((await c.diff({ acknowledge: true })).exitCode).toBe(0);
  });
});
