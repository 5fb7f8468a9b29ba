import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderHostApiOpenApiText } from '../api/hostApiOpenApi';
import { renderErrorsReference } from '../errors/errorsReference';
import { renderManifestJsonSchema, renderManifestReference } from '../manifest/manifestArtifacts';
import { renderMetricDictionaryPage } from '../metrics/metricDictionaryPage';
import { renderMetricsReference } from '../metrics/metricsReference';

// Writes every generated artifact of core; tests fail when a committed copy is stale.
// Resolved from this file, so it works from src/bin and from dist/bin alike.
const PACKAGE_ROOT = resolve(__dirname, '..', '..');
const DOCS = resolve(PACKAGE_ROOT, '..', '..', 'docs');
const outputs: Array<[string, string]> = [
  [resolve(PACKAGE_ROOT, 'connector-manifest.schema.json'), renderManifestJsonSchema()],
  [resolve(DOCS, 'manifest-reference.md'), renderManifestReference()],
  [resolve(DOCS, 'errors.md'), renderErrorsReference()],
  [resolve(DOCS, 'metrics.md'), renderMetricsReference()],
  [resolve(DOCS, 'metric-dictionary.md'), renderMetricDictionaryPage()],
  [resolve(DOCS, 'host-api.openapi.json'), renderHostApiOpenApiText()],
];

for (const [file, text] of outputs) {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
