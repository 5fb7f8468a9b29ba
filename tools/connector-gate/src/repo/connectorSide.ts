import { posix } from 'node:path';
import { CORE_PACKAGE, type ManifestValidationResult } from '@dealix/connector-core';

/** One connector package as one side (base or head) of the repository has it. */
export interface ConnectorSide {
  /** Repository-relative directory of the package, `/`-separated. */
  dir: string;
  /** The package name, when package.json states one. */
  name: string | undefined;
  version: string | undefined;
  main: string | undefined;
  /** peerDependencies["@dealix/connector-core"] as written (may be missing or not a string). */
  coreRange: unknown;
  /** Repository-relative manifest path named by "dealix.connector". */
  manifestFile: string;
  /** Why package.json is unusable, when it is. */
  packageProblem: string | undefined;
  /** package.json as read on this side (`undefined` when missing), for rules that read it. */
  packageText: string | undefined;
  /** `undefined` when the manifest file does not exist on this side, or is not read. */
  manifestText: string | undefined;
  /**
   * Why the manifest was not read: "dealix.connector" leads outside the package folder (core's
   * manifestOutsidePackage), so nothing of that file reaches a report.
   */
  manifestOutside?: string;
  /** Filled for every head manifest; for a base manifest only when its text differs. */
  validation: ManifestValidationResult | undefined;
  /** The connector_key: validated, else read from the raw JSON when it is there. */
  key: string | undefined;
}

/** The package.json facts of a connector package, or why they cannot be read. */
export interface PackageFacts {
  name: string | undefined;
  version: string | undefined;
  main: string | undefined;
  coreRange: unknown;
  /** The manifest file name from "dealix.connector" when it is a string. */
  connectorFile: string | undefined;
  /** Whether package.json has "dealix.connector" at all (core's discovery test). */
  declaresConnector: boolean;
  problem: string | undefined;
}

export function readPackageFacts(text: string | undefined): PackageFacts {
  const none: PackageFacts = {
    name: undefined,
    version: undefined,
    main: undefined,
    coreRange: undefined,
    connectorFile: undefined,
    declaresConnector: false,
    problem: undefined,
  };
  if (text === undefined) return { ...none, problem: 'package.json is missing' };
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { ...none, problem: `package.json is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof pkg !== 'object' || pkg === null) {
    return { ...none, problem: 'package.json is not an object' };
  }
  const text_ = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const dealix = pkg.dealix as { connector?: unknown } | undefined;
  const peers = pkg.peerDependencies as Record<string, unknown> | undefined;
  const facts: PackageFacts = {
    name: text_(pkg.name),
    version: text_(pkg.version),
    main: text_(pkg.main),
    coreRange: typeof peers === 'object' && peers !== null ? peers[CORE_PACKAGE] : undefined,
    connectorFile: text_(dealix?.connector),
    declaresConnector: dealix?.connector !== undefined,
    problem: undefined,
  };
  const missing = [
    !facts.name && 'name',
    !facts.version && 'version',
    !facts.main && 'main',
    !facts.connectorFile && 'dealix.connector',
  ].filter(Boolean);
  if (missing.length > 0) facts.problem = `package.json lacks or misstates ${missing.join(', ')}`;
  return facts;
}

/** A side whose package.json was read; its manifest and validation are left to the caller. */
export function connectorSide(
  dir: string,
  facts: PackageFacts,
  packageText: string | undefined,
): Omit<ConnectorSide, 'manifestText' | 'validation' | 'key'> {
  return {
    dir,
    name: facts.name,
    version: facts.version,
    main: facts.main,
    coreRange: facts.coreRange,
    manifestFile: posix.normalize(posix.join(dir, facts.connectorFile ?? 'connector.json')),
    packageProblem: facts.problem,
    packageText,
  };
}

/** connector_key from manifest text that may not validate; `undefined` when absent. */
export function rawConnectorKey(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value = (JSON.parse(text) as { connector_key?: unknown } | null)?.connector_key;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

// Inside a JSON string a quote is escaped, so an unescaped `"connector_key":` is a key.
const KEY_MEMBER = /"connector_key"\s*:\s*("(?:[^"\\]|\\.)*")/;

/**
 * connector_key as written, without parsing the whole manifest: for manifests the diff does
 * not validate (unchanged since the base), where the key only names the connector in reports.
 */
export function writtenConnectorKey(text: string | undefined): string | undefined {
  const literal = text === undefined ? undefined : KEY_MEMBER.exec(text)?.[1];
  if (literal === undefined) return undefined;
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** The package name a connector_key implies: `@dealix/connector-<key with _ as ->`. */
export function packageNameForKey(key: string): string {
  return `@dealix/connector-${key.replace(/_/g, '-')}`;
}
