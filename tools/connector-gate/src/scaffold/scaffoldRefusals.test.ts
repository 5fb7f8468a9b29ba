import { sampleManifest } from '../__fixtures__/sampleManifest';
import type { TempRepo } from '../__fixtures__/tempRepo';
import { isGateError } from '../gateError';
import { cleanupRepos, cli, minimalRepo, tree } from './__fixtures__/scaffoldRepo';
import { scaffoldConnector } from './scaffoldConnector';

afterAll(cleanupRepos);

describe('connector-gate new: refusals exit 2 and write nothing', () => {
  /** Runs `new` with `argv` on a repo prepared by `setup`; returns the result and the file tree. */
  async function refused(argv: string[], setup: (repo: TempRepo) => void = () => undefined) {
    const repo = minimalRepo();
    setup(repo);
    const before = tree(repo.dir);
    const out = await cli('new', ...argv, '--root', repo.dir);
    return { out, before, after: tree(repo.dir) };
  }

  it.each([
    ['an upper-case key', 'Stripe'],
    ['a key starting with a digit', '9lives'],
    ['a key with a dash', 'contract-intel'],
    ['a key longer than 64 characters', `k${'x'.repeat(64)}`],
  ])('refuses %s', async (_name, key) => {
    const { out, before, after } = await refused([key]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`connector key ${JSON.stringify(key)}`);
    expect(after).toEqual(before);
  });

  it('refuses a key another package already declares, naming its manifest', async () => {
    const { out, before, after } = await refused(['tickets'], (repo) =>
      repo.addConnector('tickets', sampleManifest('tickets'), 'packages/connectors/helpdesk'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('packages/connectors/helpdesk/connector.json');
    expect(after).toEqual(before);
  });

  it('refuses an existing package folder, even one without a manifest', async () => {
    const { out, before, after } = await refused(['whatsapp'], (repo) =>
      repo.write('packages/connectors/whatsapp/notes.txt', 'work in progress\n'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('packages/connectors/whatsapp already exists');
    expect(after).toEqual(before);
  });

  it('refuses an existing changeset file of the same name', async () => {
    const { out, before, after } = await refused(['email'], (repo) =>
      repo.write('.changeset/email-connector.md', '---\n---\n\nSomething else.\n'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('.changeset/email-connector.md already exists');
    expect(after).toEqual(before);
  });

  it('refuses an Arabic display name without Arabic script (the manifest rule)', async () => {
    const { out, before, after } = await refused(['salesforce', '--display-name-ar', 'Salesforce']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('display_name_ar');
    expect(after).toEqual(before);
  });

  it('refuses a display name that would break the generated code comments', async () => {
    const { out, before, after } = await refused(['cal', '--display-name', 'Cal */ com']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--display-name');
    expect(after).toEqual(before);
  });

  it('refuses a folder that is not the repository root', async () => {
    const { out, before, after } = await refused(['cal'], (repo) =>
      repo.remove('packages/testkit'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('@dealix/connector-testkit');
    expect(after).toEqual(before);
  });

  it('throws a GateError, recognised by code, to in-process callers', () => {
    const repo = minimalRepo();
    let thrown: unknown;
    try {
      scaffoldConnector({ root: repo.dir, key: 'Bad' });
    } catch (error) {
      thrown = error;
    }
    expect(isGateError(thrown) && thrown.code).toBe('GATE_USAGE');
  });
});
