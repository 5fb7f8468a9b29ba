import { CORE_PACKAGE } from '@dealix/connector-core';
import type { ConnectorNames } from '../connectorNames';

export const TESTKIT_PACKAGE = '@dealix/connector-testkit';

/** The semver ranges a new connector states, from the repository's own core and testkit. */
export interface DependencyRanges {
  /** `^<major>.0.0` of the current core: the peer range the loader and the gate read. */
  core: string;
  testkit: string;
}

/**
 * package.json of a new connector, as the stripe package has it: the built entry as `main`,
 * `dealix.connector` naming the manifest, core as peer and dev dependency. npm lays out
 * package.json as JSON.stringify does (Prettier's json-stringify parser agrees).
 */
export function packageJsonTemplate(names: ConnectorNames, ranges: DependencyRanges): string {
  const pkg = {
    name: names.packageName,
    version: '0.1.0',
    description: `${names.displayName} connector for Dealix (TODO: what it does, in one sentence).`,
    license: 'UNLICENSED',
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    files: [
      'dist',
      // The build compiles the tests with the sources (one tsc pass); they are not published.
      '!dist/**/*.test.*',
      '!dist/**/__fixtures__',
      '!dist/**/__contract__',
      'connector.json',
      'schemas',
      'README.md',
      'CHANGELOG.md',
    ],
    dealix: { connector: 'connector.json' },
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json',
      test: 'jest',
      generate: 'tsc -p tsconfig.build.json && node dist/bin/generateSchemas.js',
    },
    peerDependencies: { [CORE_PACKAGE]: ranges.core },
    devDependencies: { [CORE_PACKAGE]: ranges.core, [TESTKIT_PACKAGE]: ranges.testkit },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
