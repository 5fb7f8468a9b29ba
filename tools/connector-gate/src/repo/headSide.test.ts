import { realpathSync } from 'node:fs';
import { relative } from 'node:path';
import { discoverCandidates } from '@dealix/connector-core';
import { TempRepo } from '../__fixtures__/tempRepo';
import { readHeadConnectors, readHeadConnectorsYielding } from './headSide';

describe('head connector discovery', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = new TempRepo();
    repo.writeJson('package.json', {
      name: 'repo',
      workspaces: ['packages/core', 'packages/connectors/*', 'tools/*'],
    });
    repo.writeJson('packages/core/package.json', {
      name: '@dealix/connector-core',
      version: '1.0.0',
    });
    repo.addConnector('alpha');
    repo.addConnector('beta');
    repo.writeJson('packages/connectors/odd/package.json', {
      name: 'odd',
      dealix: { connector: 5 },
    });
    repo.write('packages/connectors/empty/.keep', '');
    repo.write('packages/connectors/NOTES.md', 'not a package\n');
    repo.writeJson('tools/gate/package.json', { name: 'gate' });
    repo.writeJson('elsewhere/gamma/package.json', {
      name: 'x',
      dealix: { connector: 'connector.json' },
    });
  });
  afterAll(() => repo.cleanup());

  it("finds the same connector packages as core's discoverCandidates in the workspaces", () => {
    const root = realpathSync(repo.dir);
    const core = discoverCandidates(root)
      .filter((c) => c.foundBy === 'workspace')
      .map((c) => relative(root, c.dir))
      .sort();
    const head = readHeadConnectors(repo.dir);
    expect(head.sides.map((s) => s.dir).sort()).toEqual(core);
    expect(core).toEqual([
      'packages/connectors/alpha',
      'packages/connectors/beta',
      'packages/connectors/odd',
    ]);
  });

  it('validates every manifest for check, and leaves validation to the diff when asked', async () => {
    const checked = readHeadConnectors(repo.dir).sides.find((s) => s.key === 'alpha');
    expect(checked?.validation?.ok).toBe(true);
    const forDiff = (await readHeadConnectorsYielding(repo.dir)).sides.find(
      (s) => s.key === 'alpha',
    );
    expect(forDiff?.validation).toBeUndefined();
    expect(forDiff?.name).toBe('@dealix/connector-alpha');
  });

  it('reports a package whose "dealix.connector" is not a file name', () => {
    const odd = readHeadConnectors(repo.dir).sides.find((s) => s.dir === 'packages/connectors/odd');
    expect(odd?.packageProblem).toContain('dealix.connector');
  });
});
