import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import semver from 'semver';
import { DlxError } from '../errors/dlxError';
import { parseManifestText, type ConnectorManifest } from '../manifest';
import { manifestOutsidePackage } from './manifestLocation';

export const CORE_PACKAGE = '@dealix/connector-core';

/** What stages 1-3 learn about a package, before any of its code runs. */
export interface ConnectorPackage {
  dir: string;
  name: string;
  version: string;
  main: string;
  manifestFile: string;
  manifest: ConnectorManifest;
  coreRange: string;
}

export interface BlockRule {
  /** A connector key or a package name. */
  name: string;
  /** Only versions in this semver range are blocked; all versions when absent. */
  range?: string;
  reason?: string;
}

export interface PackagePolicy {
  coreVersion: string;
  allow?: readonly string[];
  block?: readonly BlockRule[];
}

export class StageError extends Error {
  constructor(
    readonly stage: 'read_package' | 'validate_manifest' | 'check_core_compatibility',
    readonly error: DlxError,
    readonly partial: { name?: string; version?: string; key?: string },
  ) {
    super(error.message);
  }
}

/**
 * Stage 1: package.json (unless discovery already parsed it: `packageJson`) and the manifest
 * file, read and parsed as text only.
 */
export function readConnectorPackage(
  dir: string,
  rootDir: string,
  policy: PackagePolicy,
  packageJson?: Record<string, unknown>,
): ConnectorPackage {
  const pkgFile = join(dir, 'package.json');
  const shown = relative(rootDir, pkgFile) || pkgFile;
  const fail = (stage: StageError['stage'], error: DlxError, partial: StageError['partial'] = {}) =>
    new StageError(stage, error, partial);
  const pkg = packageJson ?? readPackageJson(pkgFile, shown, dir);
  const name = typeof pkg.name === 'string' ? pkg.name : undefined;
  const version = typeof pkg.version === 'string' ? pkg.version : undefined;
  const partial: StageError['partial'] = { ...(name && { name }), ...(version && { version }) };
  const dealix = pkg.dealix as { connector?: unknown } | undefined;
  if (!name || !version || typeof pkg.main !== 'string' || typeof dealix?.connector !== 'string') {
    const missing = [
      !name && 'name',
      !version && 'version',
      typeof pkg.main !== 'string' && 'main',
      typeof dealix?.connector !== 'string' && 'dealix.connector',
    ]
      .filter(Boolean)
      .join(', ');
    throw fail(
      'read_package',
      new DlxError('DLX_E_LOADER_PACKAGE_INVALID', `${shown}: missing or invalid ${missing}`),
      partial,
    );
  }
  const outside = manifestOutsidePackage(dir, dealix.connector);
  if (outside !== undefined) {
    throw fail(
      'read_package',
      new DlxError('DLX_E_LOADER_PACKAGE_INVALID', `${shown}: ${outside}`),
      partial,
    );
  }
  const manifestFile = join(dir, dealix.connector);
  const manifestShown = relative(rootDir, manifestFile) || manifestFile;
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestFile, 'utf8');
  } catch {
    throw fail(
      'read_package',
      new DlxError(
        'DLX_E_MANIFEST_NOT_FOUND',
        `${shown}: "dealix.connector" names ${manifestShown}, which does not exist`,
      ),
      partial,
    );
  }

  // Stage 2
  const parsed = parseManifestText(manifestText, manifestShown);
  if (!parsed.ok) {
    const key = keyOfInvalidManifest(manifestText);
    if (key) Object.assign(partial, { key });
    const code = parsed.issues.some((i) => i.code === 'invalid_json')
      ? 'DLX_E_MANIFEST_UNPARSEABLE'
      : 'DLX_E_MANIFEST_INVALID';
    throw fail(
      'validate_manifest',
      new DlxError(code, parsed.issues.map((i) => i.message).join('\n'), {
        details: { issues: parsed.issues },
      }),
      partial,
    );
  }
  const manifest = parsed.manifest;
  const key = manifest.connector_key;

  // Stage 3: compatibility with the running core, and the host's allow / block lists.
  const peers = pkg.peerDependencies as Record<string, unknown> | undefined;
  const range = peers?.[CORE_PACKAGE];
  const fit = typeof range === 'string' ? coreFit(policy.coreVersion, range) : 'invalid';
  if (typeof range !== 'string' || fit === 'invalid') {
    throw fail(
      'check_core_compatibility',
      new DlxError(
        'DLX_E_LOADER_MISSING_CORE_RANGE',
        `connector "${key}" (${name}@${version}) ${range === undefined ? 'does not state' : `states an unparseable range ${JSON.stringify(range)} for`} the core it supports; add peerDependencies["${CORE_PACKAGE}"], e.g. "^${semver.major(policy.coreVersion)}.0.0"`,
      ),
      { ...partial, key },
    );
  }
  if (fit === 'outside') {
    throw fail(
      'check_core_compatibility',
      new DlxError(
        'DLX_E_LOADER_INCOMPATIBLE_CORE',
        `connector "${key}" (${name}@${version}) supports core ${range}, this host runs ${policy.coreVersion}`,
        { details: { range, core_version: policy.coreVersion } },
      ),
      { ...partial, key },
    );
  }
  if (policy.allow && !policy.allow.includes(key) && !policy.allow.includes(name)) {
    throw fail(
      'check_core_compatibility',
      new DlxError(
        'DLX_E_LOADER_BLOCKED',
        `connector "${key}" (${name}) is not on the host's allowlist`,
      ),
      { ...partial, key },
    );
  }
  const rule = policy.block?.find(
    (b) => (b.name === key || b.name === name) && (!b.range || semver.satisfies(version, b.range)),
  );
  if (rule) {
    throw fail(
      'check_core_compatibility',
      new DlxError(
        'DLX_E_LOADER_BLOCKED',
        `connector "${key}" ${name}@${version} is blocked by the host configuration${rule.range ? ` (versions ${rule.range})` : ''}${rule.reason ? `: ${rule.reason}` : ''}`,
      ),
      { ...partial, key },
    );
  }
  return { dir, name, version, main: pkg.main, manifestFile, manifest, coreRange: range };
}

