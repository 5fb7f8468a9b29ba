import type { ConformanceOptions } from '@dealix/connector-testkit';
import { resenderConformance } from '../__fixtures__/resenderConformance';
import { connectorOf } from '../discovery/connectorPackages';
import { FAULT_COLUMNS } from './faultColumns';
import { runCell } from './runCell';

// The matrix against a connector that gets two hard paths wrong: each mistake must show in
// its cell, so a green matrix over the real connectors means something.
const resender = connectorOf(
  resenderConformance() as unknown as ConformanceOptions<unknown>,
  '@dealix/fixture-resender',
);
const column = (id: string) => FAULT_COLUMNS.find((c) => c.id === id)!;

describe('the fault matrix catches a connector that breaks the rules', () => {
  it('a write re-sent after the vendor acted: the outcome, the requests and a duplicate side effect', async () => {
    const cell = await runCell(resender, 'send_note', column('reset_after'));
    expect(cell.problems).toEqual([
      expect.stringContaining('ended ok, expected DLX_E_RUNTIME_OUTCOME_UNKNOWN'),
      'made 2 attempt(s), expected 1',
      'sent 2 request(s) to the vendor, expected 1',
      'moved the side-effect counter by 2, expected 1: a duplicate vendor side effect',
    ]);
  });

  it('an answer made up while the vendor was slow: one attempt where a retry was due', async () => {
    const cell = await runCell(resender, 'get_note', column('slow'));
    expect(cell.problems).toContain('made 1 attempt(s), expected 2');
  });

  it('passes the same connector where it does nothing wrong', async () => {
    const cell = await runCell(resender, 'get_note', column('status_503'));
    expect(cell.problems).toEqual([]);
  });
});
