import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { hasErrorCode } from '../errors/dlxError';
import { CANONICAL_METRICS, METRIC_DICTIONARY, findDictionaryMetric } from './metricDictionary';
import {
  METRIC_DICTIONARY_PAGE_FIELDS,
  metricDictionaryFieldText,
  renderMetricDictionaryPage,
} from './metricDictionaryPage';
import { STANDARD_METRIC_NAMES, parseMetricDictionary } from './metricDictionarySchema';

const DATA_FILE = join(__dirname, 'metric-dictionary.json');
const PAGE = join(__dirname, '../../../../docs/metric-dictionary.md');
const raw = () => JSON.parse(readFileSync(DATA_FILE, 'utf8')) as { metrics: unknown[] };

/** The standard's table ("Semantic Metrics Layer"): definition and owner, word for word. */
const STANDARD = {
  revenue_actual: ['Sum of closed-won deal values in period', 'Revenue Track'],
  pipeline_value: ['Sum of open deal values', 'Revenue Track'],
  win_rate: ['Won deals / total closed deals', 'Revenue Track'],
  cac: ['Total acquisition cost / new customers in period', 'Revenue Track'],
  consent_coverage: ['Leads with active consent / total leads', 'Compliance Track'],
  approval_sla_compliance: ['Approvals within SLA / total approvals', 'Trust Track'],
  connector_health: ['Connectors with status=ok / total connectors', 'Operations Track'],
} as const;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the metric dictionary', () => {
  it("is the data file, validated: the export equals the file's metrics", () => {
    expect(CANONICAL_METRICS).toEqual(raw().metrics);
    expect(Object.isFrozen(CANONICAL_METRICS[0])).toBe(true);
  });

  it("keeps core 1.0's tuple view, derived from the same file", () => {
    expect(METRIC_DICTIONARY).toEqual(
      raw().metrics.map((m) => {
        const { name, definition, source, owner } = m as Record<string, string>;
        return [name, definition, source, owner];
      }),
    );
  });

  it("defines the standard's seven metrics with the standard's definition and owner", () => {
    expect(CANONICAL_METRICS.map((m) => m.name).sort()).toEqual([...STANDARD_METRIC_NAMES].sort());
    for (const [name, [definition, owner]] of Object.entries(STANDARD)) {
      expect(findDictionaryMetric(name)).toMatchObject({ definition, owner });
    }
  });

  it('names where this project computes a metric, and only the two it owns the data of', () => {
    const computed = CANONICAL_METRICS.filter((m) => m.computed_by !== null).map((m) => m.name);
    expect(computed.sort()).toEqual(['approval_sla_compliance', 'connector_health']);
    expect(findDictionaryMetric('connector_health')?.computed_by).toContain('connectorHealth()');
    expect(findDictionaryMetric('approval_sla_compliance')?.computed_by).toContain(
      'approvalSlaCompliance()',
    );
  });

  it('is documented exactly in docs/metric-dictionary.md (run `npm run generate` after a change)', () => {
    expect(readFileSync(PAGE, 'utf8')).toBe(renderMetricDictionaryPage());
  });

  it('shows every field of every entry on the page, as the export has it', () => {
    const page = readFileSync(PAGE, 'utf8');
    for (const entry of CANONICAL_METRICS) {
      const section = page.split(`## \`${entry.name}\``)[1]?.split('\n## ')[0] ?? '';
      for (const [field, heading] of METRIC_DICTIONARY_PAGE_FIELDS) {
        expect(section).toContain(`- **${heading}:** ${metricDictionaryFieldText(entry, field)}\n`);
      }
    }
  });

  it('refuses a file with a missing standard metric, a repeated name or an unknown field', () => {
    const missing = raw();
    missing.metrics = missing.metrics.slice(1);
    const repeated = raw();
    repeated.metrics.push({ ...(repeated.metrics[0] as object) });
    const unknown = raw();
    (unknown.metrics[0] as Record<string, unknown>).aliases = ['revenue'];
    const cases: Array<[unknown, string]> = [
      [missing, `metrics: the standard's metric "revenue_actual" is missing`],
      [repeated, 'metrics.7.name: "revenue_actual" is already the name of metrics[0]'],
      [unknown, 'metrics.0'],
    ];
    for (const [data, named] of cases) {
      const error = thrown(() => parseMetricDictionary(data, 'candidate.json'));
      expect(hasErrorCode(error, 'DLX_E_METRICS_DICTIONARY_INVALID')).toBe(true);
      expect((error as Error).message).toContain('candidate.json is not a valid metric dictionary');
      expect((error as Error).message).toContain(named);
    }
  });

  it('refuses any entry with one field broken, naming that field (property)', () => {
    const broken = fc.oneof(
      fc.constant<[string, unknown]>(['type', 'summary']),
      fc.constant<[string, unknown]>(['unit', 'Per Cent']),
      fc.constant<[string, unknown]>(['labels', ['tenant', 'tenant']]),
      fc.constant<[string, unknown]>(['prometheus_name', '9lives']),
      fc.constant<[string, unknown]>(['definition', '   ']),
      fc.constant<[string, unknown]>(['computed_by', 7]),
      fc.constant<[string, unknown]>(['name', 'Revenue-Actual']),
    );
    fc.assert(
      fc.property(fc.nat({ max: 6 }), broken, (index, [field, value]) => {
        const data = raw();
        (data.metrics[index] as Record<string, unknown>)[field] = value;
        const error = thrown(() => parseMetricDictionary(data));
        expect(hasErrorCode(error, 'DLX_E_METRICS_DICTIONARY_INVALID')).toBe(true);
        expect((error as Error).message).toContain(`metrics.${index}.${field}`);
      }),
    );
  });
});
