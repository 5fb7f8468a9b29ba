import {
  CORE_VERSION,
  checkPluginAgainstManifest,
  isDlxError,
  readConnectorPackage,
  type StageError,
} from '@dealix/connector-core';
import type { ConformanceSession } from '../conformanceSession';

// Recognised by its shape, not instanceof: a connector may resolve its own copy of core.
function isStageError(error: unknown): error is StageError {
  return (
    error instanceof Error &&
    typeof (error as Partial<StageError>).stage === 'string' &&
    isDlxError((error as Partial<StageError>).error)
  );
}

/** The package name a connector key requires: `@dealix/connector-<key with _ as ->`. */
export function packageNameForKey(key: string): string {
  return `@dealix/connector-${key.replace(/_/g, '-')}`;
}

/**
 * The loader's stages 1-3 (package.json, manifest schema, core range against CORE_VERSION),
 * then what the loader does not ask for: a "$schema" for editors, the package name that
 * follows from the key, and code that agrees with the manifest.
 */
export async function checkPackageAndManifest<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const pkg = session.packageJson();
  if (typeof pkg === 'string') return [pkg];
  const problems: string[] = [];
  const { packageDir, plugin } = session.options;
  let failedStage: string | undefined;
  try {
    readConnectorPackage(packageDir, packageDir, { coreVersion: CORE_VERSION });
  } catch (error) {
    if (!isStageError(error)) throw error;
    failedStage = error.stage;
    problems.push(`${error.error.code} (loader stage ${error.stage}): ${error.error.message}`);
  }
  const load = session.manifest();
  if (!load.ok) {
    if (failedStage !== 'validate_manifest' && failedStage !== 'read_package') {
      problems.push(...load.problems);
    }
    return problems;
  }
  const { manifest, raw, file } = load;
  if (typeof raw.$schema !== 'string' || raw.$schema === '') {
    problems.push(
      `${file} has no "$schema": point it at packages/core/connector-manifest.schema.json so editors check it`,
    );
  }
  const expected = packageNameForKey(manifest.connector_key);
  if (pkg.name !== expected) {
    problems.push(
      `package.json names the package ${JSON.stringify(pkg.name)}; connector key "${manifest.connector_key}" requires "${expected}"`,
    );
  }
  for (const problem of checkPluginAgainstManifest(plugin, manifest)) {
    problems.push(`code and manifest disagree: ${problem}`);
  }
  return problems;
}