function readPackageJson(pkgFile: string, shown: string, dir: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(pkgFile, 'utf8');
  } catch {
    throw new StageError(
      'read_package',
      new DlxError('DLX_E_LOADER_PACKAGE_INVALID', `${shown}: no package.json in ${dir}`),
      {},
    );
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new StageError(
      'read_package',
      new DlxError(
        'DLX_E_LOADER_PACKAGE_INVALID',
        `${shown}: not valid JSON: ${(error as Error).message}`,
      ),
      {},
    );
  }
}

/** Per core version and range: whether the range parses and admits that core. */
const coreFits = new Map<string, 'invalid' | 'inside' | 'outside'>();

/**
 * Whether `range` is a valid semver range that `coreVersion` satisfies. Remembered per pair:
 * a thousand connectors state a handful of ranges, so each is parsed once.
 */
function coreFit(coreVersion: string, range: string): 'invalid' | 'inside' | 'outside' {
  const pair = `${coreVersion} ${range}`;
  let fit = coreFits.get(pair);
  if (fit === undefined) {
    fit =
      semver.validRange(range) === null
        ? 'invalid'
        : semver.satisfies(coreVersion, range)
          ? 'inside'
          : 'outside';
    coreFits.set(pair, fit);
  }
  return fit;
}

/** The connector key of a manifest that failed validation, when it has a usable one (report only). */
function keyOfInvalidManifest(text: string): string | undefined {
  try {
    const key = (JSON.parse(text) as { connector_key?: unknown }).connector_key;
    return typeof key === 'string' && /^[a-z][a-z0-9_]*$/.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}
