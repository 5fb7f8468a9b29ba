import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SANDBOX_CONNECTOR_KEYS } from '@dealix/connector-testkit';
import { discoverConnectors } from './discovery/connectorPackages';
import { FAULT_COLUMNS } from './faultMatrix/faultColumns';
import { matrixReport, problemLines, summaryTable } from './faultMatrix/matrixReport';
import { runCell, type CellResult } from './faultMatrix/runCell';
import { scanForSecrets } from './secretScan/scanForSecrets';

const REPORT = join(__dirname, '..', 'reports', 'fault-matrix.md');
const connectors = discoverConnectors();

/** One connector's cells, in table order (operations, then columns), one call at a time. */
async function connectorCells(connector: (typeof connectors)[number]): Promise<CellResult[]> {
  const cells: CellResult[] = [];
  for (const operation of Object.keys(connector.manifest.operations)) {
    for (const column of FAULT_COLUMNS) cells.push(await runCell(connector, operation, column));
  }
  return cells;
}

describe('fault matrix: every connector × every fault', () => {
  let cells: CellResult[] = [];
  beforeAll(async () => {
    const started = Date.now();
    // Connectors side by side (each cell has its own simulator and runtime).
    cells = (await Promise.all(connectors.map(connectorCells))).flat();
    const absent = SANDBOX_CONNECTOR_KEYS.filter((k) => !connectors.some((c) => c.key === k));
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, matrixReport(connectors, cells, absent));
    process.stdout.write(
      `fault matrix: ${cells.length} cells in ${Date.now() - started} ms\n${summaryTable(connectors, cells)}\n`,
    );
  }, 600_000);

  it('finds every connector package with its conformance run', () => {
    expect(connectors.length).toBeGreaterThan(0);
  });

  it.each(connectors.map((c) => c.key))(
    '%s: expected outcome, retries, vendor requests, side effects once and the audit trail in every cell',
    (key) => {
      const own = cells.filter((c) => c.connector === key);
      expect(own.length).toBe(
        Object.keys(connectors.find((c) => c.key === key)!.manifest.operations).length *
          FAULT_COLUMNS.length,
      );
      expect(problemLines(own)).toEqual([]);
    },
  );

  // Every error, audit record, log line and result the cells saw, retries and failures of
  // every kind included (the host-level scan runs only what ends without a wait).
  it('shows no secret in any error, audit record, log line or result of the matrix', () => {
    const secrets = new Map(
      connectors.flatMap((c) => [...c.session.secrets].map(([v, f]) => [v, `${c.key} ${f}`])),
    );
    const seen = connectors.flatMap((c) => c.session.observations);
    expect(seen.length).toBeGreaterThan(cells.length);
    expect(secrets.size).toBeGreaterThan(0);
    expect(scanForSecrets(seen, secrets)).toEqual([]);
  });
});
