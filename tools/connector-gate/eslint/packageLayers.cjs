// @ts-check
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/**
 * Which of our packages a package's runtime source may import (DESIGN: dependencies point one
 * way). Test files, fixtures and devDependencies are outside the rule.
 */
const LAYER_IMPORTS = {
  core: [],
  connector: ['core'],
  host: ['core', 'testkit'],
  testkit: ['core'],
  gate: ['core'],
  client: ['core'],
};

/** Our packages by name; any other `@dealix/connector-<name>` is a connector. */
const LAYER_PACKAGES = {
  '@dealix/connector-core': 'core',
  '@dealix/connector-host': 'host',
  '@dealix/connector-testkit': 'testkit',
  '@dealix/connector-gate': 'gate',
  '@dealix/connector-client': 'client',
};

/** The layer a package name belongs to, or undefined for a package that is not ours. */
function layerOfName(name) {
  if (typeof name !== 'string') return undefined;
  if (Object.prototype.hasOwnProperty.call(LAYER_PACKAGES, name)) return LAYER_PACKAGES[name];
  return name.startsWith('@dealix/connector-') ? 'connector' : undefined;
}

/** Every package name of a layer, for messages. */
function namesOfLayer(layer) {
  const names = Object.keys(LAYER_PACKAGES).filter((n) => LAYER_PACKAGES[n] === layer);
  return names.length > 0 ? names : ['@dealix/connector-<key>'];
}

const packages = new Map();

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The package a file belongs to (the nearest package.json above it): its folder, name, layer
 * and, for a connector, the libraries its manifest lists in `direct_transports`. Read once per
 * folder and lint run.
 */
function packageOfFile(file) {
  let dir = dirname(file);
  for (;;) {
    if (packages.has(dir)) return packages.get(dir);
    if (existsSync(join(dir, 'package.json'))) break;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  const pkg = readJson(join(dir, 'package.json')) ?? {};
  const manifestName = pkg.dealix && pkg.dealix.connector;
  const isConnector = typeof manifestName === 'string';
  const manifest = isConnector ? readJson(join(dir, manifestName)) : undefined;
  const transports =
    manifest && Array.isArray(manifest.direct_transports) ? manifest.direct_transports : [];
  const found = {
    dir,
    name: typeof pkg.name === 'string' ? pkg.name : undefined,
    layer: isConnector ? 'connector' : layerOfName(pkg.name),
    manifestFile: isConnector ? join(dir, manifestName) : undefined,
    directLibraries: transports
      .map((t) => (t && typeof t.library === 'string' ? t.library : undefined))
      .filter((l) => l !== undefined),
  };
  packages.set(dir, found);
  return found;
}

/** Forgets what was read (tests that rewrite a manifest between runs). */
function forgetPackages() {
  packages.clear();
}

module.exports = {
  LAYER_IMPORTS,
  LAYER_PACKAGES,
  layerOfName,
  namesOfLayer,
  packageOfFile,
  forgetPackages,
};
