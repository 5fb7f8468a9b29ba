import { resolveOperationPolicy } from '@dealix/connector-core';
import type { DiscoveredConnector } from '../discovery/connectorPackages';
import { FAULT_COLUMNS } from './faultColumns';
import type { CellResult } from './runCell';

/** A cell as the table shows it: "✓ ok ×2 fx1", "✓ OUTCOME_UNKNOWN ×1 fx0", "—". */
export function cellText(cell: CellResult): string {
  if (cell.notApplicable !== undefined || cell.observed === undefined) return '—';
  const { result, attempts, sideEffectDelta } = cell.observed;
  const outcome = result === 'ok' ? 'ok' : result.replace(/^DLX_E_(RUNTIME_|VENDOR_)?/, '');
  const repeat = cell.expected?.sideEffect === 'repeated' ? '‡' : '';
  const effect = sideEffectDelta === null ? '' : ` fx${sideEffectDelta}${repeat}`;
  return `${cell.problems.length === 0 ? '✓' : '✗'} ${outcome} ×${attempts}${effect}`;
}

function policyText(connector: DiscoveredConnector, operation: string): string {
  const p = resolveOperationPolicy(connector.manifest, operation);
  const traits = [p.kind, p.idempotent ? 'idempotent' : 'not idempotent', `retry ${p.retry_max}`];
  if (p.approval_policy === 'approval_required') traits.push('approval');
  return traits.join(', ');
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** The per-connector summary: passed cells of those that apply, per fault column. */
export function summaryTable(
  connectors: readonly DiscoveredConnector[],
  cells: readonly CellResult[],
): string {
  const lines = [
    row(['connector', ...FAULT_COLUMNS.map((c) => c.title)]),
    row(['---', ...FAULT_COLUMNS.map(() => '---')]),
  ];
  for (const connector of connectors) {
    const counts = FAULT_COLUMNS.map((column) => {
      const ran = cells.filter(
        (c) =>
          c.connector === connector.key && c.column.id === column.id && c.observed !== undefined,
      );
      if (ran.length === 0) return '—';
      const passed = ran.filter((c) => c.problems.length === 0).length;
      return `${passed === ran.length ? '✓' : '✗'} ${passed}/${ran.length}`;
    });
    lines.push(row([connector.key, ...counts]));
  }
  return lines.join('\n');
}

/** One connector's operations × fault columns. */
export function connectorTable(
  connector: DiscoveredConnector,
  cells: readonly CellResult[],
): string {
  const lines = [
    row(['operation (policy)', ...FAULT_COLUMNS.map((c) => c.title)]),
    row(['---', ...FAULT_COLUMNS.map(() => '---')]),
  ];
  for (const operation of Object.keys(connector.manifest.operations)) {
    const texts = FAULT_COLUMNS.map((column) => {
      const cell = cells.find(
        (c) =>
          c.connector === connector.key && c.operation === operation && c.column.id === column.id,
      );
      return cell === undefined ? '?' : cellText(cell);
    });
    lines.push(row([`${operation} (${policyText(connector, operation)})`, ...texts]));
  }
  return lines.join('\n');
}

/** Every broken rule, one line each, or none. */
export function problemLines(cells: readonly CellResult[]): string[] {
  return cells.flatMap((c) =>
    c.problems.map((p) => `${c.connector}.${c.operation} under "${c.column.title}": ${p}`),
  );
}

/** The committed report: deterministic (no times, no dates), so a stale copy shows in git. */
export function matrixReport(
  connectors: readonly DiscoveredConnector[],
  cells: readonly CellResult[],
  absent: readonly string[],
): string {
  const problems = problemLines(cells);
  return [
    '# Fault matrix',
    '',
    'Written by `npm run test:reliability` (`tests/reliability/src/faultMatrix.test.ts`); do not edit.',
    'Every connector package on the branch × each fault, injected into its simulator for the next',
    "request of one operation, run through a real runtime with the connector's own conformance",
    'samples (virtual clock; the slow column at a 1 s attempt timeout). The expected outcome comes',
    "from the operation's manifest policy alone (`src/faultMatrix/expectedOutcome.ts`); every cell",
    'also checks the retries made, the requests that reached the vendor, the side-effect counter',
    '(no duplicate) and a complete audit trail (one `attempt_failed` per retry, one outcome record,',
    'a chain that verifies).',
    '',
    'Cells: `✓` as expected, `✗` not; the outcome (`ok` or the error code without `DLX_E_`),',
    "`×n` attempts, `fxN` how far the sample's side-effect counter moved. `—`: the fault does not",
    'apply (the protocol cannot express it: SMTP has no status codes, bodies or Retry-After; or the',
    'operation never calls the vendor), as in conformance. `‡`: an idempotent operation retried',
    'after the vendor acted, by a connector that sends the vendor no idempotency key: the vendor saw',
    'the repeat (its counter may move twice); the manifest declares that repeat safe, a reviewer',
    'may disagree (an update that fires vendor-side triggers twice).',
    '',
    '## Summary',
    '',
    summaryTable(connectors, cells),
    '',
    ...connectors.flatMap((c) => [`## ${c.key}`, '', connectorTable(c, cells), '']),
    '## Problems',
    '',
    ...(problems.length === 0 ? ['None.'] : problems.map((p) => `- ${p}`)),
    '',
    ...(absent.length === 0
      ? []
      : [
          '## Not on this branch',
          '',
          `Sandbox connectors without a package here yet: ${absent.join(', ')}.`,
          '',
        ]),
  ].join('\n');
}
