import { diffCase, trackRepos } from '../__fixtures__/gateRun';
import { sampleManifest } from '../__fixtures__/sampleManifest';
import { packageDir, packageName } from '../__fixtures__/tempRepo';

const repos = trackRepos();
afterAll(() => repos.cleanup());

describe('diff: connectors added, deleted, moved and renamed', () => {
  // Outsider finding h5-F6: a manifest moved out of the package was read and compared.
  it('fails a manifest that now leads outside its package, and reads nothing there', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    const relaxed = sampleManifest('alpha');
    relaxed.approval_policy = 'auto';
    c.repo.writeJson('elsewhere/connector.json', relaxed);
    c.repo.editJson<{ dealix: { connector: string } }>(
      `${packageDir('alpha')}/package.json`,
      (p) => (p.dealix.connector = '../../../elsewhere/connector.json'),
    );
    c.repo.changeset('alpha', { [packageName('alpha')]: 'major' });
    const out = await c.diff();
    expect(out.of('manifest_invalid')).toEqual([
      expect.objectContaining({
        package: packageName('alpha'),
        fails: true,
        message: expect.stringContaining('outside the package folder'),
      }),
    ]);
    expect(out.of('approval_relaxed')).toEqual([]);
    expect(out.exitCode).toBe(1);
  });

  it('passes with exit 0 and no findings when nothing changed', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    const out = await c.diff();
    expect(out.report.findings).toEqual([]);
    expect(out.report.connectors).toEqual([
      expect.objectContaining({ connector: 'alpha', status: 'unchanged' }),
    ]);
    expect(out.exitCode).toBe(0);
  });

  it('reports an added connector, which needs a changeset naming it', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.addConnector('beta');
    const without = await c.diff();
    expect(without.of('connector_added')).toEqual([
      expect.objectContaining({
        connector: 'beta',
        package: packageName('beta'),
        severity: 'changeset',
        fails: false,
      }),
    ]);
    expect(without.of('changeset_missing')).toEqual([
      expect.objectContaining({ package: packageName('beta'), fails: true }),
    ]);
    expect(without.exitCode).toBe(1);

    c.repo.changeset('beta', { [packageName('beta')]: 'none' });
    const withChangeset = await c.diff();
    expect(withChangeset.of('connector_added')).toHaveLength(1);
    expect(withChangeset.exitCode).toBe(0);
  });

  it('reports a connector added where the base had the package but no manifest', async () => {
    const c = repos.track(
      diffCase((repo) => {
        repo.addConnector('alpha');
        repo.remove(`${packageDir('alpha')}/connector.json`);
      }),
    );
    c.repo.addConnector('alpha');
    c.repo.changeset('alpha', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.report.connectors).toEqual([
      expect.objectContaining({ connector: 'alpha', status: 'added' }),
    ]);
    expect(out.of('connector_added')).toHaveLength(1);
    expect(out.exitCode).toBe(0);
  });

  it('reports connectors added to a base without any connector or workspace', async () => {
    const c = repos.track(
      diffCase((repo) => repo.writeJson('package.json', { name: 'repo', private: true })),
    );
    c.repo.writeJson('package.json', {
      name: 'repo',
      private: true,
      workspaces: ['packages/connectors/*'],
    });
    c.repo.addConnector('alpha');
    c.repo.changeset('alpha', { [packageName('alpha')]: 'none' });
    const out = await c.diff();
    expect(out.report.connectors.map((e) => [e.connector, e.status])).toEqual([['alpha', 'added']]);
    expect(out.exitCode).toBe(0);
  });

  // Outsider finding h5-F7: the gate asked for a major changeset naming the deleted package,
  // which `changeset version` then refused (the package is not in the workspace).
  it('fails a deleted connector until a reviewer acknowledges it, and refuses changesets naming it', async () => {
    const c = repos.track(
      diffCase((repo) => {
        repo.addConnector('alpha');
        repo.addConnector('beta');
      }),
    );
    c.repo.remove(packageDir('beta'));
    const without = await c.diff();
    expect(without.of('connector_deleted')).toEqual([
      expect.objectContaining({
        connector: 'beta',
        severity: 'breaking',
        fails: true,
        before: 'beta',
      }),
    ]);
    expect(without.report.connectors).toContainEqual(
      expect.objectContaining({ connector: 'beta', status: 'deleted' }),
    );
    expect(without.exitCode).toBe(1);

    expect(without.of('changeset_missing')).toEqual([]);

    c.repo.changeset('drop-beta', { [packageName('beta')]: 'major' });
    const named = await c.diff({ acknowledge: true });
    expect(named.of('changeset_invalid')).toEqual([
      expect.objectContaining({
        package: packageName('beta'),
        message: expect.stringContaining('which this change deletes'),
      }),
    ]);
    expect(named.exitCode).toBe(1);

    c.repo.remove('.changeset/drop-beta.md');
    const acknowledged = await c.diff({ acknowledge: true });
    expect(acknowledged.of('connector_deleted')).toEqual([
      expect.objectContaining({ fails: false, resolution: 'acknowledged by a reviewer' }),
    ]);
    expect(acknowledged.exitCode).toBe(0);
  });

  it('follows a manifest moved to a new path as the same connector', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.move(packageDir('alpha'), 'packages/connectors/alpha-v2');
    c.repo.changeset('move', { [packageName('alpha')]: 'patch' });
    const out = await c.diff();
    expect(out.report.connectors).toEqual([
      expect.objectContaining({
        connector: 'alpha',
        status: 'changed',
        manifestFile: 'packages/connectors/alpha-v2/connector.json',
        baseManifestFile: 'packages/connectors/alpha/connector.json',
      }),
    ]);
    expect(out.of('manifest_moved')).toEqual([
      expect.objectContaining({
        severity: 'info',
        before: 'packages/connectors/alpha/connector.json',
        after: 'packages/connectors/alpha-v2/connector.json',
      }),
    ]);
    expect(out.of('connector_added')).toEqual([]);
    expect(out.of('connector_deleted')).toEqual([]);
    expect(out.exitCode).toBe(0);
  });

  it('compares the operation schemas of a moved package with its old folder', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.move(packageDir('alpha'), 'packages/connectors/alpha-v2');
    c.repo.editJson<{ required: string[] }>(
      'packages/connectors/alpha-v2/schemas/get_charge.input.json',
      (schema) => schema.required.push('note'),
    );
    const out = await c.diff();
    expect(out.of('input_schema_narrowed')).toEqual([
      expect.objectContaining({ path: 'operations.get_charge.input', fails: true }),
    ]);
  });

  it('follows a manifest renamed inside its package and still compares its fields', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    const dir = packageDir('alpha');
    c.repo.move(`${dir}/connector.json`, `${dir}/manifest/alpha.json`);
    c.repo.editJson<{ dealix: { connector: string } }>(`${dir}/package.json`, (p) => {
      p.dealix.connector = 'manifest/alpha.json';
    });
    c.repo.editManifest(
      'alpha',
      (m) => (m.timeout_ms = 9000),
      `${dir}/manifest/alpha.json`.replace('/connector.json', ''),
    );
    const out = await c.diff({ acknowledge: true });
    expect(out.of('manifest_moved')).toHaveLength(1);
    expect(out.of('timeout_raised')).toEqual([
      expect.objectContaining({ manifestFile: `${dir}/manifest/alpha.json` }),
    ]);
  });

  it('reports a renamed key in the same package as breaking', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.editManifest('alpha', (m) => (m.connector_key = 'alpha_two'));
    const out = await c.diff();
    expect(out.of('key_renamed')).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        before: 'alpha',
        after: 'alpha_two',
        fails: true,
        path: 'connector_key',
        line: 3,
      }),
    ]);
    expect(out.exitCode).toBe(1);
  });

  it('reports a key renamed together with its package as a deletion plus an addition', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.remove(packageDir('alpha'));
    c.repo.addConnector('gamma');
    c.repo.changeset('swap', { [packageName('gamma')]: 'none' });
    const out = await c.diff({ acknowledge: true });
    expect(out.of('connector_deleted').map((f) => f.connector)).toEqual(['alpha']);
    expect(out.of('connector_added').map((f) => f.connector)).toEqual(['gamma']);
    expect(out.exitCode).toBe(0);
  });

  it('fails an invalid head manifest, naming the field and its line', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.editManifest('alpha', (m) => (m.retry_backoff_ms = [100]));
    c.repo.changeset('x', { [packageName('alpha')]: 'major' });
    const out = await c.diff({ acknowledge: true });
    const invalid = out.of('manifest_invalid');
    expect(invalid).toEqual([
      expect.objectContaining({
        severity: 'invalid',
        path: 'retry_backoff_ms',
        after: 'backoff_length',
        fails: true,
        line: 14,
      }),
    ]);
    expect(out.exitCode).toBe(1);
  });

  // Outsider finding h5-F12: with an invalid head, the gate asked for the bump of what it could
  // see (patch), where the fixed manifest needed major.
  it('names no changeset bump while the head manifest is invalid', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.editManifest('alpha', (m) => (m.retry_backoff_ms = [100]));
    const out = await c.diff();
    expect(out.of('manifest_invalid')).toHaveLength(1);
    expect(out.of('changeset_missing')).toEqual([]);
    expect(out.exitCode).toBe(1);
  });

  it('asks the reviewer to read the whole manifest when the base did not validate', async () => {
    const broken = sampleManifest('alpha');
    broken.retry_backoff_ms = [100];
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha', broken)));
    c.repo.editManifest('alpha', (m) => (m.retry_backoff_ms = [100, 200]));
    c.repo.changeset('fix', { [packageName('alpha')]: 'minor' });
    const out = await c.diff();
    expect(out.of('base_invalid')).toEqual([
      expect.objectContaining({ severity: 'relaxation', fails: true }),
    ]);
    expect((await c.diff({ acknowledge: true })).exitCode).toBe(0);
  });

  it('compares uncommitted working-tree changes with the base too', async () => {
    const c = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    c.repo.editManifest('alpha', (m) => (m.owners = ['team-b']));
    const out = await c.diff({ commit: false });
    expect(out.of('informational')).toEqual([
      expect.objectContaining({ path: 'owners', before: ['team-a'], after: ['team-b'] }),
    ]);
    expect(out.of('changeset_missing')).toHaveLength(1);
  });
});

describe('diff: packages without changes', () => {
  it('leaves an unchanged manifest to check, even an invalid one', async () => {
    const broken = sampleManifest('alpha');
    broken.retry_backoff_ms = [100];
    const c = repos.track(
      diffCase((repo) => {
        repo.addConnector('alpha', broken);
        repo.addConnector('beta');
      }),
    );
    c.repo.editManifest('beta', (m) => (m.owners = ['team-b']));
    c.repo.changeset('beta', { [packageName('beta')]: 'patch' });
    const out = await c.diff();
    expect(out.report.connectors.map((e) => [e.connector, e.status])).toEqual([
      ['alpha', 'unchanged'],
      ['beta', 'changed'],
    ]);
    expect(out.exitCode).toBe(0);
  });
});
