import { TempRepo } from '../__fixtures__/tempRepo';
import { isGateError } from '../gateError';
import { GitBlobBatch } from './gitBlobBatch';

describe('GitBlobBatch', () => {
  let repo: TempRepo;
  let commit: string;
  beforeAll(() => {
    repo = new TempRepo();
    repo.write('a.txt', 'first\n');
    repo.write('big.txt', 'x'.repeat(300_000));
    repo.write('empty.txt', '');
    commit = repo.commit('blobs');
  });
  afterAll(() => repo.cleanup());

  it('reads many blobs over several rounds through one process, missing ones as undefined', async () => {
    const batch = new GitBlobBatch(repo.dir);
    try {
      const first = await batch.read([
        `${commit}:a.txt`,
        `${commit}:nope.txt`,
        `${commit}:big.txt`,
      ]);
      expect(first[0]?.toString()).toBe('first\n');
      expect(first[1]).toBeUndefined();
      expect(first[2]?.length).toBe(300_000);
      const second = await batch.read([`${commit}:empty.txt`, `${commit}:a.txt`]);
      expect(second.map((b) => b?.toString())).toEqual(['', 'first\n']);
    } finally {
      await batch.close();
    }
  });

  it('spawns nothing when nothing is read', async () => {
    const batch = new GitBlobBatch(repo.dir);
    expect(await batch.read([])).toEqual([]);
    await batch.close();
  });

  it('rejects a path with a line break as a repository error', async () => {
    const batch = new GitBlobBatch(repo.dir);
    const error = await batch.read([`${commit}:a\nb`]).catch((e: unknown) => e);
    expect(isGateError(error) && error.code).toBe('GATE_REPO');
    await batch.close();
  });
});
