import { z } from 'zod';
import { DlxError } from '../errors/dlxError';
import { zodIssueText } from '../kit/zodIssueText';
import {
  MANIFEST_METRIC_TYPES,
  PROMETHEUS_LABEL_NAME,
  PROMETHEUS_METRIC_NAME,
  SNAKE_NAME,
} from '../manifest/manifestVocabulary';

/** The standard's mandatory metrics ("Semantic Metrics Layer"): the dictionary defines each. */
export const STANDARD_METRIC_NAMES = [
  'revenue_actual',
  'pipeline_value',
  'win_rate',
  'cac',
  'consent_coverage',
  'approval_sla_compliance',
  'connector_health',
] as const;

const prose = z.string().trim().min(1).max(2000);

/** One canonical metric: what it means, how it is computed, and how it is exported. */
export const metricDefinitionSchema = z.strictObject({
  name: z.string().max(100).regex(SNAKE_NAME),
  /** The standard's one-line definition. */
  definition: prose,
  /** The computation, exact enough that two services computing it agree. */
  formula: prose,
  source: prose,
  /** The track that owns the definition. */
  owner: prose,
  /** e.g. `ratio`, `currency`; compared exactly when a connector declares the same name. */
  unit: z.string().max(64).regex(SNAKE_NAME),
  type: z.enum(MANIFEST_METRIC_TYPES),
  labels: z
    .array(z.string().max(64).regex(PROMETHEUS_LABEL_NAME))
    .refine((labels) => new Set(labels).size === labels.length, 'each label once'),
  prometheus_name: z.string().max(100).regex(PROMETHEUS_METRIC_NAME),
  /** Where this project computes it, or null where it owns none of the source data. */
  computed_by: prose.nullable(),
});

export type MetricDictionaryEntry = z.infer<typeof metricDefinitionSchema>;

/** The dictionary file: every standard metric once, names and exported names unique. */
export const metricDictionarySchema = z
  .strictObject({
    dictionary_version: z.literal(1),
    metrics: z.array(metricDefinitionSchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.metrics.forEach((metric, index) => {
      for (const [field, value] of [
        ['name', metric.name],
        ['prometheus_name', metric.prometheus_name],
      ] as const) {
        const first = seen.get(`${field}:${value}`);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['metrics', index, field],
            message: `"${value}" is already the ${field} of metrics[${first}]`,
          });
        }
        seen.set(`${field}:${value}`, index);
      }
    });
    for (const name of STANDARD_METRIC_NAMES) {
      if (!file.metrics.some((m) => m.name === name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics'],
          message: `the standard's metric "${name}" is missing`,
        });
      }
    }
  });

export type MetricDictionary = z.infer<typeof metricDictionarySchema>;

/**
 * Validates dictionary data (the committed file, or a candidate in a test); a problem is
 * DLX_E_METRICS_DICTIONARY_INVALID naming each field and what is allowed.
 */
export function parseMetricDictionary(
  data: unknown,
  file = 'metric-dictionary.json',
): MetricDictionary {
  const parsed = metricDictionarySchema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new DlxError(
    'DLX_E_METRICS_DICTIONARY_INVALID',
    `${file} is not a valid metric dictionary: ${zodIssueText(parsed.error.issues)}`,
    {
      details: {
        file,
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    },
  );
}
