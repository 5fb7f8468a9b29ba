import { GroupWriter } from './groupWriter';

/** Items submitted in one turn; `heavy` ones are those the limit counts. */
async function groupsOf(items: { n: number; heavy: boolean }[], maxGroup: number, max?: number) {
  const groups: number[][] = [];
  const writer = new GroupWriter<{ n: number; heavy: boolean }, number>(
    async (group) => {
      groups.push(group.map((item) => item.n));
      return group.map((item) => item.n);
    },
    maxGroup,
    max === undefined ? undefined : { counts: (item) => item.heavy, max },
  );
  const results = await Promise.all(items.map((item) => writer.submit(item)));
  return { groups, results, stats: writer.committed() };
}

const items = (pattern: string) => [...pattern].map((c, n) => ({ n, heavy: c === 'H' }));

describe('group commit with a bound on one kind of item', () => {
  it('cuts a group before the item that would pass the bound, keeping submission order', async () => {
    const { groups, results, stats } = await groupsOf(items('HLHHLHL'), 500, 2);
    expect(groups).toEqual([
      [0, 1, 2],
      [3, 4, 5, 6],
    ]);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(stats).toEqual({ transactions: 2, records: 7 });
  });

  it('keeps maxGroup as well, and without a bound groups by maxGroup alone', async () => {
    expect((await groupsOf(items('LLLLL'), 2, 1)).groups).toEqual([[0, 1], [2, 3], [4]]);
    expect((await groupsOf(items('HHHHH'), 500)).groups).toEqual([[0, 1, 2, 3, 4]]);
    expect((await groupsOf(items('HHHHH'), 500, 1)).groups).toEqual([[0], [1], [2], [3], [4]]);
  });
});
