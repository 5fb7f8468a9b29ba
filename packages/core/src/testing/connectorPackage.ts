import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest, type ConnectorManifest } from '../manifest';

/**
 * A connector package's connector.json, validated, with `overrides` laid over its top-level
 * fields (a test that needs a shorter timeout). Throws with every issue when it does not
 * validate.
 */
export function loadConnectorManifest(
  packageDir: string,
  overrides: Readonly<Record<string, unknown>> = {},
): ConnectorManifest {
  const file = join(packageDir, 'connector.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const result = validateManifest({ ...raw, ...overrides }, { file });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.manifest;
}

/** The version in a package's package.json (what the loader reports for a connector). */
export function readPackageVersion(packageDir: string): string {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof pkg.version !== 'string') throw new Error(`${packageDir}/package.json has no version`);
  return pkg.version;
}
