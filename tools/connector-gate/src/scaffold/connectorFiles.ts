import type { ConnectorNames } from './connectorNames';
import { printJsonLikePrettier } from '@dealix/connector-core';
import { sampleOperationSchemaFiles } from './sampleOperationSchemas';
import { changelogTemplate } from './templates/changelogTemplate';
import { changesetTemplate } from './templates/changesetTemplate';
import { conformanceTestTemplate } from './templates/conformanceTestTemplate';
import { connectorConfigTemplate } from './templates/connectorConfigTemplate';
import { createItemTemplate } from './templates/createItemTemplate';
import { deleteItemTemplate } from './templates/deleteItemTemplate';
import { errorsTemplate } from './templates/errorsTemplate';
import { errorsTestTemplate } from './templates/errorsTestTemplate';
import { generateSchemasTemplate } from './templates/generateSchemasTemplate';
import { getItemTemplate } from './templates/getItemTemplate';
import { healthCheckTemplate } from './templates/healthCheckTemplate';
import { indexTemplate } from './templates/indexTemplate';
import { itemSchemasTemplate } from './templates/itemSchemasTemplate';
import { jestConfigTemplate } from './templates/jestConfigTemplate';
import { packageJsonTemplate, type DependencyRanges } from './templates/packageJsonTemplate';
import { readmeTemplate } from './templates/readmeTemplate';
import { tsconfigBuildJsonTemplate } from './templates/tsconfigBuildJsonTemplate';
import { tsconfigJsonTemplate } from './templates/tsconfigJsonTemplate';
import { operationsTestTemplate } from './templates/operationsTestTemplate';
import { vendorApiTemplate } from './templates/vendorApiTemplate';
import { vendorSimulatorTemplate } from './templates/vendorSimulatorTemplate';

/**
 * Every file of a new connector, keyed by repository-relative path: the package (as
 * CONNECTOR-CHECKLIST.md lists it) and its changeset. `manifest` is the validated connector.json.
 */
export function connectorFiles(
  names: ConnectorNames,
  manifest: Record<string, unknown>,
  ranges: DependencyRanges,
): Map<string, string> {
  const inPackage: Array<[string, string]> = [
    ['package.json', packageJsonTemplate(names, ranges)],
    ['tsconfig.json', tsconfigJsonTemplate()],
    ['tsconfig.build.json', tsconfigBuildJsonTemplate()],
    ['jest.config.js', jestConfigTemplate()],
    ['connector.json', printJsonLikePrettier(manifest)],
    ['README.md', readmeTemplate(names)],
    ['CHANGELOG.md', changelogTemplate(names)],
    ['src/index.ts', indexTemplate(names)],
    ['src/connectorConfig.ts', connectorConfigTemplate()],
    ['src/vendorApi.ts', vendorApiTemplate()],
    ['src/errors.ts', errorsTemplate()],
    ['src/errors.test.ts', errorsTestTemplate()],
    ['src/healthCheck.ts', healthCheckTemplate()],
    ['src/itemSchemas.ts', itemSchemasTemplate()],
    ['src/operations/getItem.ts', getItemTemplate()],
    ['src/operations/createItem.ts', createItemTemplate()],
    ['src/operations/deleteItem.ts', deleteItemTemplate()],
    ['src/__fixtures__/vendorSimulator.ts', vendorSimulatorTemplate(names)],
    ['src/conformance.test.ts', conformanceTestTemplate()],
    ['src/operations.test.ts', operationsTestTemplate()],
    ['src/bin/generateSchemas.ts', generateSchemasTemplate()],
    ...Object.entries(sampleOperationSchemaFiles(names.key)).map(
      ([file, text]): [string, string] => [`schemas/${file}`, text],
    ),
  ];
  const files = new Map(inPackage.map(([path, text]) => [`${names.packageDir}/${path}`, text]));
  files.set(names.changesetFile, changesetTemplate(names));
  return files;
}
