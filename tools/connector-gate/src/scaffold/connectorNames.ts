import { packageNameForKey } from '../repo/connectorSide';

/** The manifest's own rule for connector keys (core's schema also caps them at 64). */
export const CONNECTOR_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
export const MAX_CONNECTOR_KEY_LENGTH = 64;

/** Where connector packages live, relative to the repository root (architecture: Layout). */
export const CONNECTORS_DIR = 'packages/connectors';

/** Every name the templates print, derived once from the key and the author's options. */
export interface ConnectorNames {
  key: string;
  /** `@dealix/connector-<key with _ as ->`. */
  packageName: string;
  /** `packages/connectors/<key with _ as ->`, `/`-separated. */
  packageDir: string;
  /** `.changeset/<key with _ as ->-connector.md`. */
  changesetFile: string;
  displayName: string;
  displayNameAr: string;
  owner: string;
}

export interface NameOptions {
  displayName?: string | undefined;
  displayNameAr?: string | undefined;
  owner?: string | undefined;
}

/** Why `key` cannot be a connector key, or undefined when it can. */
export function connectorKeyProblem(key: string): string | undefined {
  if (!CONNECTOR_KEY_PATTERN.test(key)) {
    return `connector key ${JSON.stringify(key)} must match ${CONNECTOR_KEY_PATTERN.source} (lower-case letters, digits and _, starting with a letter)`;
  }
  if (key.length > MAX_CONNECTOR_KEY_LENGTH) {
    return `connector key ${JSON.stringify(key)} is ${key.length} characters long; the manifest allows ${MAX_CONNECTOR_KEY_LENGTH}`;
  }
  return undefined;
}

/**
 * Why a display name or owner cannot be printed into the generated files, or undefined. They
 * land in code comments and Markdown as well as in JSON: one line, no backtick, no comment end.
 */
export function nameOptionProblem(option: string, value: string): string | undefined {
  if (value.trim() === '') return `${option} must not be empty`;
  const controlCharacter = [...value].some((ch) => ch.charCodeAt(0) < 0x20);
  if (controlCharacter || value.includes('`') || value.includes('*/')) {
    return `${option} ${JSON.stringify(value)} must be one line without backticks or "*/"`;
  }
  return undefined;
}

/** `contract_intel` → `Contract Intel`. */
export function titleCaseOfKey(key: string): string {
  return key
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * The names of a new connector. The Arabic default is a placeholder ("<key> connector") that
 * satisfies the manifest's Arabic-script rule; the README's TODO list asks for the real name.
 */
export function connectorNames(key: string, options: NameOptions = {}): ConnectorNames {
  const dirName = key.replace(/_/g, '-');
  return {
    key,
    packageName: packageNameForKey(key),
    packageDir: `${CONNECTORS_DIR}/${dirName}`,
    changesetFile: `.changeset/${dirName}-connector.md`,
    displayName: options.displayName ?? titleCaseOfKey(key),
    displayNameAr: options.displayNameAr ?? `موصل ${key}`,
    owner: options.owner ?? `${dirName}-team`,
  };
}
