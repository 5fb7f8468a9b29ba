import { join } from 'node:path';
import {
  CORE_PACKAGE,
  renderErrorsReference,
  renderHostApiOpenApiText,
  renderManifestJsonSchema,
  renderManifestReference,
  renderMetricDictionaryPage,
  renderMetricsReference,
} from '@dealix/connector-core';
import type { Finding } from '../findings/finding';
import { readTextOrUndefined } from '../repo/headSide';
import { checkFinding } from './checkFinding';

/**
 * Core's committed JSON Schema and generated docs must equal what core renders, byte for byte
 * (core generates them in Prettier's layout). Runs only where the repository holds core (a
 * workspace package named @dealix/connector-core), since only there are they committed.
 */
export function coreArtifactFindings(rootDir: string, coreDir: string): Finding[] {
  const artifacts: Array<[file: string, render: () => string, renderer: string]> = [
    [
      `${coreDir}/connector-manifest.schema.json`,
      renderManifestJsonSchema,
      'renderManifestJsonSchema',
    ],
    ['docs/manifest-reference.md', renderManifestReference, 'renderManifestReference'],
    ['docs/errors.md', renderErrorsReference, 'renderErrorsReference'],
    ['docs/metrics.md', renderMetricsReference, 'renderMetricsReference'],
    ['docs/metric-dictionary.md', renderMetricDictionaryPage, 'renderMetricDictionaryPage'],
    ['docs/host-api.openapi.json', renderHostApiOpenApiText, 'renderHostApiOpenApiText'],
  ];
  const findings: Finding[] = [];
  for (const [file, render, renderer] of artifacts) {
    const committed = readTextOrUndefined(join(rootDir, file));
    if (committed === render()) continue;
    const subject = { connector: '(core)', package: CORE_PACKAGE, manifestFile: file };
    const problem =
      committed === undefined ? 'is missing' : `differs from what core's ${renderer}() renders`;
    findings.push(
      checkFinding(subject, 'generated_file_stale', `${file} ${problem}: run \`npm run generate\``),
    );
  }
  return findings;
}
